//! The standard-workload benchmark (see `warren::workload` for the workloads themselves).
//!
//! Natively: `warren-bench [--messages N] [--json]` runs three phases, each in a fresh child
//! process of itself (`--phase throughput|queued|floor`) so that peak heap and peak RSS belong to
//! one phase alone, and prints a table (or, with `--json`, one JSON object). Build it with the
//! speed profile: `cargo build --profile perf --bin warren-bench`.
//!
//! In WebAssembly the same file exports the workloads to JavaScript (`bench/run-wasm.mjs` times
//! them with `performance.now()`): build with
//! `cargo build --target wasm32-unknown-unknown --profile perf --bin warren-bench`, then
//! `wasm-bindgen --target nodejs`.
//!
//! Both builds count heap bytes with a wrapper around the system allocator. It keeps its
//! counters with plain loads and stores (no atomic read-modify-write, which would slow every
//! allocation): exact in a single-threaded process, which both benchmarks are.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

fn grew(bytes: usize) {
    let now = CURRENT.load(Relaxed) + bytes;
    CURRENT.store(now, Relaxed);
    if now > PEAK.load(Relaxed) {
        PEAK.store(now, Relaxed);
    }
}

/// One more `alloc` or `realloc` call.
fn counted() {
    ALLOCATIONS.store(ALLOCATIONS.load(Relaxed) + 1, Relaxed);
}

