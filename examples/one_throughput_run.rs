//! One run of the standard throughput workload and nothing else (no warm-up, no repeats, no
//! clock), for counting instructions under callgrind: `scripts/callgrind.sh` divides the
//! program's instruction count by the deliveries this prints.
//!
//!     cargo run --profile perf --example one_throughput_run -- [MESSAGES]

use warren::workload::{run_throughput, Throughput};

fn main() -> std::process::ExitCode {
    let messages = match std::env::args()
        .nth(1)
        .map(|a| a.replace('_', "").parse::<u64>())
    {
        None => 200_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => {
            eprintln!("usage: one_throughput_run [MESSAGES] (a whole number)");
            return std::process::ExitCode::from(2);
        }
    };
    match run_throughput(Throughput {
        messages,
        ..Throughput::default()
    }) {
        Ok(summary) if summary.balanced() => {
            println!("{}", serde_json::to_string(&summary).unwrap_or_default());
            std::process::ExitCode::SUCCESS
        }
        Ok(summary) => {
            eprintln!("the books do not balance: {summary:?}");
            std::process::ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::ExitCode::FAILURE
        }
    }
}
