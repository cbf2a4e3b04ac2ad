//! Faults: scheduled at a virtual time, or drawn by chaos mode at a rate per kind.

use serde::{Deserialize, Serialize};

use super::defaults::*;
use super::Scenario;

/// Chaos mode: each kind of fault happens at seeded random times (a Poisson process with the
/// given rate per simulated second, between `start_ms` and `end_ms`), against a client drawn
/// at random. Every draw comes from the broker's PRNG, so the same seed gives the same faults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChaosSpec {
    #[serde(default)]
    pub start_ms: u64,
    /// None: until the run ends.
    #[serde(default)]
    pub end_ms: Option<u64>,
    pub rates_per_s: ChaosRates,
    /// How long a `delay_message` holds a client's outgoing messages.
    #[serde(default = "hundred")]
    pub delay_ms: u64,
    /// How long a node stays down after a chaos `kill_node` or `stop_node`.
    #[serde(default = "five_seconds")]
    pub node_down_ms: u64,
    /// How long a chaos `partition` lasts.
    #[serde(default = "five_seconds")]
    pub partition_ms: u64,
}

/// Faults per simulated second, by kind; a kind left out never happens.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChaosRates {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crash_consumer: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crash_producer: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lose_next_ack: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lose_next_confirm: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kill_connection: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drop_message: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_message: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restart_broker: Option<f64>,
    /// A random running node crashes; it starts again `node_down_ms` later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kill_node: Option<f64>,
    /// A random running node shuts down (controlled); it starts again `node_down_ms` later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stop_node: Option<f64>,
    /// A random node is cut off from the others; the network heals `partition_ms` later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<f64>,
}

/// The kinds chaos mode draws, in a fixed order (the order of their draws).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChaosKind {
    CrashConsumer,
    CrashProducer,
    LoseNextAck,
    LoseNextConfirm,
    KillConnection,
    DropMessage,
    DelayMessage,
    RestartBroker,
    KillNode,
    StopNode,
    Partition,
}

impl ChaosKind {
    pub const ALL: [ChaosKind; 11] = [
        ChaosKind::CrashConsumer,
        ChaosKind::CrashProducer,
        ChaosKind::LoseNextAck,
        ChaosKind::LoseNextConfirm,
        ChaosKind::KillConnection,
        ChaosKind::DropMessage,
        ChaosKind::DelayMessage,
        ChaosKind::RestartBroker,
        ChaosKind::KillNode,
        ChaosKind::StopNode,
        ChaosKind::Partition,
    ];
    pub fn name(self) -> &'static str {
        match self {
            ChaosKind::CrashConsumer => "crash_consumer",
            ChaosKind::CrashProducer => "crash_producer",
            ChaosKind::LoseNextAck => "lose_next_ack",
            ChaosKind::LoseNextConfirm => "lose_next_confirm",
            ChaosKind::KillConnection => "kill_connection",
            ChaosKind::DropMessage => "drop_message",
            ChaosKind::DelayMessage => "delay_message",
            ChaosKind::RestartBroker => "restart_broker",
            ChaosKind::KillNode => "kill_node",
            ChaosKind::StopNode => "stop_node",
            ChaosKind::Partition => "partition",
        }
    }
}

impl ChaosRates {
    pub fn get(&self, kind: ChaosKind) -> Option<f64> {
        match kind {
            ChaosKind::CrashConsumer => self.crash_consumer,
            ChaosKind::CrashProducer => self.crash_producer,
            ChaosKind::LoseNextAck => self.lose_next_ack,
            ChaosKind::LoseNextConfirm => self.lose_next_confirm,
            ChaosKind::KillConnection => self.kill_connection,
            ChaosKind::DropMessage => self.drop_message,
            ChaosKind::DelayMessage => self.delay_message,
            ChaosKind::RestartBroker => self.restart_broker,
            ChaosKind::KillNode => self.kill_node,
            ChaosKind::StopNode => self.stop_node,
            ChaosKind::Partition => self.partition,
        }
    }
}

impl ChaosSpec {
    /// The mean time between two faults of a kind, in virtual microseconds (None: never).
    /// Rates are converted once to integers, so the draws themselves use no floating point.
    pub fn mean_gap_us(&self, kind: ChaosKind) -> Option<u64> {
        self.rates_per_s.get(kind).map(|rate| (1_000_000.0 / rate).round().max(1.0) as u64)
    }
}

