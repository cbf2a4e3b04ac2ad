//! The broker's rules, driven through the core's command API by the `Sim` harness
//! (tests/common): one module per area, one test binary, so the crate is linked once.
//! Each rule cites where its behaviour was observed: a conformance script run against a real
//! RabbitMQ 3.10 (conformance/scripts, conformance/cluster/scripts) or docs/rabbitmq-rules.md.

#[macro_use]
#[path = "../common/mod.rs"]
mod common;

mod cluster;
mod cluster_fidelity;
mod consuming;
mod dead_letter;
mod fidelity;
mod ordering;
mod publishing;
mod queues;
mod quorum;
mod routing;
mod time;
