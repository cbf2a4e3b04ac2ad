//! Client scripts: the conformance contract (`../shared/formats/client-script.md`). The same
//! script runs here on the simulator and on a real RabbitMQ (conformance/oracle), and both
//! print the same observation shape.

mod channels;
pub mod format;
pub mod observation;
pub mod run;

pub use format::{parse, Script};
pub use observation::Observation;

/// Parses and runs a script: the whole of `warren-cli script`. An error is one line safe to print.
pub fn run_text(text: &str) -> Result<Observation, String> {
    run::run(&parse(text)?).map_err(|e| crate::input::one_line(&e))
}