fn shrank(bytes: usize) {
    CURRENT.store(CURRENT.load(Relaxed).saturating_sub(bytes), Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
            counted();
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
            counted();
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        shrank(layout.size());
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            shrank(layout.size());
            grew(new_size);
            counted();
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Starts a new peak at the current heap size, and a new allocation count.
fn reset_peak() {
    PEAK.store(CURRENT.load(Relaxed), Relaxed);
    ALLOCATIONS.store(0, Relaxed);
}

/// `alloc`/`realloc` calls since the last `reset_peak`.
fn allocations() -> usize {
    ALLOCATIONS.load(Relaxed)
}

fn peak_heap() -> usize {
    PEAK.load(Relaxed)
}

/// Timed repeats of the throughput run and of the floor: the report gives the best and the
/// median (the machine may be busy with other work).
const REPEATS: usize = 5;

/// Messages in the warm-up run before each timed phase (JIT tier-up in Node, caches natively).
const WARMUP_MESSAGES: u64 = 20_000;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::process::{Command as Process, ExitCode};
    use std::time::Instant;

    use serde_json::{json, Value};
    use warren::workload::{self, Throughput};

    const USAGE: &str = "usage: warren-bench [--messages N] [--json] | --phase throughput|queued|floor [--messages N] [--ops N]";

    pub fn main() -> ExitCode {
        match run(std::env::args().skip(1).collect()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("warren-bench: {e}");
                ExitCode::from(2)
            }
        }
    }

    struct Args {
        phase: Option<String>,
        messages: u64,
        ops: Option<u64>,
        json: bool,
    }

    fn parse(args: Vec<String>) -> Result<Args, String> {
        let mut parsed = Args {
            phase: None,
            messages: 1_000_000,
            ops: None,
            json: false,
        };
        let mut it = args.into_iter();
        while let Some(arg) = it.next() {
            let mut number = |name: &str| -> Result<u64, String> {
                let text = it
                    .next()
                    .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))?;
                text.replace('_', "")
                    .parse()
                    .map_err(|_| format!("{name}: '{text}' is not a whole number"))
            };
            match arg.as_str() {
                "--phase" => parsed.phase = Some(it.next().ok_or_else(|| USAGE.to_string())?),
                "--messages" => parsed.messages = number("--messages")?,
                "--ops" => parsed.ops = Some(number("--ops")?),
                "--json" => parsed.json = true,
                _ => return Err(USAGE.into()),
            }
        }
        Ok(parsed)
    }

    fn run(args: Vec<String>) -> Result<(), String> {
        let args = parse(args)?;
        match args.phase.as_deref() {
            Some(phase) => {
                let result = run_phase(phase, args.messages, args.ops)?;
                println!("{result}");
                Ok(())
            }
            None => {
                let throughput = child(&[
                    "--phase",
                    "throughput",
                    "--messages",
                    &args.messages.to_string(),
                ])?;
                let deliveries = throughput["summary"]["deliveries"]
                    .as_u64()
                    .ok_or("throughput phase gave no deliveries")?;
                let queued = child(&[
                    "--phase",
                    "queued",
                    "--messages",
                    &args.messages.to_string(),
                ])?;
                let floor = child(&["--phase", "floor", "--ops", &deliveries.to_string()])?;
                let all = json!({
                    "platform": "native",
                    "repeats": super::REPEATS,
                    "throughput": throughput,
                    "queued": queued,
                    "floor": floor,
                });
                if args.json {
                    println!("{all}");
                } else {
                    print_table(&all);
                }
                Ok(())
            }
        }
    }

    /// Runs one phase in a fresh process of this binary and reads its JSON line.
    fn child(args: &[&str]) -> Result<Value, String> {
        let exe = std::env::current_exe().map_err(|e| format!("cannot find this binary: {e}"))?;
        let out = Process::new(exe)
            .args(args)
            .output()
            .map_err(|e| format!("cannot run a phase: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "phase {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        serde_json::from_slice(&out.stdout)
            .map_err(|e| format!("phase {args:?} printed no JSON: {e}"))
    }

    fn run_phase(phase: &str, messages: u64, ops: Option<u64>) -> Result<Value, String> {
        match phase {
            "throughput" => {
                workload::run_throughput(Throughput {
                    messages: super::WARMUP_MESSAGES,
                    ..Throughput::default()
                })
                .map_err(|e| e.to_string())?;
                super::reset_peak();
                let mut runs = Vec::new();
                let mut last = None;
                for _ in 0..super::REPEATS {
                    let start = Instant::now();
                    let summary = workload::run_throughput(Throughput {
                        messages,
                        ..Throughput::default()
                    })
                    .map_err(|e| e.to_string())?;
                    runs.push(start.elapsed().as_secs_f64());
                    if !summary.balanced() || last.as_ref().is_some_and(|l| *l != summary) {
                        return Err(format!(
                            "the books do not balance, or a repeat differs: {summary:?}"
                        ));
                    }
                    last = Some(summary);
                }
                let summary = last.expect("REPEATS > 0");
                let (best, median) = best_and_median(&mut runs);
                Ok(json!({
                    "phase": "throughput",
                    "seconds": best,
                    "seconds_median": median,
                    "deliveries_per_sec": summary.deliveries as f64 / best,
                    "deliveries_per_sec_median": summary.deliveries as f64 / median,
                    "peak_heap_bytes": super::peak_heap(),
                    "peak_rss_bytes": peak_rss(),
                    "allocations": super::allocations() / super::REPEATS,
                    "summary": summary,
                }))
            }
            "queued" => {
                super::reset_peak();
                let start = Instant::now();
                let (summary, broker) =
                    workload::run_queued(messages, 16, 1).map_err(|e| e.to_string())?;
                let seconds = start.elapsed().as_secs_f64();
                let (peak, allocations) = (super::peak_heap(), super::allocations());
                drop(broker);
                Ok(json!({
                    "phase": "queued",
                    "seconds": seconds,
                    "peak_heap_bytes": peak,
                    "bytes_per_message": peak as f64 / messages.max(1) as f64,
                    "peak_rss_bytes": peak_rss(),
                    "allocations": allocations,
                    "summary": summary,
                }))
            }
            "floor" => {
                let ops = ops.unwrap_or(messages);
                std::hint::black_box(workload::vecdeque_floor(ops / 10));
                let mut runs = Vec::new();
                let mut checksum = 0;
                for _ in 0..super::REPEATS {
                    let start = Instant::now();
                    checksum = std::hint::black_box(workload::vecdeque_floor(ops));
                    runs.push(start.elapsed().as_secs_f64());
                }
                let (best, median) = best_and_median(&mut runs);
                Ok(json!({
                    "phase": "floor",
                    "ops": ops,
                    "seconds": best,
                    "ops_per_sec": ops as f64 / best,
                    "ops_per_sec_median": ops as f64 / median,
                    "checksum": checksum,
                }))
            }
            other => Err(format!("unknown phase '{other}'\n{USAGE}")),
        }
    }

    /// The shortest and the median of some timings.
    fn best_and_median(runs: &mut [f64]) -> (f64, f64) {
        runs.sort_by(f64::total_cmp);
        (runs[0], runs[runs.len() / 2])
    }

    /// The process's peak resident set (Linux `VmHWM`), if the system reports it.
    fn peak_rss() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    }

    fn print_table(all: &Value) {
        let t = &all["throughput"];
        let q = &all["queued"];
        let f = &all["floor"];
        let mb = |v: &Value| {
            v.as_f64()
                .map_or("-".to_string(), |b| format!("{:.1} MB", b / 1e6))
        };
        let s = &t["summary"];
        println!("warren-bench (native, single thread)");
        println!(
            "  throughput  {} messages, {} deliveries ({} expired to dead-letter) in {:.3} s",
            s["published"],
            s["deliveries"],
            s["expired"],
            t["seconds"].as_f64().unwrap_or(0.0)
        );
        println!(
            "  deliveries/s          {:>14.0}   (best of {}; median {:.0})",
            t["deliveries_per_sec"].as_f64().unwrap_or(0.0),
            super::REPEATS,
            t["deliveries_per_sec_median"].as_f64().unwrap_or(0.0)
        );
        println!(
            "  VecDeque floor ops/s  {:>14.0}",
            f["ops_per_sec"].as_f64().unwrap_or(0.0)
        );
        println!(
            "  peak heap, throughput {:>14}   (peak RSS {})",
            mb(&t["peak_heap_bytes"]),
            mb(&t["peak_rss_bytes"])
        );
        println!(
            "  peak heap, 1M queued  {:>14}   ({:.0} B/message; peak RSS {})",
            mb(&q["peak_heap_bytes"]),
            q["bytes_per_message"].as_f64().unwrap_or(0.0),
            mb(&q["peak_rss_bytes"])
        );
        let per =
            |v: &Value, n: &Value| v.as_f64().unwrap_or(0.0) / n.as_f64().unwrap_or(1.0).max(1.0);
        println!(
            "  allocations per delivery (throughput) {:.1}",
            per(&t["allocations"], &s["deliveries"])
        );
        println!("  trace {}", s["trace"].as_str().unwrap_or("-"));
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

/// In wasm there is nothing to run at start: JavaScript calls the exports below.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(target_arch = "wasm32")]
mod wasm {
    use warren::workload::{self, Throughput};
    use wasm_bindgen::prelude::wasm_bindgen;

    fn json_or_error<T: serde::Serialize, E: std::fmt::Display>(result: Result<T, E>) -> String {
        match result {
            Ok(value) => {
                serde_json::to_string(&value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
            }
            Err(e) => serde_json::json!({ "error": e.to_string() }).to_string(),
        }
    }

    /// The throughput workload with `messages` messages; its `Summary` as JSON.
    #[wasm_bindgen]
    pub fn bench_throughput(messages: u32) -> String {
        json_or_error(workload::run_throughput(Throughput {
            messages: u64::from(messages),
            ..Throughput::default()
        }))
    }

    /// The queued workload; its `Summary` as JSON. The broker is dropped before returning, so
    /// read `bench_peak_heap_bytes` afterwards for its peak.
    #[wasm_bindgen]
    pub fn bench_queued(messages: u32) -> String {
        json_or_error(
            workload::run_queued(u64::from(messages), 16, 1).map(|(summary, _broker)| summary),
        )
    }

    /// The `VecDeque` floor; returns its checksum (as a float, exact below 2^53 only).
    #[wasm_bindgen]
    pub fn bench_floor(ops: u32) -> f64 {
        workload::vecdeque_floor(u64::from(ops)) as f64
    }

    #[wasm_bindgen]
    pub fn bench_repeats() -> u32 {
        super::REPEATS as u32
    }

    #[wasm_bindgen]
    pub fn bench_warmup_messages() -> u32 {
        super::WARMUP_MESSAGES as u32
    }

    #[wasm_bindgen]
    pub fn bench_reset_peak() {
        super::reset_peak();
    }

    /// `alloc`/`realloc` calls since `bench_reset_peak`.
    #[wasm_bindgen]
    pub fn bench_allocations() -> f64 {
        super::allocations() as f64
    }

    #[wasm_bindgen]
    pub fn bench_peak_heap_bytes() -> f64 {
        super::peak_heap() as f64
    }

    /// Runs a scenario file's text without an event log (the simulated-clients benchmark,
    /// `bench/run-scenario-wasm.mjs`); its ledger and simulated duration as JSON.
    #[wasm_bindgen]
    pub fn bench_scenario(text: &str) -> String {
        let run = || -> Result<serde_json::Value, String> {
            let scenario = warren::sim::scenario::parse(text)?;
            let mut world = warren::sim::World::new(&scenario)?;
            world.keep_log(false);
            world.advance_to(warren::core::Time::from_millis(scenario.duration_ms));
            world.finish();
            Ok(serde_json::json!({ "simulated_ms": scenario.duration_ms, "guarantees": world.guarantees }))
        };
        json_or_error(run())
    }

    /// The size of the module's linear memory (it only grows: the high-water mark).
    #[wasm_bindgen]
    pub fn bench_memory_bytes() -> f64 {
        (core::arch::wasm32::memory_size(0) * 65_536) as f64
    }
}
