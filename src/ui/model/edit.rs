//! Edits: each one turns the scenario into a candidate scenario, or says why it cannot. The
//! reducer then runs `Scenario::validate()` on the candidate and keeps it only if it passes.

use serde_json::{json, Map};

use super::cluster;
use super::entity::{Item, Kind, NodeRef};
use super::fields::{self, Field};
use super::layout::{self, Point, Rect};
use super::rename;
use super::stores::{self, Store};
use crate::sim::scenario::{
    BindingSpec, ConsumerSpec, ExchangeSpec, FailureAction, Fault, FaultTarget, Idempotency, ProducerSpec, PublishMode, QueueSpec,
    Invalid, Scenario, ScheduledFault, Span,
};

/// Moved nodes snap to this grid.
pub const GRID: f64 = 10.0;

/// One change to the scenario, as the user asked for it.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A new node of `kind` (an exchange of type `exchange_type`), placed in the first free row
    /// of its column inside `area` (the part of the world in view), the column moved into the
    /// area if need be. A new consumer reads from `attach_to` or the first queue.
    Add {
        kind: Kind,
        exchange_type: &'static str,
        area: Rect,
        attach_to: Option<NodeRef>,
    },
    Move {
        nodes: Vec<NodeRef>,
        by: Point,
    },
    /// A connection drawn from one node to another; what it means depends on the two kinds.
    Connect {
        from: NodeRef,
        to: NodeRef,
    },
    Delete(Vec<Item>),
    /// A field of the property panel, with the text the user entered.
    Set {
        item: Item,
        field: Field,
        value: String,
    },
    /// A row of an argument or header table: `old_key` is the row's key ("" for a new row).
    SetEntry {
        item: Item,
        old_key: String,
        key: String,
        value: String,
    },
    RemoveEntry {
        item: Item,
        key: String,
    },
    AddFault,
    /// A fault injected while the run plays: scheduled at the current virtual time, so it is
    /// listed, undone, exported and replayed like any other edit.
    InjectFault(ScheduledFault),
    RemoveFault(usize),
    /// A new broker node (the first one makes a cluster of two).
    AddNode,
    /// Removes a broker node nothing uses.
    RemoveNode(String),
    /// Puts a store on the canvas, inside `area` (the part of the world in view), and selects it.
    PlaceStore {
        store: Store,
        area: Rect,
    },
}

/// Why an edit was refused. `Invalid` carries the model's own message, which names the field;
/// `Refused` the scenario validation's reason, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Invalid(String),
    /// The scenario's own validation refuses the candidate: the field and why, rendered in the
    /// page's language.
    Refused(Invalid),
    NotWhole,
    NotInteger,
    /// Not a number (a rate, which may have a fraction).
    NotNumber,
    EmptyName,
    EmptyKey,
    DuplicateKey,
    NeedsQueue,
    AlreadyBound,
    CannotConnect(Kind, Kind),
    NoSuchNode(String),
    TooManyNodes,
    LastNode,
    /// The node, and what still uses it.
    NodeInUse(String, String),
    /// The queue stays mirrored by this (hand-written) policy.
    MirroredByPolicy(String),
}

/// A candidate scenario and what to select afterwards (`None`: keep the selection).
#[derive(Debug)]
pub struct Applied {
    pub scenario: Scenario,
    pub select: Option<Vec<Item>>,
}

impl Edit {
    /// The candidate scenario, before validation.
    pub fn apply(&self, current: &Scenario) -> Result<Applied, Problem> {
        let mut s = current.clone();
        let select = match self {
            Edit::Add { kind, exchange_type, area, attach_to } => {
                Some(vec![add(&mut s, *kind, exchange_type, *area, attach_to.as_ref())?])
            }
            Edit::Move { nodes, by } => {
                let placed = layout::placed(&s);
                for p in placed.iter().filter(|p| nodes.contains(&p.node)) {
                    let snap = |v: f64| (v / GRID).round() * GRID;
                    layout::store(&mut s, &p.node, Point::new(snap(p.at.x + by.x), snap(p.at.y + by.y)));
                }
                None
            }
            Edit::Connect { from, to } => connect(&mut s, from, to)?,
            Edit::Delete(items) => {
                delete(&mut s, items);
                Some(vec![])
            }
            Edit::Set { item, field, value } => {
                if *field == Field::Name {
                    let new = value.trim();
                    if new.is_empty() {
                        return Err(Problem::EmptyName);
                    }
                    // Only a node has a name field; an edit that names anything else is refused.
                    let node = item.as_node().ok_or_else(|| Problem::Invalid("only a node has a name".to_string()))?;
                    rename::rename(&mut s, node, new);
                    Some(vec![Item::node(node.kind, new)])
                } else {
                    fields::set(&mut s, item, field, value)?;
                    None
                }
            }
            Edit::SetEntry { item, old_key, key, value } => {
                fields::set_entry(&mut s, item, old_key, key.trim(), value)?;
                None
            }
            Edit::RemoveEntry { item, key } => {
                if let Some(table) = fields::table(&mut s, item) {
                    table.remove(key);
                }
                None
            }
            Edit::AddFault => {
                let fault = match s.consumers.first() {
                    Some(c) => Fault::CrashConsumer { consumer: c.name.clone() },
                    None => Fault::RestartBroker,
                };
                s.faults.push(ScheduledFault { at_ms: s.duration_ms / 2, fault });
                None
            }
            Edit::InjectFault(fault) => {
                // Listed in time order: after every fault due at or before it.
                let at = s.faults.iter().position(|f| f.at_ms > fault.at_ms).unwrap_or(s.faults.len());
                s.faults.insert(at, fault.clone());
                None
            }
            Edit::AddNode => {
                cluster::add_node(&mut s)?;
                Some(vec![Item::Scenario])
            }
            Edit::RemoveNode(node) => {
                cluster::remove_node(&mut s, node)?;
                None
            }
            Edit::RemoveFault(i) => {
                if *i < s.faults.len() {
                    s.faults.remove(*i);
                }
                None
            }
            Edit::PlaceStore { store, area } => {
                stores::place(&mut s, *store, *area);
                Some(vec![Item::Store(*store)])
            }
        };
        Ok(Applied { scenario: s, select })
    }
}

