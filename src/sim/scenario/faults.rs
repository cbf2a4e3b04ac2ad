//! Faults: scheduled at a virtual time, or drawn by chaos mode at a rate per kind.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::invalid::{Among, Invalid, Why};
use super::Scenario;

/// Chaos mode: each kind of fault happens at seeded random times (a Poisson process with the
/// given rate per simulated second, between `start_ms` and `end_ms`), against a client drawn
/// at random. Every draw comes from the broker's PRNG, so the same seed gives the same faults.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ChaosSpec {
    pub start_ms: u64,
    /// None: until the run ends.
    pub end_ms: Option<u64>,
    pub rates_per_s: ChaosRates,
    /// How long a `delay_message` holds a client's outgoing messages.
    pub delay_ms: u64,
    /// How long a node stays down after a chaos `kill_node` or `stop_node`.
    pub node_down_ms: u64,
    /// How long a chaos `partition` lasts.
    pub partition_ms: u64,
}

/// Every kind of fault, scheduled or drawn by chaos mode: the one list of the fault vocabulary.
/// Its declaration order is the order of [`FaultKind::ALL`], of the editor's menus and of chaos
/// mode's draws (so it is part of what a seed replays).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FaultKind {
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
    StartNode,
    Partition,
    Heal,
}

/// What a fault of a kind is aimed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultTarget {
    /// One consumer, by name.
    Consumer,
    /// One producer, by name.
    Producer,
    /// One producer or consumer, by name.
    Client,
    /// One broker node, by name.
    Node,
    /// A set of nodes (the side of a partition).
    Nodes,
    /// Nothing: the broker or the network as a whole.
    None,
}

/// One row of the fault vocabulary.
struct Row {
    kind: FaultKind,
    /// The `kind` of a scheduled fault and the key of its chaos rate.
    name: &'static str,
    target: FaultTarget,
    /// Only meaningful with two or more nodes.
    needs_cluster: bool,
    /// Chaos mode can draw it (a rate may be given).
    chaos: bool,
    /// The playback's fault menu offers it while a run plays.
    live: bool,
}

/// The fault vocabulary: adding a kind is one row here (plus its `Fault` variant, its effect in
/// the world and its texts in the UI).
#[rustfmt::skip]
const ROWS: [Row; 13] = [
    Row { kind: FaultKind::CrashConsumer,   name: "crash_consumer",    target: FaultTarget::Consumer, needs_cluster: false, chaos: true,  live: true },
    Row { kind: FaultKind::CrashProducer,   name: "crash_producer",    target: FaultTarget::Producer, needs_cluster: false, chaos: true,  live: false },
    Row { kind: FaultKind::LoseNextAck,     name: "lose_next_ack",     target: FaultTarget::Consumer, needs_cluster: false, chaos: true,  live: true },
    Row { kind: FaultKind::LoseNextConfirm, name: "lose_next_confirm", target: FaultTarget::Producer, needs_cluster: false, chaos: true,  live: true },
    Row { kind: FaultKind::KillConnection,  name: "kill_connection",   target: FaultTarget::Client,   needs_cluster: false, chaos: true,  live: false },
    Row { kind: FaultKind::DropMessage,     name: "drop_message",      target: FaultTarget::Client,   needs_cluster: false, chaos: true,  live: false },
    Row { kind: FaultKind::DelayMessage,    name: "delay_message",     target: FaultTarget::Client,   needs_cluster: false, chaos: true,  live: false },
    Row { kind: FaultKind::RestartBroker,   name: "restart_broker",    target: FaultTarget::None,     needs_cluster: false, chaos: true,  live: true },
    Row { kind: FaultKind::KillNode,        name: "kill_node",         target: FaultTarget::Node,     needs_cluster: true,  chaos: true,  live: true },
    Row { kind: FaultKind::StopNode,        name: "stop_node",         target: FaultTarget::Node,     needs_cluster: true,  chaos: true,  live: true },
    Row { kind: FaultKind::StartNode,       name: "start_node",        target: FaultTarget::Node,     needs_cluster: true,  chaos: false, live: true },
    Row { kind: FaultKind::Partition,       name: "partition",         target: FaultTarget::Nodes,    needs_cluster: true,  chaos: true,  live: true },
    Row { kind: FaultKind::Heal,            name: "heal",              target: FaultTarget::None,     needs_cluster: true,  chaos: false, live: true },
];

