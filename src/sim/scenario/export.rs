//! The scenario's export (`Scenario::to_pretty_json`): each record's fields in the order the
//! file format lists them, written by `write.rs`, and the fields left out when they hold their
//! default. The tests hold it to the `Serialize` derives it replaced, byte for byte.

use super::defaults::*;
use super::write::{write_record, Export, Pretty};
use super::*;
use crate::core::cluster::{PartitionHandling, Profile};
use crate::core::rng::Ratio;

impl Scenario {
    /// The scenario as the export writes it: pretty JSON (two spaces a level, fields in the
    /// format's order).
    pub fn to_pretty_json(&self) -> String {
        Pretty::text(self)
    }
}

write_record!(Scenario {
    version,
    name,
    description,
    zh unless Option::is_none,
    seed,
    duration_ms,
    exchanges,
    queues,
    bindings,
    producers,
    consumers,
    faults,
    chaos unless Option::is_none,
    cluster unless Option::is_none,
    policies unless Vec::is_empty,
    stores unless StoresSpec::is_default,
    network unless NetworkSpec::is_default,
    layout,
});

write_record!(Texts { name, description });

write_record!(ExchangeSpec {
    name,
    kind as "type",
    durable,
    auto_delete unless is_false,
    internal,
    args,
});

write_record!(QueueSpec {
    name,
    durable,
    exclusive unless is_false,
    auto_delete unless is_false,
    passive unless is_false,
    node unless Option::is_none,
    args,
});

write_record!(BindingSpec {
    source,
    dest,
    key,
    args,
    to_exchange,
});

write_record!(PolicySpec {
    name,
    pattern,
    priority,
    definition,
});

write_record!(ClusterSpec {
    nodes,
    profile,
    partition_handling,
    inter_node_latency_us,
    election_timeout_ms,
});

write_record!(ProducerSpec {
    name,
    exchange,
    keys,
    interval_ms unless is_zero,
    rate_per_s unless Option::is_none,
    burst unless Option::is_none,
    count,
    start_ms,
    persistent,
    mode,
    confirm_timeout_ms,
    mandatory,
    expiration,
    headers,
    message_ids,
    tx_batch unless is_one,
    tx_rollback unless is_never,
    node unless Option::is_none,
    orders unless Option::is_none,
    inline_call unless Option::is_none,
});

write_record!(BurstSpec { size, at_ms });

write_record!(ConsumerSpec {
    name,
    queue,
    auto_ack,
    prefetch,
    priority,
    processing_ms,
    processing unless Option::is_none,
    lock unless Option::is_none,
    cache unless Option::is_none,
    node unless Option::is_none,
    failure,
    on_failure,
    idempotency,
    start_ms,
    republish unless Option::is_none,
    orders unless Option::is_none,
    cache_write unless Option::is_none,
});

write_record!(Span { min, max });
write_record!(Ratio {
    numerator,
    denominator,
});
write_record!(LockSpec {
    key,
    lease_ms,
    retry_ms,
});
write_record!(CacheSpec { ttl_ms });
write_record!(OrdersSpec { paid, pay_after_ms });

write_record!(RepublishSpec {
    exchange,
    routing_key unless Option::is_none,
    expiration unless Option::is_none,
});

write_record!(CacheWriteSpec { double_delete_ms unless Option::is_none, });
write_record!(NetworkSpec { client_latency_us });
write_record!(StoresSpec { redis, mysql });
write_record!(StoreSpec { latency_ms });

write_record!(ChaosSpec {
    start_ms,
    end_ms,
    rates_per_s,
    delay_ms,
    node_down_ms,
    partition_ms,
});

write_record!(ScheduledFault { at_ms, fault });

/// The rates by the names of their kinds, in the kinds' order.
impl Export for ChaosRates {
    fn export(&self, out: &mut Pretty) {
        let mut record = out.record();
        for (kind, rate) in self.iter() {
            record.field(kind.name(), &rate);
        }
        record.end();
    }
}

/// Tagged by `kind`, then the fields of its variant.
impl Export for Fault {
    fn export(&self, out: &mut Pretty) {
        let mut record = out.record();
        record.field("kind", &self.kind().name());
        match self {
            Fault::CrashConsumer { consumer } | Fault::LoseNextAck { consumer } => {
                record.field("consumer", consumer)
            }
            Fault::LoseNextConfirm { producer } | Fault::CrashProducer { producer } => {
                record.field("producer", producer)
            }
            Fault::KillConnection { client } | Fault::DropMessage { client } => {
                record.field("client", client)
            }
            Fault::DelayMessage { client, delay_ms } => {
                record.field("client", client);
                record.field("delay_ms", delay_ms);
            }
            Fault::KillNode { node } | Fault::StopNode { node } | Fault::StartNode { node } => {
                record.field("node", node)
            }
            Fault::Partition { sides } => record.field("sides", sides),
            Fault::RestartBroker | Fault::Heal => {}
        }
        record.end();
    }
}