/// The first `base-N` name that no entity of the namespace uses.
fn fresh_name(s: &Scenario, kind: Kind, base: &str) -> String {
    let taken: Vec<String> = match kind {
        Kind::Producer | Kind::Consumer => [Kind::Producer.names(s), Kind::Consumer.names(s)].concat(),
        _ => kind.names(s),
    };
    (1..).map(|n| format!("{base}-{n}")).find(|name| !taken.contains(name)).expect("names are unbounded")
}

fn add(
    s: &mut Scenario,
    kind: Kind,
    exchange_type: &str,
    area: Rect,
    attach_to: Option<&NodeRef>,
) -> Result<Item, Problem> {
    let attached = |k: Kind| attach_to.filter(|n| n.kind == k).map(|n| n.name.clone());
    let name = match kind {
        Kind::Exchange => fresh_name(s, kind, exchange_type),
        _ => fresh_name(s, kind, kind.css()),
    };
    let at = layout::free_slot_in(&layout::placed(s), kind, area);
    match kind {
        Kind::Exchange => s.exchanges.push(ExchangeSpec::new(&name, exchange_type)),
        Kind::Queue => s.queues.push(QueueSpec::new(&name)),
        Kind::Producer => {
            let (exchange, key) = match (attached(Kind::Exchange), attached(Kind::Queue)) {
                (Some(x), _) => (x, String::new()),
                (None, Some(q)) => (String::new(), q),
                (None, None) => (String::new(), String::new()),
            };
            s.producers.push(ProducerSpec {
                name: name.clone(),
                exchange,
                keys: vec![key],
                interval_ms: 1000,
                count: None,
                start_ms: 0,
                persistent: true,
                mode: PublishMode::Plain,
                confirm_timeout_ms: None,
                mandatory: false,
                expiration: None,
                headers: Map::new(),
                rate_per_s: None,
                burst: None,
                message_ids: true,
                tx_batch: 1,
                tx_rollback: crate::core::rng::Ratio::NEVER,
                node: None,
                orders: None,
                inline_call: None,
            })
        }
        Kind::Consumer => {
            let queue = attached(Kind::Queue)
                .or_else(|| s.queues.first().map(|q| q.name.clone()))
                .ok_or(Problem::NeedsQueue)?;
            s.consumers.push(ConsumerSpec {
                name: name.clone(),
                queue,
                auto_ack: false,
                prefetch: 10,
                priority: 0,
                processing_ms: Span { min: 50, max: 100 },
                processing: None,
                lock: None,
                cache: None,
                node: None,
                failure: crate::core::rng::Ratio::NEVER,
                on_failure: FailureAction::Reject,
                idempotency: Idempotency::None,
                start_ms: 0,
                republish: None,
                orders: None,
                cache_write: None,
            })
        }
    }
    let node = NodeRef::new(kind, name);
    layout::store(s, &node, at);
    Ok(Item::Node(node))
}

fn exchange_type<'a>(s: &'a Scenario, name: &str) -> &'a str {
    s.exchanges.iter().find(|x| x.name == name).map_or("direct", |x| x.kind.as_str())
}