impl FaultKind {
    /// Every kind, in table order.
    pub const ALL: [FaultKind; 13] = {
        let mut all = [FaultKind::Heal; 13];
        let mut i = 0;
        while i < ROWS.len() {
            all[i] = ROWS[i].kind;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static Row {
        // The table is in declaration order (checked by a test), so the discriminant is the index.
        &ROWS[self as usize]
    }
    /// The kind's name: a scheduled fault's `kind` and the key of its chaos rate.
    pub fn name(self) -> &'static str {
        self.row().name
    }
    pub fn target(self) -> FaultTarget {
        self.row().target
    }
    /// Only meaningful with two or more nodes.
    pub fn needs_cluster(self) -> bool {
        self.row().needs_cluster
    }
    /// Chaos mode can draw this kind.
    pub fn in_chaos(self) -> bool {
        self.row().chaos
    }
    /// The playback's fault menu offers this kind.
    pub fn live(self) -> bool {
        self.row().live
    }
    /// The kind named `name`, if any.
    pub fn named(name: &str) -> Option<FaultKind> {
        ROWS.iter().find(|r| r.name == name).map(|r| r.kind)
    }
    /// The kinds chaos mode draws, in the order of their draws.
    pub fn chaos_kinds() -> impl Iterator<Item = FaultKind> {
        FaultKind::ALL.into_iter().filter(|k| k.in_chaos())
    }
    /// The fault of this kind aimed at `targets`: the first name for a client or a node, all of
    /// them as one side for a partition, none for a broker-wide fault. `delay_ms` is a delay's.
    pub fn make(self, targets: &[String], delay_ms: u64) -> Fault {
        let first = || targets.first().cloned().unwrap_or_default();
        match self {
            FaultKind::CrashConsumer => Fault::CrashConsumer { consumer: first() },
            FaultKind::CrashProducer => Fault::CrashProducer { producer: first() },
            FaultKind::LoseNextAck => Fault::LoseNextAck { consumer: first() },
            FaultKind::LoseNextConfirm => Fault::LoseNextConfirm { producer: first() },
            FaultKind::KillConnection => Fault::KillConnection { client: first() },
            FaultKind::DropMessage => Fault::DropMessage { client: first() },
            FaultKind::DelayMessage => Fault::DelayMessage { client: first(), delay_ms },
            FaultKind::RestartBroker => Fault::RestartBroker,
            FaultKind::KillNode => Fault::KillNode { node: first() },
            FaultKind::StopNode => Fault::StopNode { node: first() },
            FaultKind::StartNode => Fault::StartNode { node: first() },
            FaultKind::Partition => Fault::Partition { sides: vec![targets.to_vec()] },
            FaultKind::Heal => Fault::Heal,
        }
    }
}

/// How many kinds chaos mode draws.
const CHAOS_COUNT: usize = {
    let (mut n, mut i) = (0, 0);
    while i < ROWS.len() {
        n += ROWS[i].chaos as usize;
        i += 1;
    }
    n
};

/// The names a chaos rate may have (for the message naming an unknown one).
static CHAOS_NAMES: [&str; CHAOS_COUNT] = {
    let mut names = [""; CHAOS_COUNT];
    let (mut n, mut i) = (0, 0);
    while i < ROWS.len() {
        if ROWS[i].chaos {
            names[n] = ROWS[i].name;
            n += 1;
        }
        i += 1;
    }
    names
};

impl FaultTarget {
    /// A producer or a consumer (by name): renames and removals of clients follow it.
    pub fn is_client(self) -> bool {
        matches!(self, FaultTarget::Consumer | FaultTarget::Producer | FaultTarget::Client)
    }
}

/// Faults per simulated second, by kind; a kind left out never happens. Written as an object
/// keyed by the kinds' names (`{"crash_consumer": 0.5}`); only kinds chaos mode draws are keys.
/// A short list sorted by kind (binary search) rather than a B-tree map: a map of its own key and
/// value types cost the page's wasm a copy of the B-tree code.
#[derive(Clone, Default, PartialEq)]
pub struct ChaosRates(Vec<(FaultKind, f64)>);

impl ChaosRates {
    /// The rates, in the kinds' order.
    pub fn iter(&self) -> impl Iterator<Item = (FaultKind, f64)> + '_ {
        self.0.iter().copied()
    }
    pub fn get(&self, kind: FaultKind) -> Option<f64> {
        crate::ordered::get_sorted(&self.0, &kind).copied()
    }
    /// Sets (or, with None, removes) the rate of a kind.
    pub fn set(&mut self, kind: FaultKind, rate: Option<f64>) {
        match rate {
            Some(rate) => crate::ordered::put_sorted(&mut self.0, kind, rate),
            None => self.0.retain(|(k, _)| *k != kind),
        }
    }
    /// Keeps only the kinds for which `keep` holds.
    pub fn retain(&mut self, mut keep: impl FnMut(FaultKind) -> bool) {
        self.0.retain(|(kind, _)| keep(*kind));
    }
}

