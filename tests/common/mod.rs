//! A small client harness over the broker core, so that the rule tests read like the spec.
//!
//! `Sim` owns a `Broker` and keeps every event it emitted (the core hands each event over only
//! once). Builders (`queue`, `exchange`, `msg`, `consumer`) describe AMQP methods; `Sim` runs
//! them on a channel. Observations come either from broker state (ready messages, unacked
//! deliveries) or from the event log (deliveries, confirms, returns), never from the test itself.
#![allow(dead_code)]

mod builders;
mod observe;
mod sim;

pub use builders::*;
pub use observe::*;
pub use sim::*;

use warren::core::{ChannelId, Value};

/// An AMQP field table from `key => value` pairs (`Value::from` each value).
#[macro_export]
macro_rules! table {
    ($($k:expr => $v:expr),* $(,)?) => {{
        #[allow(unused_mut)]
        let mut t = warren::core::Table::new();
        $( t.insert(String::from($k), warren::core::Value::from($v)); )*
        t
    }};
}

/// A longstr array, as the `CC`/`BCC` headers and `routing-keys` carry.
pub fn strs(items: &[&str]) -> Value {
    Value::Array(items.iter().map(|s| Value::from(*s)).collect())
}

// ----- setups shared by the rule tests -----

/// A fresh single-node broker with one client (connection and channel) open on it.
pub fn setup() -> (Sim, ChannelId) {
    let mut sim = Sim::new();
    let (_, ch) = sim.client();
    sim.check();
    (sim, ch)
}

/// `queue.declare` of a quorum queue (durable, as a quorum queue must be).
pub fn quorum(name: &str) -> QueueDecl {
    queue(name).durable().arg("x-queue-type", "quorum")
}

/// Declares queue `name` and publishes `bodies` to it through the default exchange.
pub fn filled(sim: &mut Sim, ch: ChannelId, name: &str, bodies: &[&str]) {
    sim.queue(ch, name);
    for body in bodies {
        sim.publish(ch, msg(body).key(name));
    }
}

/// A dead-letter target: fanout exchange `name` bound to queue `into`.
pub fn dead_letter_target(sim: &mut Sim, ch: ChannelId, name: &str, into: &str) {
    sim.exchange(ch, exchange(name, "fanout"));
    sim.queue(ch, into);
    sim.bind(ch, name, into, "");
}
