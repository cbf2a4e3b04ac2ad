//! Runs of whole scenarios through `World` (simulated clients, stores, faults, the ledger), what
//! playback reads off them, time travel, and the ready-made scenario files. Also RabbitMQ definitions.json export and import. One test binary, so
//! the crate (and yew) is linked once for all of them.

#[allow(dead_code)]
#[path = "../golden/mod.rs"]
mod golden;

mod clients;
mod definitions;
mod fault_applies;
mod fate_cases;
mod fate_scenarios;
mod fates;
mod ledger;
mod marks;
mod cluster_world;
mod inspect;
mod lessons;
mod scenarios;
mod services;
mod timeline;
mod world;

use warren::sim::scenario::{self, Scenario};
use warren::sim::World;

/// The text of a ready-made scenario, `scenarios/<name>.json`.
fn scenario_text(name: &str) -> String {
    std::fs::read_to_string(format!("{}/scenarios/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A ready-made scenario, parsed and validated.
fn ready_made(name: &str) -> Scenario {
    scenario::parse(&scenario_text(name)).unwrap()
}

/// Runs a scenario to its end; the broker must conserve every message it was given.
fn run(text: &str) -> World {
    let s = scenario::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let world = World::run(&s).unwrap();
    world.broker.check_conservation().unwrap();
    world
}

/// Runs a ready-made scenario (see [`run`]).
fn run_ready_made(name: &str) -> World {
    run(&scenario_text(name))
}

/// The text of a pattern scenario, `scenarios/patterns/<name>.json`.
fn pattern_text(name: &str) -> String {
    std::fs::read_to_string(format!("{}/scenarios/patterns/{name}.json", env!("CARGO_MANIFEST_DIR"))).unwrap()
}