/// Written as the map it stands for (`{LoseNextAck: 0.2}`), as when it was one.
impl std::fmt::Debug for ChaosRates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.0.iter().map(|(kind, rate)| (kind, rate))).finish()
    }
}

impl<const N: usize> From<[(FaultKind, f64); N]> for ChaosRates {
    fn from(rates: [(FaultKind, f64); N]) -> ChaosRates {
        let mut chaos = ChaosRates::default();
        // As a map built by insertion: a kind given twice keeps its last rate.
        for (kind, rate) in rates {
            chaos.set(kind, Some(rate));
        }
        chaos
    }
}

/// The derives' reference for the export (`export.rs`): a map of the rates by kind name.
#[cfg(test)]
impl serde::Serialize for ChaosRates {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, rate)| (k.name(), rate)))
    }
}

impl<'de> Deserialize<'de> for ChaosRates {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ChaosRates, D::Error> {
        struct Rates;
        impl<'de> Visitor<'de> for Rates {
            type Value = ChaosRates;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of rates per fault kind")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ChaosRates, A::Error> {
                let mut rates = ChaosRates::default();
                // As a struct with one optional field per kind would: unknown and repeated keys
                // are refused (an unknown one while its key is read, so the error's path names
                // it), a null is "never".
                while let Some(ChaosKey(kind)) = map.next_key()? {
                    if rates.get(kind).is_some() {
                        return Err(de::Error::duplicate_field(kind.name()));
                    }
                    if let Some(rate) = map.next_value::<Option<f64>>()? {
                        rates.set(kind, Some(rate));
                    }
                }
                Ok(rates)
            }
        }
        deserializer.deserialize_map(Rates)
    }
}

/// The key of a chaos rate: the name of a kind chaos mode draws.
struct ChaosKey(FaultKind);

impl<'de> Deserialize<'de> for ChaosKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ChaosKey, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = ChaosKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the name of a fault kind")
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<ChaosKey, E> {
                let kind = FaultKind::named(name).filter(|k| k.in_chaos());
                kind.map(ChaosKey).ok_or_else(|| E::unknown_field(name, &CHAOS_NAMES))
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

impl ChaosSpec {
    /// The mean time between two faults of a kind, in virtual microseconds (None: never).
    /// Rates are converted once to integers, so the draws themselves use no floating point.
    pub fn mean_gap_us(&self, kind: FaultKind) -> Option<u64> {
        self.rates_per_s.get(kind).map(|rate| (1_000_000.0 / rate).round().max(1.0) as u64)
    }
}

/// A fault at a virtual time.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ScheduledFault {
    pub at_ms: u64,
    pub fault: Fault,
}

/// Read by hand (`read_fault.rs`: the derive's reader was the page's largest function), written
/// by hand (`export.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(tag = "kind", rename_all = "snake_case"))]
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

