//! Renaming a node, and every reference to it with it.

use serde_json::Value as Json;

use super::entity::{Kind, NodeRef};
use super::layout;
use crate::sim::scenario::{Scenario, ScheduledFault};

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
            rename_fault_targets(&mut s.faults, &swap);
        }
        Kind::Consumer => {
            s.consumers.iter_mut().for_each(|c| swap(&mut c.name));
            rename_fault_targets(&mut s.faults, &swap);
        }
    }
    layout::forget(s, node);
    if let Some(at) = at {
        layout::store(s, &NodeRef::new(node.kind, new), at);
    }
}

/// Every fault aimed at a client, whatever field names it (`consumer`, `producer` or `client`):
/// client names are unique among producers and consumers together, so the name alone decides.
fn rename_fault_targets(faults: &mut [ScheduledFault], swap: &impl Fn(&mut String)) {
    faults.iter_mut().filter_map(|f| f.fault.target_mut()).for_each(swap);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::{parse, Fault};

    #[test]
    fn renaming_a_client_renames_it_in_every_fault_that_names_it() {
        let mut s = parse(
            r#"{"version": 1, "duration_ms": 10000,
                "queues": [{"name": "q"}],
                "producers": [{"name": "p", "keys": ["q"], "interval_ms": 100}],
                "consumers": [{"name": "c", "queue": "q"}],
                "faults": [
                  {"at_ms": 1, "fault": {"kind": "kill_connection", "client": "c"}},
                  {"at_ms": 2, "fault": {"kind": "drop_message", "client": "p"}},
                  {"at_ms": 3, "fault": {"kind": "delay_message", "client": "c", "delay_ms": 50}},
                  {"at_ms": 4, "fault": {"kind": "crash_producer", "producer": "p"}},
                  {"at_ms": 5, "fault": {"kind": "crash_consumer", "consumer": "c"}}
                ]}"#,
        )
        .unwrap();
        rename(&mut s, &NodeRef::new(Kind::Consumer, "c"), "worker");
        rename(&mut s, &NodeRef::new(Kind::Producer, "p"), "orders");
        let faults: Vec<Fault> = s.faults.iter().map(|f| f.fault.clone()).collect();
        assert_eq!(
            faults,
            vec![
                Fault::KillConnection { client: "worker".into() },
                Fault::DropMessage { client: "orders".into() },
                Fault::DelayMessage { client: "worker".into(), delay_ms: 50 },
                Fault::CrashProducer { producer: "orders".into() },
                Fault::CrashConsumer { consumer: "worker".into() },
            ]
        );
        s.validate().expect("every fault still names a client");
    }
}
