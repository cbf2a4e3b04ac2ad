//! The one-line summary under a node's name on the canvas.

use serde_json::Value as Json;

use super::i18n::{Key, Lang};
use super::model::{Kind, NodeRef};
use crate::sim::scenario::{Idempotency, PublishMode, Scenario};

/// A duration in the page's language: `2 s` / `2 秒`, `500 ms` / `500 毫秒`.
fn ms(v: u64, lang: Lang) -> String {
    if v >= 1000 && v.is_multiple_of(1000) {
        format!("{} {}", v / 1000, lang.pick("s", "秒"))
    } else {
        format!("{v} {}", lang.pick("ms", "毫秒"))
    }
}

pub fn summary(s: &Scenario, node: &NodeRef, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    match node.kind {
        Kind::Exchange => {
            if let Some(x) = s.exchanges.iter().find(|x| x.name == node.name) {
                parts.push(x.kind.clone());
                if x.internal {
                    parts.push(lang.t(Key::SumInternal).into());
                }
                if !x.durable {
                    parts.push(lang.t(Key::SumTransient).into());
                }
            }
        }
        Kind::Queue => {
            if let Some(q) = s.queues.iter().find(|q| q.name == node.name) {
                let int = |k: &str| q.args.get(k).and_then(Json::as_i64);
                if let Some(ttl) = int("x-message-ttl") {
                    parts.push(format!("TTL {}", ms(ttl.max(0) as u64, lang)));
                }
                if let Some(max) = int("x-max-length") {
                    parts.push(format!("{} {max}", lang.t(Key::SumMax)));
                }
                if let Some(p) = int("x-max-priority") {
                    parts.push(format!("{} 0–{p}", lang.t(Key::SumPriority)));
                }
                if q.args.contains_key("x-dead-letter-exchange") {
                    parts.push(lang.t(Key::Dlx).into());
                }
                if q.args.get("x-single-active-consumer") == Some(&Json::Bool(true)) {
                    parts.push(lang.t(Key::SumSac).into());
                }
                if !q.durable {
                    parts.push(lang.t(Key::SumTransient).into());
                }
                match crate::ui::model::cluster::queue_type(s, &q.name) {
                    crate::ui::model::cluster::QueueType::Quorum => parts.insert(0, lang.t(Key::SumQuorum).into()),
                    crate::ui::model::cluster::QueueType::Mirrored => parts.insert(0, lang.t(Key::SumMirrored).into()),
                    crate::ui::model::cluster::QueueType::Classic if parts.is_empty() => parts.push(lang.t(Key::SumClassic).into()),
                    crate::ui::model::cluster::QueueType::Classic => {}
                }
            }
        }
        Kind::Producer => {
            if let Some(p) = s.producers.iter().find(|p| p.name == node.name) {
                let count = p.count.map(|n| format!(" ×{n}")).unwrap_or_default();
                // The producer's schedule: a rate, bursts, or one message every interval.
                parts.push(match (&p.rate_per_s, &p.burst) {
                    (Some(rate), _) => format!("{rate}/{}{count}", lang.pick("s", "秒")),
                    (_, Some(burst)) => format!("{} {} ×{}", lang.t(Key::SumBurst), burst.size, burst.at_ms.len()),
                    _ => format!("{} {}{count}", lang.t(Key::SumEvery), ms(p.interval_ms, lang)),
                });
                match p.mode {
                    PublishMode::Plain => {}
                    PublishMode::Confirm => parts.push(lang.t(Key::SumConfirm).into()),
                    PublishMode::Tx => parts.push(lang.t(Key::SumTx).into()),
                }
            }
        }
        Kind::Consumer => {
            if let Some(c) = s.consumers.iter().find(|c| c.name == node.name) {
                if c.auto_ack {
                    parts.push(lang.t(Key::SumAutoAck).into());
                } else if c.prefetch > 0 {
                    parts.push(format!("{} {}", lang.t(Key::SumPrefetch), c.prefetch));
                } else {
                    parts.push(lang.t(Key::SumManualAck).into());
                }
                match c.idempotency {
                    Idempotency::None => {}
                    Idempotency::DedupSet => parts.push(lang.t(Key::SumDedup).into()),
                    Idempotency::UniqueKey => parts.push(lang.t(Key::SumUnique).into()),
                }
            }
        }
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::parse;

    #[test]
    fn a_producer_summary_names_its_schedule() {
        let s = parse(
            r#"{"version": 1, "duration_ms": 1000, "queues": [{"name": "q"}], "producers": [
                {"name": "i", "keys": ["q"], "interval_ms": 2000, "count": 3},
                {"name": "r", "keys": ["q"], "rate_per_s": 50, "count": 100, "mode": "confirm"},
                {"name": "b", "keys": ["q"], "burst": {"size": 10, "at_ms": [0, 500]}}]}"#,
        )
        .unwrap();
        let of = |name: &str| summary(&s, &NodeRef { kind: Kind::Producer, name: name.into() }, Lang::En);
        assert_eq!(of("i"), "every 2 s ×3");
        assert!(of("r").starts_with("50/s ×100"), "{}", of("r"));
        assert_eq!(of("b"), "bursts of 10 ×2");
        let zh = |name: &str| summary(&s, &NodeRef { kind: Kind::Producer, name: name.into() }, Lang::Zh);
        assert_eq!(zh("i"), "每 2 秒 ×3", "units in Chinese too");
        assert!(zh("r").starts_with("50/秒 ×100"), "{}", zh("r"));
    }
}