/// The field that names a fault's one target, borrowed as the fault is (shared or mutable), so
/// `aim` and `aim_mut` read the same single list.
macro_rules! aimed_at {
    ($fault:expr) => {
        match $fault {
            Fault::CrashConsumer { consumer: name }
            | Fault::LoseNextAck { consumer: name }
            | Fault::LoseNextConfirm { producer: name }
            | Fault::CrashProducer { producer: name }
            | Fault::KillConnection { client: name }
            | Fault::DropMessage { client: name }
            | Fault::DelayMessage { client: name, .. }
            | Fault::KillNode { node: name }
            | Fault::StopNode { node: name }
            | Fault::StartNode { node: name } => Some(name),
            Fault::RestartBroker | Fault::Partition { .. } | Fault::Heal => None,
        }
    };
}

impl Fault {
    pub fn kind(&self) -> FaultKind {
        match self {
            Fault::CrashConsumer { .. } => FaultKind::CrashConsumer,
            Fault::LoseNextAck { .. } => FaultKind::LoseNextAck,
            Fault::LoseNextConfirm { .. } => FaultKind::LoseNextConfirm,
            Fault::RestartBroker => FaultKind::RestartBroker,
            Fault::CrashProducer { .. } => FaultKind::CrashProducer,
            Fault::KillConnection { .. } => FaultKind::KillConnection,
            Fault::DropMessage { .. } => FaultKind::DropMessage,
            Fault::DelayMessage { .. } => FaultKind::DelayMessage,
            Fault::KillNode { .. } => FaultKind::KillNode,
            Fault::StopNode { .. } => FaultKind::StopNode,
            Fault::StartNode { .. } => FaultKind::StartNode,
            Fault::Partition { .. } => FaultKind::Partition,
            Fault::Heal => FaultKind::Heal,
        }
    }
    /// The one client or node a fault is aimed at, if any (its kind says which).
    pub fn aim(&self) -> Option<&str> {
        aimed_at!(self).map(String::as_str)
    }
    fn aim_mut(&mut self) -> Option<&mut String> {
        aimed_at!(self)
    }
    /// The client a fault is aimed at, if any.
    pub fn target(&self) -> Option<&str> {
        self.aim().filter(|_| self.kind().target().is_client())
    }
    pub fn target_mut(&mut self) -> Option<&mut String> {
        let client = self.kind().target().is_client();
        self.aim_mut().filter(|_| client)
    }
    /// Checks a fault against a scenario's clients, naming the field at `at` on a problem.
    pub fn check(&self, scenario: &Scenario, at: &str) -> Result<(), Invalid> {
        let consumer = |n: &str| scenario.consumers.iter().any(|c| c.name == n);
        let producer = |n: &str| scenario.producers.iter().any(|p| p.name == n);
        let (field, among, name, known) = match self {
            Fault::CrashConsumer { consumer: n } | Fault::LoseNextAck { consumer: n } => ("consumer", Among::Consumer, n, consumer(n)),
            Fault::LoseNextConfirm { producer: n } | Fault::CrashProducer { producer: n } => ("producer", Among::Producer, n, producer(n)),
            Fault::KillConnection { client: n } | Fault::DropMessage { client: n } => ("client", Among::Client, n, consumer(n) || producer(n)),
            Fault::DelayMessage { client: n, delay_ms } => {
                if *delay_ms == 0 {
                    return Err(Invalid::new(format!("{at}.delay_ms"), Why::Positive));
                }
                ("client", Among::Client, n, consumer(n) || producer(n))
            }
            Fault::RestartBroker | Fault::Heal => return Ok(()),
            Fault::KillNode { node } | Fault::StopNode { node } | Fault::StartNode { node } => {
                return scenario.check_node(node, &format!("{at}.node"));
            }
            Fault::Partition { sides } => {
                if sides.is_empty() {
                    return Err(Invalid::new(format!("{at}.sides"), Why::NeedsSide));
                }
                let mut seen = crate::ordered::SortedSet::new();
                for (s, side) in sides.iter().enumerate() {
                    for (n, node) in side.iter().enumerate() {
                        scenario.check_node(node, &format!("{at}.sides[{s}][{n}]"))?;
                        if !seen.insert(node.as_str()) {
                            return Err(Invalid::new(format!("{at}.sides[{s}][{n}]"), Why::OnTwoSides { node: node.clone() }));
                        }
                    }
                }
                return Ok(());
            }
        };
        if !known {
            return Err(Invalid::new(format!("{at}.{field}"), Why::NoSuch { among, name: name.clone() }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_declaration_order_and_each_kind_makes_a_fault_of_its_own_name() {
        let names = vec!["a".to_string()];
        for (i, kind) in FaultKind::ALL.into_iter().enumerate() {
            assert_eq!(kind as usize, i, "{kind:?} is row {i}");
            assert_eq!(FaultKind::named(kind.name()), Some(kind));
            let fault = kind.make(&names, 5);
            assert_eq!(fault.kind(), kind);
            // The table's name is the serde tag a scenario file uses.
            assert_eq!(serde_json::to_value(&fault).unwrap()["kind"], kind.name());
            let aimed = !matches!(kind.target(), FaultTarget::None | FaultTarget::Nodes);
            assert_eq!(fault.aim(), aimed.then_some("a"), "{kind:?}");
            assert_eq!(fault.target().is_some(), kind.target().is_client(), "{kind:?}");
        }
        assert_eq!(CHAOS_NAMES.len(), FaultKind::chaos_kinds().count());
    }

    #[test]
    fn chaos_rates_read_and_write_the_kinds_names_and_refuse_others() {
        let rates: ChaosRates = serde_json::from_str(r#"{"kill_node": 0.5, "crash_consumer": 2, "partition": null}"#).unwrap();
        assert_eq!(rates, ChaosRates::from([(FaultKind::KillNode, 0.5), (FaultKind::CrashConsumer, 2.0)]));
        // Written in table order, as the struct with one field per kind was.
        assert_eq!(serde_json::to_string(&rates).unwrap(), r#"{"crash_consumer":2.0,"kill_node":0.5}"#);
        let unknown = serde_json::from_str::<ChaosRates>(r#"{"heal": 1}"#).unwrap_err().to_string();
        assert!(unknown.starts_with("unknown field `heal`, expected one of `crash_consumer`"), "{unknown}");
        let twice = serde_json::from_str::<ChaosRates>(r#"{"kill_node": 1, "kill_node": 2}"#).unwrap_err().to_string();
        assert!(twice.starts_with("duplicate field `kill_node`"), "{twice}");
    }

    /// The sorted list behaves as the map it replaced: the same rates, order, Debug text and
    /// equality after any sequence of sets, removals and retains.
    #[test]
    fn chaos_rates_behave_as_a_map_by_kind() {
        use std::collections::BTreeMap;
        let kinds = FaultKind::ALL;
        let (mut ours, mut map) = (ChaosRates::default(), BTreeMap::new());
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for step in 0..20_000u32 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let kind = kinds[(state % kinds.len() as u64) as usize];
            match (state >> 32) % 7 {
                0 => {
                    ours.set(kind, None);
                    map.remove(&kind);
                }
                1 => {
                    let cut = (state >> 40) as usize % kinds.len();
                    ours.retain(|k| k as usize != cut);
                    map.retain(|k, _| *k as usize != cut);
                }
                _ => {
                    let rate = f64::from(step % 97) / 8.0;
                    ours.set(kind, Some(rate));
                    map.insert(kind, rate);
                }
            }
            assert_eq!(ours.iter().collect::<Vec<_>>(), map.iter().map(|(k, r)| (*k, *r)).collect::<Vec<_>>(), "step {step}");
            assert_eq!(format!("{ours:?}"), format!("{map:?}"));
            assert!(kinds.iter().all(|k| ours.get(*k) == map.get(k).copied()));
            let rebuilt = map.iter().rev().fold(ChaosRates::default(), |mut r, (k, v)| {
                r.set(*k, Some(*v));
                r
            });
            assert_eq!(rebuilt, ours);
        }
        let given_twice = ChaosRates::from([(FaultKind::LoseNextAck, 0.1), (FaultKind::CrashConsumer, 0.3), (FaultKind::LoseNextAck, 0.2)]);
        assert_eq!(given_twice.iter().collect::<Vec<_>>(), [(FaultKind::CrashConsumer, 0.3), (FaultKind::LoseNextAck, 0.2)]);
    }
}