/// Tagged by `dist`, then the fields of its variant.
impl Export for Processing {
    fn export(&self, out: &mut Pretty) {
        let mut record = out.record();
        match self {
            Processing::Fixed { ms } => {
                record.field("dist", &"fixed");
                record.field("ms", ms);
            }
            Processing::Uniform { min_ms, max_ms } => {
                record.field("dist", &"uniform");
                record.field("min_ms", min_ms);
                record.field("max_ms", max_ms);
            }
            Processing::Exponential { mean_ms } => {
                record.field("dist", &"exponential");
                record.field("mean_ms", mean_ms);
            }
        }
        record.end();
    }
}

/// The enums written as their names.
macro_rules! write_names {
    ($($ty:ty),*) => {
        $(impl Export for $ty {
            fn export(&self, out: &mut Pretty) {
                out.string(self.name());
            }
        })*
    };
}

write_names!(
    PublishMode,
    Idempotency,
    FailureAction,
    OrderAction,
    Profile,
    PartitionHandling
);

fn is_false(b: &bool) -> bool {
    !*b
}

#[cfg(test)]
mod tests {
    use super::super::mutants::{json_files, mutants};
    use super::*;

    /// The export as the derives wrote it.
    fn derived(s: &Scenario) -> String {
        serde_json::to_string_pretty(s).unwrap()
    }

    /// Both writers on `s`: the same text.
    fn same(s: &Scenario, what: &str) {
        assert_eq!(s.to_pretty_json(), derived(s), "{what}");
    }

    /// Every ready-made scenario, and each with every field that is left out by default set,
    /// odd texts, extreme numbers and floats.
    #[test]
    fn every_shipped_scenario_exports_as_the_derive_wrote_it() {
        let files = json_files("scenarios");
        assert!(files.len() >= 17, "{} scenario files", files.len());
        for (path, text) in &files {
            let s: Scenario = crate::input::from_json(text).unwrap();
            same(&s, path);
            // The optional fields, and what is not a default, written out.
            let mut odd = s.clone();
            odd.name =
                "quotes \" and \\ and \u{1F407} and 中文 \u{1} \u{7f} \u{8}\u{c}\n\r\t/".into();
            odd.seed = u64::MAX;
            odd.zh = Some(Texts {
                name: "名".into(),
                description: String::new(),
            });
            odd.layout.insert("x \"q\"".into(), serde_json::json!({"f": 0.1, "g": -2.5e-7, "h": 1e300, "i": -3, "j": 2.0, "k": [], "l": {}, "m": [null, true, "s"]}));
            odd.policies.push(PolicySpec {
                name: "p".into(),
                pattern: ".*".into(),
                priority: -4,
                definition: serde_json::Map::new(),
            });
            odd.stores.redis.latency_ms = 7;
            odd.network.client_latency_us = 9;
            odd.cluster = Some(ClusterSpec {
                profile: Profile::V4,
                partition_handling: PartitionHandling::PauseMinority,
                ..ClusterSpec::of(&["a", "b"])
            });
            odd.chaos = Some(ChaosSpec {
                start_ms: 1,
                end_ms: None,
                rates_per_s: ChaosRates::from([
                    (FaultKind::KillNode, 0.5),
                    (FaultKind::CrashConsumer, 2.0),
                    (FaultKind::Partition, f64::NAN),
                ]),
                delay_ms: 2,
                node_down_ms: 3,
                partition_ms: 4,
            });
            for q in &mut odd.queues {
                (q.exclusive, q.auto_delete, q.passive, q.node) =
                    (true, true, true, Some("a".into()));
            }
            for e in &mut odd.exchanges {
                e.auto_delete = true;
            }
            for p in &mut odd.producers {
                (p.interval_ms, p.rate_per_s, p.burst) = (
                    0,
                    Some(3),
                    Some(BurstSpec {
                        size: 2,
                        at_ms: vec![],
                    }),
                );
                (p.tx_batch, p.tx_rollback, p.node) = (4, Ratio::new(1, 3), Some("b".into()));
                (p.orders, p.inline_call) = (
                    Some(OrdersSpec {
                        paid: Ratio::new(1, 2),
                        pay_after_ms: Span { min: 1, max: 2 },
                    }),
                    Some("c".into()),
                );
                (p.mode, p.expiration, p.count) = (PublishMode::Tx, Some("5".into()), Some(1));
            }
            for (i, c) in odd.consumers.iter_mut().enumerate() {
                c.processing = Some(
                    [
                        Processing::Fixed { ms: 1 },
                        Processing::Uniform {
                            min_ms: 1,
                            max_ms: 2,
                        },
                        Processing::Exponential { mean_ms: 3 },
                    ][i % 3],
                );
                (c.lock, c.cache, c.node) = (
                    Some(LockSpec {
                        key: "k".into(),
                        lease_ms: 1,
                        retry_ms: 2,
                    }),
                    Some(CacheSpec { ttl_ms: 3 }),
                    Some("a".into()),
                );
                (c.republish, c.orders) = (
                    Some(RepublishSpec {
                        exchange: "x".into(),
                        routing_key: Some("r".into()),
                        expiration: None,
                    }),
                    Some(OrderAction::CancelUnpaid),
                );
                c.cache_write = Some(CacheWriteSpec {
                    double_delete_ms: [None, Some(4)][i % 2],
                });
                (c.on_failure, c.idempotency, c.priority) =
                    (FailureAction::Requeue, Idempotency::UniqueKey, -1);
            }
            same(&odd, &format!("{path}, odd"));
        }
    }

