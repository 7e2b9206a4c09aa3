//! `/proc/cpuinfo` (proc(5); `show_cpuinfo` in Linux's `arch/x86/kernel/cpu/proc.c`).
//!
//! One block per CPU, keys padded with tabs to the second tab stop, then `: ` and the value;
//! blocks end with an empty line. All CPUs are taken to be identical cores of one package
//! without SMT: CPU `i` has core id and APIC id `i`. `bogomips` is Linux's figure for a
//! TSC-calibrated delay loop, twice the clock (`lpj / (500000 / HZ)`).

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt::Write;

/// What CPUID and calibration told the server about the (identical) CPUs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CpuInfo {
    /// `vendor_id`: `GenuineIntel`, `AuthenticAMD`.
    pub vendor_id: String,
    /// `model name`: the CPUID brand string.
    pub model_name: String,
    /// `cpu family` (extended family folded in).
    pub family: u32,
    /// `model` (extended model folded in).
    pub model: u32,
    /// `stepping`.
    pub stepping: u32,
    /// `microcode` revision, if known.
    pub microcode: Option<u32>,
    /// `cpu MHz`, in kHz.
    pub khz: u32,
    /// `cache size` in KiB (0: the line is left out).
    pub cache_size_kb: u32,
    /// `cpuid level`: the highest standard leaf.
    pub cpuid_level: u32,
    /// `flags`: Linux's feature names, separated by spaces.
    pub flags: String,
    /// `bugs`: Linux's bug names, separated by spaces.
    pub bugs: String,
    /// `TLB size` in 4K pages (AMD only; 0: the line is left out).
    pub tlb_size: u32,
    /// `clflush size` in bytes.
    pub clflush_size: u32,
    /// `cache_alignment` in bytes.
    pub cache_alignment: u32,
    /// `address sizes`: physical bits.
    pub physical_bits: u32,
    /// `address sizes`: virtual bits.
    pub virtual_bits: u32,
    /// `power management`: Linux's names, separated by spaces.
    pub power_management: String,
    /// Number of CPUs (one block each).
    pub cpus: u32,
}

/// `" a b c"` from `"a b c"`: Linux prints each name after a space.
fn names(list: &str) -> String {
    list.split_whitespace().fold(String::new(), |mut out, name| {
        out.push(' ');
        out.push_str(name);
        out
    })
}

/// The contents of `/proc/cpuinfo`.
pub fn cpuinfo(cpu: &CpuInfo) -> Vec<u8> {
    let mut out = String::new();
    for i in 0..cpu.cpus {
        // Writing to a String cannot fail.
        let _ = write_block(&mut out, cpu, i);
    }
    out.into_bytes()
}

fn write_block(out: &mut String, cpu: &CpuInfo, i: u32) -> core::fmt::Result {
    let or_unknown = |s: &str| if s.is_empty() { String::from("unknown") } else { String::from(s) };
    writeln!(out, "processor\t: {i}")?;
    writeln!(out, "vendor_id\t: {}", or_unknown(&cpu.vendor_id))?;
    writeln!(out, "cpu family\t: {}", cpu.family)?;
    writeln!(out, "model\t\t: {}", cpu.model)?;
    writeln!(out, "model name\t: {}", or_unknown(&cpu.model_name))?;
    writeln!(out, "stepping\t: {}", cpu.stepping)?;
    if let Some(microcode) = cpu.microcode {
        writeln!(out, "microcode\t: {microcode:#x}")?;
    }
    writeln!(out, "cpu MHz\t\t: {}.{:03}", cpu.khz / 1000, cpu.khz % 1000)?;
    if cpu.cache_size_kb != 0 {
        writeln!(out, "cache size\t: {} KB", cpu.cache_size_kb)?;
    }
    writeln!(out, "physical id\t: 0")?;
    writeln!(out, "siblings\t: {}", cpu.cpus)?;
    writeln!(out, "core id\t\t: {i}")?;
    writeln!(out, "cpu cores\t: {}", cpu.cpus)?;
    writeln!(out, "apicid\t\t: {i}")?;
    writeln!(out, "initial apicid\t: {i}")?;
    writeln!(out, "fpu\t\t: yes\nfpu_exception\t: yes")?;
    writeln!(out, "cpuid level\t: {}", cpu.cpuid_level)?;
    writeln!(out, "wp\t\t: yes")?;
    writeln!(out, "flags\t\t:{}", names(&cpu.flags))?;
    writeln!(out, "bugs\t\t:{}", names(&cpu.bugs))?;
    // With HZ = 1000 a TSC-calibrated loops_per_jiffy equals the clock in kHz.
    let loops_per_jiffy = cpu.khz;
    writeln!(out, "bogomips\t: {}.{:02}", loops_per_jiffy / 500, (loops_per_jiffy / 5) % 100)?;
    if cpu.tlb_size != 0 {
        writeln!(out, "TLB size\t: {} 4K pages", cpu.tlb_size)?;
    }
    writeln!(out, "clflush size\t: {}", cpu.clflush_size)?;
    writeln!(out, "cache_alignment\t: {}", cpu.cache_alignment)?;
    writeln!(
        out,
        "address sizes\t: {} bits physical, {} bits virtual",
        cpu.physical_bits, cpu.virtual_bits
    )?;
    out.push_str(&format!("power management:{}\n\n", names(&cpu.power_management)));
    Ok(())
}
