//! The export against the `Serialize` derives it replaced (kept for the tests only): the same
//! bytes on every shipped scenario and lesson, odd values and mutants.

use super::super::mutants::{json_files, mutants};
use super::super::*;
use crate::core::cluster::{PartitionHandling, Profile};
use crate::core::rng::Ratio;

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
        odd.name = "quotes \" and \\ and \u{1F407} and 中文 \u{1} \u{7f} \u{8}\u{c}\n\r\t/".into();
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
            (q.exclusive, q.auto_delete, q.passive, q.node) = (true, true, true, Some("a".into()));
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

/// The compact writer (share links, autosave, lesson patches, the editor's and the message
/// detail's values) against `Value::to_string`: the same bytes on every shipped JSON file
/// (scenarios, lessons, client scripts), odd strings and numbers, and every mutant of the
/// scenarios.
#[test]
fn the_compact_text_is_serde_jsons() {
    use super::super::write::Pretty;
    let check = |value: &serde_json::Value, what: &str| {
        assert_eq!(Pretty::compact(value), value.to_string(), "{what}");
    };
    let mut files = json_files("scenarios");
    files.extend(json_files("lessons"));
    files.extend(json_files("conformance/scripts"));
    assert!(files.len() >= 60, "{} files", files.len());
    for (path, text) in &files {
        check(&serde_json::from_str(text).unwrap(), path);
    }
    let odd = serde_json::json!({
        "quotes \" and \\ and \u{1F407} 中文 \u{1} \u{1f} \u{7f} \u{8}\u{c}\n\r\t/": [0.1, -2.5e-7, 1e300, -3, 2.0, u64::MAX, i64::MIN, 5e-324, [], {}, [[]], {"a": {}}, null, true, false, ""],
        "": "",
    });
    check(&odd, "odd");
    for scalar in ["null", "true", "0", "-0.0", "1.5e300", "\"s\"", "[]", "{}"] {
        check(&serde_json::from_str(scalar).unwrap(), scalar);
    }
    let mut cases = 0;
    for (_, text) in json_files("scenarios") {
        mutants(&serde_json::from_str(&text).unwrap(), |text| {
            cases += 1;
            check(&serde_json::from_str(&text).unwrap(), &text);
        });
    }
    assert!(cases > 10_000, "{cases} mutants");
}
