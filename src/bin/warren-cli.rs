//! Headless runs of the simulator.
//!
//! `warren-cli script FILE.json` runs a client script (../shared/formats/client-script.md) and
//! prints its observation. A script that cannot be read prints one line naming the problem on
//! stderr and exits with 2.

use std::process::ExitCode;

const USAGE: &str = "usage: warren-cli script FILE.json";

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
        _ => fail(USAGE),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("warren-cli: {message}");
    ExitCode::from(2)
}
