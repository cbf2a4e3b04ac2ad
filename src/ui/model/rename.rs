//! Renaming a node, and every reference to it with it.

use serde_json::Value as Json;

use super::entity::{Kind, NodeRef};
use super::layout;
use crate::sim::scenario::{Fault, Scenario};

/// Renames `node` to `new` and rewrites the references: bindings, producers' exchanges (and
/// their routing keys when they publish to a queue through the default exchange), consumers'
/// queues, dead-letter and alternate exchanges, faults, and the layout.
pub fn rename(s: &mut Scenario, node: &NodeRef, new: &str) {
    let old = node.name.as_str();
    if old == new {
        return;
    }
    let at = layout::placed(s).into_iter().find(|p| p.node == *node).map(|p| p.at);
    let swap = |name: &mut String| {
        if name == old {
            *name = new.to_string();
        }
    };
    let swap_arg = |args: &mut serde_json::Map<String, Json>, key: &str| {
        if args.get(key).and_then(Json::as_str) == Some(old) {
            args.insert(key.into(), Json::from(new));
        }
    };
    match node.kind {
        Kind::Exchange => {
            s.exchanges.iter_mut().for_each(|x| swap(&mut x.name));
            for b in &mut s.bindings {
                swap(&mut b.source);
                if b.to_exchange {
                    swap(&mut b.dest);
                }
            }
            s.producers.iter_mut().for_each(|p| swap(&mut p.exchange));
            s.queues.iter_mut().for_each(|q| swap_arg(&mut q.args, "x-dead-letter-exchange"));
            s.exchanges.iter_mut().for_each(|x| swap_arg(&mut x.args, "alternate-exchange"));
        }
        Kind::Queue => {
            super::cluster::rename_queue(s, &node.name, new);
            s.queues.iter_mut().for_each(|q| swap(&mut q.name));
            s.bindings.iter_mut().filter(|b| !b.to_exchange).for_each(|b| swap(&mut b.dest));
            s.consumers.iter_mut().for_each(|c| swap(&mut c.queue));
            for p in s.producers.iter_mut().filter(|p| p.exchange.is_empty()) {
                p.keys.iter_mut().for_each(swap);
            }
            for q in &mut s.queues {
                if q.args.get("x-dead-letter-exchange").and_then(Json::as_str) == Some("") {
                    swap_arg(&mut q.args, "x-dead-letter-routing-key");
                }
            }
        }
        Kind::Producer => {
            s.producers.iter_mut().for_each(|p| swap(&mut p.name));
            for f in &mut s.faults {
                if let Fault::LoseNextConfirm { producer } = &mut f.fault {
                    swap(producer);
                }
            }
        }
        Kind::Consumer => {
            s.consumers.iter_mut().for_each(|c| swap(&mut c.name));
            for f in &mut s.faults {
                if let Fault::CrashConsumer { consumer } | Fault::LoseNextAck { consumer } = &mut f.fault {
                    swap(consumer);
                }
            }
        }
    }
    layout::forget(s, node);
    if let Some(at) = at {
        layout::store(s, &NodeRef::new(node.kind, new), at);
    }
}
