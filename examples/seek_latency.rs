//! Seek latency of the playback timeline (a measurement, not a test):
//!
//!     cargo run --release --example seek_latency
//!
//! For each ready-made scenario and a heavy one (1,000 messages in flight), it runs the whole
//! timeline once, then times random seeks anywhere in the run, one step, and a fork (a consumer
//! crash injected in the past). The target is every seek under 100 ms.

use std::time::Instant;

use warren::core::Time;
use warren::sim::scenario::{self, Fault, Scenario};
use warren::sim::Timeline;

const HEAVY: &str = r#"{"version": 1, "name": "1,000 in flight", "seed": 5, "duration_ms": 60000,
    "queues": [{"name": "jobs"}],
    "producers": [{"name": "p", "keys": ["jobs"], "interval_ms": 2, "count": 20000}],
    "consumers": [
        {"name": "w1", "queue": "jobs", "prefetch": 500, "processing_ms": {"min": 900, "max": 1100}},
        {"name": "w2", "queue": "jobs", "prefetch": 500, "processing_ms": {"min": 900, "max": 1100}}
    ]}"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn measure(name: &str, s: &Scenario) {
    let mut t = Timeline::new(s).unwrap();
    let start = Instant::now();
    t.seek(Time::from_millis(s.duration_ms));
    let first = start.elapsed().as_secs_f64() * 1e3;
    let events = t.log().len();
    // A fixed, portable sequence of targets (an LCG), so every run seeks to the same times.
    let mut x: u64 = 12345;
    let mut seeks = Vec::new();
    for _ in 0..200 {
        x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let target = Time::from_millis((x >> 33) % (s.duration_ms + 1));
        let start = Instant::now();
        t.seek(target);
        seeks.push(start.elapsed().as_secs_f64() * 1e3);
    }
    seeks.sort_by(f64::total_cmp);
    let start = Instant::now();
    t.step();
    let step = start.elapsed().as_secs_f64() * 1e3;
    t.seek(Time::from_millis(s.duration_ms / 3));
    let start = Instant::now();
    let crash = s.consumers.first().map(|c| Fault::CrashConsumer { consumer: c.name.clone() }).unwrap_or(Fault::RestartBroker);
    t.inject(crash).unwrap();
    let fork = start.elapsed().as_secs_f64() * 1e3;
    println!(
        "{name:<16} {events:>7} events  full run {first:>7.1} ms  seek p50 {:>6.2} p95 {:>6.2} max {:>6.2} ms  step {step:>5.2} ms  fork at 1/3 {fork:>6.1} ms  snapshots {}",
        percentile(&seeks, 0.5),
        percentile(&seeks, 0.95),
        seeks[seeks.len() - 1],
        t.snapshot_count()
    );
}

fn main() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for path in files {
        let s = scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        measure(path.file_stem().unwrap().to_str().unwrap(), &s);
    }
    measure("heavy (1k in flight)", &scenario::parse(HEAVY).unwrap());
}
