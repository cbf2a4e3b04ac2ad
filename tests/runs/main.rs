//! Whole runs checked against fixed references: random command sequences (no panic,
//! conservation, determinism, the golden trace hash) and the conformance recordings of a real
//! RabbitMQ replayed by the script runner. One test binary.

#[allow(dead_code)]
#[path = "../golden/mod.rs"]
mod golden;

mod conformance;
mod properties;
