//! Warren: a browser simulator of RabbitMQ (AMQP 0-9-1) broker semantics.
//!
//! Layers, each in its own folder:
//! - [`core`]: the pure, deterministic, sans-IO broker engine (no web crates, no clock, no OS randomness),
//!   and its state checker;
//! - [`lang`]: the two languages (English, Chinese) of the UI and of the simulation's texts;
//! - [`input`]: reading untrusted text (strict JSON, a size cap, error lines safe to print);
//! - [`ordered`]: ordered maps and sets built without a sort (one less copy of the sort per type);
//! - [`script`]: the client-script runner that drives the core headlessly (`warren-cli script`);
//! - [`random_run`]: seeded random command sequences for property and determinism checks;
//! - [`sim`]: scenarios (topology + clients + faults + seed + duration) and the world that runs them;
//! - [`ui`]: the Yew front end, which only sends commands to the core and renders its state and events.

pub mod core;
pub mod input;
pub mod lang;
pub mod ordered;
pub mod random_run;
pub mod script;
pub mod sim;
pub mod ui;
pub mod workload;
