//! Headless runs of the simulator.
//!
//! `warren-cli script FILE.json` runs a client script (../shared/formats/client-script.md) and
//! prints its observation. `warren-cli run SCENARIO.json [--trace]` runs a scenario with its
//! simulated clients and faults and prints its guarantee ledger (with `--trace`, every event
//! too). A file that cannot be read prints one line naming the problem on stderr and exits with 2.

use std::process::ExitCode;

const USAGE: &str = "usage: warren-cli script FILE.json | warren-cli run SCENARIO.json [--trace]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [cmd, file] if cmd == "script" => match std::fs::read_to_string(file) {
            Err(e) => fail(&format!("{file}: {e}")),
            Ok(text) => match warren::script::run_text(&text) {
                Ok(observation) => {
                    println!("{}", observation.to_json_text());
                    ExitCode::SUCCESS
                }
                Err(e) => fail(&format!("{file}: {e}")),
            },
        },
        [cmd, file, rest @ ..] if cmd == "run" && rest.iter().all(|a| a == "--trace") => {
            match std::fs::read_to_string(file).map_err(|e| e.to_string()).and_then(|t| warren::sim::scenario::parse(&t)) {
                Err(e) => fail(&format!("{file}: {e}")),
                Ok(scenario) => match warren::sim::World::run(&scenario) {
                    Err(e) => fail(&format!("{file}: {e}")),
                    Ok(world) => {
                        let trace = (!rest.is_empty()).then(|| world.log.iter().map(|e| format!("{} {:?}", e.at, e.event)).collect());
                        let out = RunOutput { guarantees: &world.guarantees, trace };
                        println!("{}", serde_json::to_string_pretty(&out).expect("plain JSON"));
                        ExitCode::SUCCESS
                    }
                },
            }
        }
        _ => fail(USAGE),
    }
}

/// What `run` prints: the ledger in its own field order, then the trace if asked for.
#[derive(serde::Serialize)]
struct RunOutput<'a> {
    guarantees: &'a warren::sim::Guarantees,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<String>>,
}

fn fail(message: &str) -> ExitCode {
    eprintln!("warren-cli: {message}");
    ExitCode::from(2)
}
