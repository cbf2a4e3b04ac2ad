//! The lessons of the lesson menu: the files under `lessons/`, fetched beside the page, with the
//! scenario files they name by path, and the learner's progress (kept in localStorage by `ui/lesson_progress.rs`;
//! encoded and decoded here, natively tested).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::sim::lesson::{self, runner::Resolved, Lesson};

/// Every lesson file under `lessons/` (without `.json`), in topic order. The files are not built
/// into the wasm: Trunk copies `lessons/` and `scenarios/` beside the page (index.html) and the
/// lesson menu fetches them when first opened (`ui/components/lesson_menu.rs`), which keeps their
/// 29 KB (gzip) off the first load. `tests/world/lessons.rs` checks every file is listed.
pub const LESSON_FILES: [&str; 12] = [
    "01-why-a-queue",
    "02-backlog",
    "03-distributed-lock",
    "04-deployment-modes",
    "05-producer-confirms",
    "06-where-messages-get-lost",
    "07-ordering",
    "08-idempotency-by-key",
    "09-expiry-and-republish",
    "10-delay-queue",
    "11-cache-consistency",
    "12-jepsen",
];

/// The URL of a lesson file, relative to the page (so dist/ works under any sub-path).
pub fn lesson_url(file: &str) -> String {
    format!("lessons/{file}.json")
}

/// A lesson read against the scenario files fetched so far (path under the repository, e.g.
/// `scenarios/lost-ack.json`, to text).
pub enum Read {
    Ready(Box<(Lesson, Resolved)>),
    /// A scenario file the lesson names that is not in hand yet: fetch it (its path is its URL,
    /// relative to the page) and read again.
    Needs(String),
    Bad(String),
}

/// Reads and resolves a lesson, its scenario files taken from `files` (every file is checked by
/// `tests/world/lessons.rs`).
pub fn read(json: &str, files: &BTreeMap<String, String>) -> Read {
    let lesson = match lesson::parse(json) {
        Ok(lesson) => lesson,
        Err(e) => return Read::Bad(e),
    };
    let missing = std::cell::RefCell::new(None);
    let load = |path: &str| {
        files.get(path).cloned().ok_or_else(|| {
            missing.replace(Some(path.to_string()));
            format!("{path}: not loaded")
        })
    };
    match lesson.resolve(&load) {
        Ok(resolved) => Read::Ready(Box::new((lesson, resolved))),
        Err(e) => match missing.into_inner() {
            Some(path) => Read::Needs(path),
            None => Read::Bad(e),
        },
    }
}

/// The localStorage key of the progress.
pub const PROGRESS_KEY: &str = "warren.lessons";

/// Which lessons the learner predicted (ran the key moment) and fixed, by lesson id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    #[serde(default)]
    pub predicted: BTreeSet<String>,
    #[serde(default)]
    pub fixed: BTreeSet<String>,
}

impl Progress {
    pub fn encode(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A damaged or foreign text is no progress (the lessons are there to be done again).
    pub fn decode(text: &str) -> Progress {
        crate::input::from_json(text).unwrap_or_default()
    }

    pub fn done(&self, id: &str) -> bool {
        self.fixed.contains(id)
    }
}
