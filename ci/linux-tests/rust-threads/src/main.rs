//! Rust std with threads, for the Linux personality: spawn and join, mpsc
//! channels, Mutex and Condvar, thread::scope, a small work-stealing pool,
//! std::process::Command, and (argument "sockets") std::os::unix::net.
//! Output is deterministic; compared with Linux.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

fn spawn_join() {
    let handles: Vec<_> = (0..16u64).map(|i| thread::spawn(move || i * i)).collect();
    let sum: u64 = handles.into_iter().map(|h| h.join().unwrap()).sum();
    println!("spawn/join: sum of squares 0..16 = {sum}");
    let named = thread::Builder::new()
        .name("worker-7".into())
        .spawn(|| thread::current().name().map(str::to_string))
        .unwrap();
    println!("named thread: {:?}", named.join().unwrap());
    // Quietly: the default hook prints the thread id, which differs per run.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let panicked = thread::spawn(|| panic!("on purpose")).join();
    std::panic::set_hook(hook);
    println!("a panicking thread is reported: {}", panicked.is_err());
}

fn channels() {
    let (tx, rx) = mpsc::channel();
    for producer in 0..4u64 {
        let tx = tx.clone();
        thread::spawn(move || {
            for i in 0..250u64 {
                tx.send(producer * 1000 + i).unwrap();
            }
        });
    }
    drop(tx);
    let (mut count, mut sum) = (0, 0u64);
    for v in rx {
        count += 1;
        sum += v;
    }
    println!("mpsc: {count} messages, sum {sum}");

    let (tx, rx) = mpsc::sync_channel::<u32>(2);
    let consumer = thread::spawn(move || rx.iter().take(100).map(u64::from).sum::<u64>());
    for i in 0..100 {
        tx.send(i).unwrap();
    }
    println!("sync_channel(2): sum {}", consumer.join().unwrap());
    let (_tx, rx) = mpsc::channel::<u8>();
    println!("recv_timeout: {:?}", rx.recv_timeout(Duration::from_millis(20)));
}