/// A fault at a virtual time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledFault {
    pub at_ms: u64,
    pub fault: Fault,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Fault {
    /// The consumer's process dies: its channel closes and its unacked messages are requeued.
    CrashConsumer { consumer: String },
    /// The consumer's next ack never reaches the broker.
    LoseNextAck { consumer: String },
    /// The producer's next publisher confirm never arrives.
    LoseNextConfirm { producer: String },
    /// The broker restarts.
    RestartBroker,
    /// The producer's process dies: its connection closes (an open transaction is discarded,
    /// pending confirms are forgotten); it comes back and publishes again 1 s later.
    CrashProducer { producer: String },
    /// The client's connection drops (a producer or a consumer); the process lives on and
    /// reconnects. A consumer's deliveries in progress can no longer be acked: they are
    /// requeued by the broker and redelivered.
    KillConnection { client: String },
    /// The client's next message to the broker (a producer's publish, a consumer's ack) is lost.
    DropMessage { client: String },
    /// The client's messages to the broker are held for `delay_ms` (in order, as on one TCP
    /// connection), then arrive together.
    DelayMessage { client: String, delay_ms: u64 },
    /// A node's process dies (`kill -9`): see the cluster in the core for what each queue type does.
    KillNode { node: String },
    /// A controlled shutdown of a node (`rabbitmqctl stop_app`).
    StopNode { node: String },
    /// A stopped or crashed node starts and rejoins.
    StartNode { node: String },
    /// The network splits into these sides (node names); unlisted nodes form one more side.
    Partition { sides: Vec<Vec<String>> },
    /// The network is whole again.
    Heal,
}

impl Fault {
    /// The client a fault is aimed at, if any.
    pub fn target(&self) -> Option<&str> {
        match self {
            Fault::CrashConsumer { consumer } | Fault::LoseNextAck { consumer } => Some(consumer),
            Fault::LoseNextConfirm { producer } | Fault::CrashProducer { producer } => Some(producer),
            Fault::KillConnection { client } | Fault::DropMessage { client } | Fault::DelayMessage { client, .. } => Some(client),
            Fault::RestartBroker | Fault::KillNode { .. } | Fault::StopNode { .. } | Fault::StartNode { .. } | Fault::Partition { .. } | Fault::Heal => None,
        }
    }
    pub fn target_mut(&mut self) -> Option<&mut String> {
        match self {
            Fault::CrashConsumer { consumer } | Fault::LoseNextAck { consumer } => Some(consumer),
            Fault::LoseNextConfirm { producer } | Fault::CrashProducer { producer } => Some(producer),
            Fault::KillConnection { client } | Fault::DropMessage { client } | Fault::DelayMessage { client, .. } => Some(client),
            Fault::RestartBroker | Fault::KillNode { .. } | Fault::StopNode { .. } | Fault::StartNode { .. } | Fault::Partition { .. } | Fault::Heal => None,
        }
    }
    /// Checks a fault against a scenario's clients, naming the field at `at` on a problem.
    pub fn check(&self, scenario: &Scenario, at: &str) -> Result<(), String> {
        let consumer = |n: &str| scenario.consumers.iter().any(|c| c.name == n);
        let producer = |n: &str| scenario.producers.iter().any(|p| p.name == n);
        let (field, name, known) = match self {
            Fault::CrashConsumer { consumer: n } | Fault::LoseNextAck { consumer: n } => ("consumer", n, consumer(n)),
            Fault::LoseNextConfirm { producer: n } | Fault::CrashProducer { producer: n } => ("producer", n, producer(n)),
            Fault::KillConnection { client: n } | Fault::DropMessage { client: n } => ("client", n, consumer(n) || producer(n)),
            Fault::DelayMessage { client: n, delay_ms } => {
                if *delay_ms == 0 {
                    return Err(format!("{at}.delay_ms: must be > 0"));
                }
                ("client", n, consumer(n) || producer(n))
            }
            Fault::RestartBroker | Fault::Heal => return Ok(()),
            Fault::KillNode { node } | Fault::StopNode { node } | Fault::StartNode { node } => {
                return scenario.check_node(node, &format!("{at}.node"));
            }
            Fault::Partition { sides } => {
                if sides.is_empty() {
                    return Err(format!("{at}.sides: needs at least one side"));
                }
                let mut seen = std::collections::BTreeSet::new();
                for (s, side) in sides.iter().enumerate() {
                    for (n, node) in side.iter().enumerate() {
                        scenario.check_node(node, &format!("{at}.sides[{s}][{n}]"))?;
                        if !seen.insert(node) {
                            return Err(format!("{at}.sides[{s}][{n}]: \"{node}\" is on two sides"));
                        }
                    }
                }
                return Ok(());
            }
        };
        if !known {
            let what = if field == "client" { "producer or consumer" } else { field };
            return Err(format!("{at}.{field}: no {what} named \"{name}\""));
        }
        Ok(())
    }
}
