//! Headless runs of the simulator.
//!
//! `warren-cli script FILE.json` runs a client script (../shared/formats/client-script.md) and
//! prints its observation. `warren-cli run SCENARIO.json [--trace]` runs a scenario with its
//! simulated clients and faults and prints its guarantee ledger, the fate of its messages and
//! the ledger's lines as the browser shows them (with `--trace`, every event
//! too; with `--speed`, no event log is kept and the output adds how many simulated seconds ran
//! per wall-clock second). `warren-cli definitions export SCENARIO.json` prints the scenario's
//! topology as RabbitMQ definitions (for `rabbitmqctl import_definitions`) and, on stderr, what
//! definitions cannot hold; `warren-cli definitions import DEFINITIONS.json` prints a scenario
//! and, on stderr, one `warning:` line per thing in the file Warren does not simulate.
//! A file that cannot be read prints one line naming the problem on stderr and exits with 2.

use std::process::ExitCode;

const USAGE: &str = "usage: warren-cli script FILE.json | warren-cli run SCENARIO.json [--trace] [--speed] | warren-cli definitions export SCENARIO.json | warren-cli definitions import DEFINITIONS.json";

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
        [cmd, file, rest @ ..] if cmd == "run" && rest.iter().all(|a| a == "--trace" || a == "--speed") => {
            let (trace, speed) = (rest.iter().any(|a| a == "--trace"), rest.iter().any(|a| a == "--speed"));
            match std::fs::read_to_string(file).map_err(|e| e.to_string()).and_then(|t| warren::sim::scenario::parse(&t)) {
                Err(e) => fail(&format!("{file}: {e}")),
                Ok(scenario) => match run(&scenario, trace || !speed) {
                    Err(e) => fail(&format!("{file}: {e}")),
                    Ok((world, wall_s)) => {
                        let trace = trace.then(|| world.log.iter().map(|e| format!("{} {:?}", e.at, e.event)).collect());
                        let simulated_s = scenario.duration_ms as f64 / 1000.0;
                        let speed = speed.then(|| Speed { simulated_s, wall_s, simulated_s_per_wall_s: simulated_s / wall_s });
                        let ledger = warren::sim::ledger::Ledger::new(&world.guarantees, &world.fates, warren::lang::Lang::En).with_measures(&world.measures, warren::lang::Lang::En);
                        let fates = ledger.fates.iter().map(|l| (l.id, l.value)).collect();
                        let out = RunOutput { guarantees: &world.guarantees, fates, ledger: ledger.text(warren::lang::Lang::En), speed, trace };
                        println!("{}", serde_json::to_string_pretty(&out).expect("plain JSON"));
                        ExitCode::SUCCESS
                    }
                },
            }
        }
        [cmd, way, file] if cmd == "definitions" && (way == "export" || way == "import") => {
            match std::fs::read_to_string(file).map_err(|e| e.to_string()).and_then(|text| definitions(way, &text)) {
                Err(e) => fail(&format!("{file}: {e}")),
                Ok((out, remarks)) => {
                    println!("{out}");
                    for line in remarks {
                        eprintln!("warren-cli: {line}");
                    }
                    ExitCode::SUCCESS
                }
            }
        }
        _ => fail(USAGE),
    }
}

/// The converted text and the remarks for stderr (`note:` on export, `warning:` on import).
fn definitions(way: &str, text: &str) -> Result<(String, Vec<String>), String> {
    use warren::sim::definitions;
    if way == "export" {
        let exported = definitions::export(&warren::sim::scenario::parse(text)?);
        Ok((exported.definitions.to_json_text(), exported.notes.into_iter().map(|n| format!("note: {n}")).collect()))
    } else {
        let imported = definitions::import(text)?;
        let scenario = imported.scenario.to_pretty_json();
        Ok((scenario, imported.warnings.into_iter().map(|w| format!("warning: {w}")).collect()))
    }
}

/// Runs a scenario, timing it with the wall clock (here, outside the simulation only).
fn run(scenario: &warren::sim::Scenario, keep_log: bool) -> Result<(warren::sim::World, f64), String> {
    let started = std::time::Instant::now();
    let mut world = warren::sim::World::new(scenario)?;
    world.keep_log(keep_log);
    world.advance_to(warren::core::Time::from_millis(scenario.duration_ms));
    if let Some(why) = &world.halted {
        return Err(why.to_string());
    }
    world.finish();
    Ok((world, started.elapsed().as_secs_f64()))
}

#[derive(serde::Serialize)]
struct Speed {
    simulated_s: f64,
    wall_s: f64,
    simulated_s_per_wall_s: f64,
}

/// What `run` prints: the ledger in its own field order, then the trace if asked for.
#[derive(serde::Serialize)]
struct RunOutput<'a> {
    guarantees: &'a warren::sim::Guarantees,
    /// How many published messages have each fate (they add up to `guarantees.published`).
    fates: std::collections::BTreeMap<&'static str, u64>,
    /// The same lines the browser's ledger shows.
    ledger: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    speed: Option<Speed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<String>>,
}

/// One line on stderr (control characters escaped, long values cut) and exit status 2.
fn fail(message: &str) -> ExitCode {
    eprintln!("warren-cli: {}", warren::input::one_line(message));
    ExitCode::from(2)
}