fn mutex_condvar() {
    let counter = Arc::new(Mutex::new(0u64));
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let c = Arc::clone(&counter);
            thread::spawn(move || {
                for _ in 0..1000 {
                    *c.lock().unwrap() += 1;
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
    println!("mutex: counter {}", *counter.lock().unwrap());

    let pair = Arc::new((Mutex::new(0u32), Condvar::new()));
    let waiters: Vec<_> = (0..4)
        .map(|i| {
            let pair = Arc::clone(&pair);
            thread::spawn(move || {
                let (lock, cv) = &*pair;
                let mut turn = lock.lock().unwrap();
                while *turn != i {
                    turn = cv.wait(turn).unwrap();
                }
                *turn += 1;
                cv.notify_all();
                i
            })
        })
        .collect();
    let order: Vec<u32> = waiters.into_iter().map(|h| h.join().unwrap()).collect();
    println!("condvar: turns taken in order {order:?}, final {}", *pair.0.lock().unwrap());
    let (lock, cv) = &*pair;
    let guard = lock.lock().unwrap();
    let (_guard, timeout) = cv.wait_timeout(guard, Duration::from_millis(20)).unwrap();
    println!("condvar wait_timeout timed out: {}", timeout.timed_out());
}

fn scoped() {
    let mut data: Vec<u64> = (1..=1000).collect();
    let chunks = 8;
    let len = data.len() / chunks;
    let total = AtomicUsize::new(0);
    thread::scope(|s| {
        for part in data.chunks_mut(len) {
            let total = &total;
            s.spawn(move || {
                for x in part.iter_mut() {
                    *x *= 2;
                }
                total.fetch_add(part.iter().sum::<u64>() as usize, Ordering::Relaxed);
            });
        }
    });
    println!("scope: doubled sum {} = {}", total.load(Ordering::Relaxed), data.iter().sum::<u64>());
}

/// A pool of workers, each with its own deque; an idle worker steals from
/// the back of the others'.
fn work_stealing() {
    const WORKERS: usize = 4;
    let queues: Arc<Vec<Mutex<VecDeque<u64>>>> =
        Arc::new((0..WORKERS).map(|_| Mutex::new(VecDeque::new())).collect());
    // All the work starts on worker 0: the others must steal it.
    queues[0].lock().unwrap().extend(1..=2000u64);
    let done = Arc::new(AtomicUsize::new(0));
    let handles: Vec<_> = (0..WORKERS)
        .map(|me| {
            let queues = Arc::clone(&queues);
            let done = Arc::clone(&done);
            thread::spawn(move || {
                let (mut sum, mut stolen) = (0u64, 0u64);
                loop {
                    // Its own lock is released before another is taken (a
                    // guard held through `or_else` would make a lock-order
                    // deadlock: each worker holding its own, wanting the next).
                    let own = queues[me].lock().unwrap().pop_front();
                    let job = own.or_else(|| {
                        (1..WORKERS).find_map(|k| {
                            let v = queues[(me + k) % WORKERS].lock().unwrap().pop_back();
                            stolen += v.is_some() as u64;
                            v
                        })
                    });
                    match job {
                        Some(n) => {
                            // A little work per job, so that stealing happens.
                            sum += (0..n % 50).fold(n, |a, b| a ^ b) & 0 | n;
                            done.fetch_add(1, Ordering::Relaxed);
                            if n % 64 == 0 {
                                thread::yield_now();
                            }
                        }
                        None => break,
                    }
                }
                (sum, stolen)
            })
        })
        .collect();
    let results: Vec<(u64, u64)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let sum: u64 = results.iter().map(|r| r.0).sum();
    println!("work stealing: {} jobs, sum {sum}", done.load(Ordering::Relaxed));
}

fn command() {
    let me = std::env::current_exe().expect("current_exe");
    let out = std::process::Command::new(&me).arg("child").arg("x y").output().expect("spawn");
    println!(
        "command: status {:?}, stdout {:?}, stderr {:?}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = std::process::Command::new(&me)
        .arg("cat")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn cat");
    child.stdin.take().unwrap().write_all(b"through a pipe\n").unwrap();
    let mut text = String::new();
    child.stdout.take().unwrap().read_to_string(&mut text).unwrap();
    println!("command piped: {:?}, {:?}", text, child.wait().unwrap().code());
    let missing = std::process::Command::new("/no/such/program").status();
    println!("command missing: {:?}", missing.map_err(|e| e.kind()));
}

fn sockets() {
    use std::os::unix::net::{UnixDatagram, UnixListener, UnixStream};
    let (mut a, mut b) = UnixStream::pair().unwrap();
    let echo = thread::spawn(move || {
        let mut buf = [0u8; 64];
        let n = b.read(&mut buf).unwrap();
        b.write_all(&buf[..n].to_ascii_uppercase()).unwrap();
    });
    a.write_all(b"hello pair").unwrap();
    let mut buf = [0u8; 64];
    let n = a.read(&mut buf).unwrap();
    echo.join().unwrap();
    println!("pair: {:?}", String::from_utf8_lossy(&buf[..n]));

    let dir = std::env::temp_dir().join(format!("rust-threads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir(&dir).unwrap();
    let path = dir.join("sock");
    let listener = UnixListener::bind(&path).unwrap();
    let server = thread::spawn(move || {
        let mut total = 0;
        for _ in 0..3 {
            let (mut s, _) = listener.accept().unwrap();
            let mut line = String::new();
            s.read_to_string(&mut line).unwrap();
            total += line.len();
            s.write_all(format!("got {}", line.len()).as_bytes()).unwrap();
        }
        total
    });
    for i in 0..3 {
        let mut c = UnixStream::connect(&path).unwrap();
        c.write_all("x".repeat(10 * (i + 1)).as_bytes()).unwrap();
        c.shutdown(std::net::Shutdown::Write).unwrap();
        let mut reply = String::new();
        c.read_to_string(&mut reply).unwrap();
        println!("client {i}: {reply}");
    }
    println!("listener: {} bytes", server.join().unwrap());
    println!("connect to a missing path: {:?}", UnixStream::connect(dir.join("none")).map_err(|e| e.kind()).err());
    let d1 = UnixDatagram::bind(dir.join("d1")).unwrap();
    let d2 = UnixDatagram::unbound().unwrap();
    d2.send_to(b"datagram", dir.join("d1")).unwrap();
    let mut buf = [0u8; 32];
    let n = d1.recv(&mut buf).unwrap();
    println!("datagram: {:?}", String::from_utf8_lossy(&buf[..n]));
    std::fs::remove_dir_all(&dir).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("child") => {
            println!("child args {:?}", &args[1..]);
            eprint!("child stderr");
            std::process::exit(7);
        }
        Some("cat") => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).unwrap();
            print!("{s}");
            return;
        }
        Some("sockets") => {
            sockets();
            return;
        }
        _ => {}
    }
    spawn_join();
    channels();
    mutex_condvar();
    scoped();
    work_stealing();
    command();
}
