//! The ready-made scenarios of the scenario menu: every JSON file under `scenarios/` (and its
//! `patterns/` folder), grouped by topic. The files are not built into the wasm: Trunk copies
//! `scenarios/` beside the page (index.html) and the menu fetches them when it opens (17 files,
//! ~10 KB gzip off the first load); native builds (the tests) read them from the repository.

#[cfg(not(target_arch = "wasm32"))]
use crate::sim::scenario::{parse, Scenario};

/// What a ready-made scenario is about: the menu's groups, in menu order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    /// Routing and sharing work.
    Basics,
    /// Lost acks, crashes, confirms and transactions: what is lost or processed twice.
    Reliability,
    /// Making a redelivery harmless.
    Idempotency,
    /// TTL, dead-lettering, delay queues.
    Delays,
    /// Locks and caches beside the broker.
    Patterns,
    /// Several nodes: mirrored and quorum queues under node faults.
    Cluster,
}

impl Topic {
    pub const ALL: [Topic; 6] = [Topic::Basics, Topic::Reliability, Topic::Idempotency, Topic::Delays, Topic::Patterns, Topic::Cluster];
}

/// A ready-made scenario: an id (its file name and its translation keys), its file under
/// `scenarios/` and its topic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Template {
    pub id: &'static str,
    /// The file, relative to `scenarios/`, without `.json`.
    pub path: &'static str,
    pub topic: Topic,
}

macro_rules! templates {
    ($($topic:ident $path:literal as $id:literal),* $(,)?) => {
        [$(Template {
            id: $id,
            path: $path,
            topic: Topic::$topic,
        }),*]
    };
}

/// In menu order (by topic, then within it).
pub const TEMPLATES: [Template; 17] = templates![
    Basics "order-fanout" as "order-fanout",
    Basics "work-queue" as "work-queue",
    Reliability "lost-ack" as "lost-ack",
    Reliability "auto-ack-crash" as "auto-ack-crash",
    Reliability "consumer-failures" as "consumer-failures",
    Reliability "publisher-told-no" as "publisher-told-no",
    Reliability "broker-down" as "broker-down",
    Reliability "patterns/tx-batches" as "tx-batches",
    Reliability "patterns/chaos-at-least-once" as "chaos-at-least-once",
    Idempotency "lost-ack-dedup" as "lost-ack-dedup",
    Idempotency "patterns/lost-ack-unique-key" as "lost-ack-unique-key",
    Delays "delay-queue" as "delay-queue",
    Delays "dead-letters-and-overflow" as "dead-letters-and-overflow",
    Patterns "patterns/distributed-lock" as "distributed-lock",
    Patterns "patterns/cache-aside" as "cache-aside",
    Cluster "mirrored-vs-quorum" as "mirrored-vs-quorum",
    Cluster "patterns/cluster-chaos" as "cluster-chaos",
];

impl Template {
    pub fn by_id(id: &str) -> Option<Template> {
        TEMPLATES.into_iter().find(|t| t.id == id)
    }

    /// Its file, relative to the page (and to the repository): fetched by the menu, so it works
    /// under any sub-path and offline from dist/.
    pub fn url(&self) -> String {
        format!("scenarios/{}.json", self.path)
    }

    /// The file's text, read from the repository (native builds: tests and tools).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn json(&self) -> Result<String, String> {
        let file = format!("{}/{}", env!("CARGO_MANIFEST_DIR"), self.url());
        std::fs::read_to_string(&file).map_err(|e| format!("{file}: {e}"))
    }

    /// The scenario, read from the repository (every file is checked by
    /// `tests/world/scenarios.rs`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn scenario(&self) -> Result<Scenario, String> {
        parse(&self.json()?)
    }

    /// The templates of one topic with their index in `TEMPLATES`, in menu order.
    pub fn of(topic: Topic) -> impl Iterator<Item = (usize, Template)> {
        TEMPLATES.into_iter().enumerate().filter(move |(_, t)| t.topic == topic)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_menu_is_grouped_ids_are_unique_and_every_topic_has_a_scenario() {
        let mut order = TEMPLATES.iter().map(|t| Topic::ALL.iter().position(|x| *x == t.topic).unwrap());
        let mut last = 0;
        assert!(order.all(|i| std::mem::replace(&mut last, i) <= i), "grouped by topic, in topic order");
        for topic in Topic::ALL {
            assert!(Template::of(topic).next().is_some(), "{topic:?}");
        }
        let mut ids: Vec<_> = TEMPLATES.iter().map(|t| t.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), TEMPLATES.len());
        for t in TEMPLATES {
            assert!(t.path.ends_with(t.id), "{} is named after its file", t.id);
        }
    }
}
