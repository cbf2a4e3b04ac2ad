//! Whole runs checked against fixed references: random command sequences (no panic,
//! conservation, determinism, the golden trace hash), the conformance recordings of a real
//! RabbitMQ replayed by the script runner, hostile input (one regression test per reproducer)
//! and the fuzz harness over scenarios and scripts. One test binary.

#[allow(dead_code)]
#[path = "../golden/mod.rs"]
mod golden;

mod conformance;
mod fuzz;
mod hostile;
mod paths;
mod properties;