    /// Every kind of fault, scheduled.
    #[test]
    fn every_fault_exports_as_the_derive_wrote_it() {
        let mut s: Scenario = crate::input::from_json(&json_files("scenarios")[0].1).unwrap();
        let (c, n) = (|| String::from("c \"1\""), || String::from("n1"));
        let faults = [
            Fault::CrashConsumer { consumer: c() },
            Fault::LoseNextAck { consumer: c() },
            Fault::LoseNextConfirm { producer: c() },
            Fault::RestartBroker,
            Fault::CrashProducer { producer: c() },
            Fault::KillConnection { client: c() },
            Fault::DropMessage { client: c() },
            Fault::DelayMessage {
                client: c(),
                delay_ms: 250,
            },
            Fault::KillNode { node: n() },
            Fault::StopNode { node: n() },
            Fault::StartNode { node: n() },
            Fault::Partition {
                sides: vec![vec![n()], vec![], vec![n(), c()]],
            },
            Fault::Heal,
        ];
        let kinds: std::collections::BTreeSet<_> = faults.iter().map(Fault::kind).collect();
        assert_eq!(kinds.len(), FaultKind::ALL.len(), "every kind");
        s.faults = faults
            .into_iter()
            .enumerate()
            .map(|(i, fault)| ScheduledFault {
                at_ms: i as u64,
                fault,
            })
            .collect();
        same(&s, "every fault");
    }

    /// The mutants of every shipped scenario (`mutants.rs`) that read as a scenario: both
    /// writers agree on each (fields removed: their defaults written or left out).
    #[test]
    fn the_export_of_every_mutant_is_the_derive() {
        let mut read = 0usize;
        for (_, text) in json_files("scenarios") {
            let original: serde_json::Value = serde_json::from_str(&text).unwrap();
            mutants(&original, |text| {
                if let Ok(s) = crate::input::from_json::<Scenario>(&text) {
                    read += 1;
                    same(&s, &text);
                }
            });
        }
        assert!(read > 1_000, "{read} mutants read");
    }

    /// The scenarios the lessons carry inline (their starts and their reference fixes).
    #[test]
    fn every_lesson_scenario_exports_as_the_derive_wrote_it() {
        use crate::sim::lesson::format::{Reference, Source};
        let mut inline = 0;
        for (path, text) in json_files("lessons") {
            let lesson = crate::sim::lesson::parse(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
            if let Source::Inline(s) = &lesson.scenario {
                inline += 1;
                same(s, &path);
            }
            if let Reference::Inline(s) = &lesson.fix.reference {
                inline += 1;
                same(s, &path);
            }
        }
        assert!(inline >= 1, "{inline} inline scenarios");
    }

    /// Moved here from tests/world/scenarios.rs: serde's derive, its reference, is built for
    /// the tests only.
    #[test]
    fn a_scenario_read_back_from_its_text_is_the_value_serde_makes() {
        // Scenario::to_json stands in for serde_json::to_value (share links, autosave, lesson
        // patches): the same value, numbers of each kind, floats and the layout included.
        let mut all: Vec<_> = crate::ui::model::templates::TEMPLATES
            .iter()
            .map(|t| t.scenario().unwrap())
            .collect();
        let mut odd = all[0].clone();
        odd.name = "quotes \" and \\ and \u{1F407} and 中文".into();
        odd.seed = u64::MAX;
        odd.layout.insert(
            "x".into(),
            serde_json::json!({"f": 0.1, "g": -2.5e-7, "h": 1e300, "i": -3, "j": 2.0}),
        );
        all.push(odd);
        assert!(
            all.iter().any(|s| s.chaos.is_some()),
            "a scenario with chaos rates (floats)"
        );
        for s in &all {
            assert_eq!(
                s.to_json().unwrap(),
                serde_json::to_value(s).unwrap(),
                "{}",
                s.name
            );
        }
    }
}
