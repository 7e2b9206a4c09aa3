//! Rust std smoke test for the Linux personality: args, env, collections,
//! filesystem, monotonic time, stderr and a non-zero exit status (3).
//! Single-threaded on purpose.

use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};

const TEXT: &str = "the quick brown fox jumps over the lazy dog the dog barks \
                    and the fox runs away quick quick the end";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    println!("args: {}", args.len());
    for (i, a) in args.iter().enumerate() {
        println!("arg[{}]={}", i + 1, a);
    }

    match std::env::var("HOME") {
        Ok(h) => println!("HOME={h}"),
        Err(e) => println!("HOME error: {e}"),
    }

    // Collections workload with a deterministic result.
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in TEXT.split_whitespace() {
        *counts.entry(w).or_insert(0) += 1;
    }
    let mut sorted: Vec<(&str, usize)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut line = String::new();
    for (w, c) in &sorted {
        line.push_str(&format!("{w}:{c} "));
    }
    println!("word counts: {}", line.trim_end());
    let squares: Vec<u64> = (1..=1000u64).map(|x| x * x).collect();
    println!("sum of squares 1..=1000: {}", squares.iter().sum::<u64>());
    let mut big = String::with_capacity(1);
    for i in 0..10_000 {
        big.push_str(&i.to_string());
    }
    println!("concatenated length: {}", big.len());

    // Filesystem.
    let path = "/bin/busybox";
    match (std::fs::metadata(path), std::fs::read(path)) {
        (Ok(m), Ok(data)) => {
            println!("busybox metadata size: {}", m.len());
            println!("busybox read size: {}", data.len());
            println!("sizes match: {}", m.len() == data.len() as u64);
            let mut h: u64 = 0xcbf29ce484222325;
            for b in &data {
                h ^= u64::from(*b);
                h = h.wrapping_mul(0x100000001b3);
            }
            println!("fnv1a64: {h:016x}");
        }
        (m, d) => println!("busybox error: {:?} {:?}", m.err(), d.err().map(|e| e.kind())),
    }
    match std::fs::metadata("/definitely/not/here") {
        Ok(_) => println!("missing path exists?!"),
        Err(e) => println!("missing path: {:?}", e.kind()),
    }

    // Monotonic time.
    let start = Instant::now();
    let mut prev = start;
    let mut mono_ok = true;
    for _ in 0..1000 {
        let now = Instant::now();
        if now < prev {
            mono_ok = false;
        }
        prev = now;
    }
    std::thread::sleep(Duration::from_millis(5));
    let slept_ok = start.elapsed() >= Duration::from_millis(5);
    println!("instant monotonic: {mono_ok}");
    println!("sleep elapsed ok: {slept_ok}");

    let mut err = std::io::stderr();
    writeln!(err, "message on stderr").expect("stderr write");

    std::io::stdout().flush().expect("stdout flush");
    std::process::exit(3);
}