fn connect(s: &mut Scenario, from: &NodeRef, to: &NodeRef) -> Result<Option<Vec<Item>>, Problem> {
    use Kind::*;
    let node = |n: &NodeRef| Some(vec![Item::Node(n.clone())]);
    match (from.kind, to.kind) {
        (Producer, Exchange) | (Exchange, Producer) => {
            let (p, x) = if from.kind == Producer { (from, to) } else { (to, from) };
            if let Some(spec) = s.producers.iter_mut().find(|spec| spec.name == p.name) {
                spec.exchange = x.name.clone();
            }
            Ok(node(p))
        }
        (Producer, Queue) | (Queue, Producer) => {
            let (p, q) = if from.kind == Producer { (from, to) } else { (to, from) };
            if let Some(spec) = s.producers.iter_mut().find(|spec| spec.name == p.name) {
                spec.exchange = String::new();
                spec.keys = vec![q.name.clone()];
            }
            Ok(node(p))
        }
        (Queue, Consumer) | (Consumer, Queue) => {
            let (q, c) = if from.kind == Queue { (from, to) } else { (to, from) };
            if let Some(spec) = s.consumers.iter_mut().find(|spec| spec.name == c.name) {
                spec.queue = q.name.clone();
            }
            Ok(node(c))
        }
        (Queue, Exchange) => {
            if let Some(spec) = s.queues.iter_mut().find(|spec| spec.name == from.name) {
                spec.args.insert("x-dead-letter-exchange".into(), json!(to.name));
            }
            Ok(node(from))
        }
        (Exchange, Queue) | (Exchange, Exchange) if from != to => {
            let kind = exchange_type(s, &from.name);
            let key = match kind {
                "topic" => "#".to_string(),
                "direct" => to.name.clone(),
                _ => String::new(),
            };
            let mut args = Map::new();
            if kind == "headers" {
                args.insert("x-match".into(), json!("all"));
            }
            let binding = BindingSpec {
                source: from.name.clone(),
                dest: to.name.clone(),
                key,
                args,
                to_exchange: to.kind == Exchange,
            };
            if s.bindings.contains(&binding) {
                return Err(Problem::AlreadyBound);
            }
            s.bindings.push(binding);
            Ok(Some(vec![Item::Binding(s.bindings.len() - 1)]))
        }
        (a, b) => Err(Problem::CannotConnect(a, b)),
    }
}

/// Deletes items and whatever cannot exist without them: bindings of a deleted exchange or
/// queue, consumers of a deleted queue, faults of a deleted client. References that may be
/// empty are cleared instead (a producer falls back to the default exchange).
fn delete(s: &mut Scenario, items: &[Item]) {
    let mut nodes: Vec<NodeRef> = items.iter().filter_map(Item::as_node).cloned().collect();
    for c in &s.consumers {
        if nodes.iter().any(|n| n.kind == Kind::Queue && n.name == c.queue) {
            nodes.push(NodeRef::new(Kind::Consumer, c.name.clone()));
        }
    }
    let gone = |kind: Kind, name: &str| nodes.iter().any(|n| n.kind == kind && n.name == name);
    let mut index = 0;
    s.bindings.retain(|b| {
        let dest_kind = if b.to_exchange { Kind::Exchange } else { Kind::Queue };
        let keep =
            !items.contains(&Item::Binding(index)) && !gone(Kind::Exchange, &b.source) && !gone(dest_kind, &b.dest);
        index += 1;
        keep
    });
    s.exchanges.retain(|x| !gone(Kind::Exchange, &x.name));
    for q in &s.queues.clone() {
        if gone(Kind::Queue, &q.name) {
            cluster::forget_queue(s, &q.name);
        }
    }
    s.queues.retain(|q| !gone(Kind::Queue, &q.name));
    s.producers.retain(|p| !gone(Kind::Producer, &p.name));
    s.consumers.retain(|c| !gone(Kind::Consumer, &c.name));
    s.faults.retain(|f| match (f.fault.kind().target(), f.fault.target()) {
        (FaultTarget::Consumer, Some(name)) => !gone(Kind::Consumer, name),
        (FaultTarget::Producer, Some(name)) => !gone(Kind::Producer, name),
        (FaultTarget::Client, Some(name)) => !gone(Kind::Producer, name) && !gone(Kind::Consumer, name),
        _ => true,
    });
    for p in &mut s.producers {
        if gone(Kind::Exchange, &p.exchange) {
            p.exchange.clear();
        }
    }
    for q in &mut s.queues {
        if q.args.get("x-dead-letter-exchange").and_then(|v| v.as_str()).is_some_and(|x| gone(Kind::Exchange, x)) {
            q.args.remove("x-dead-letter-exchange");
            q.args.remove("x-dead-letter-routing-key");
        }
    }
    for x in &mut s.exchanges {
        if x.args.get("alternate-exchange").and_then(|v| v.as_str()).is_some_and(|a| gone(Kind::Exchange, a)) {
            x.args.remove("alternate-exchange");
        }
    }
    for n in &nodes {
        layout::forget(s, n);
    }
    for item in items {
        if let Item::Store(store) = item {
            stores::remove(s, *store);
        }
    }
}
