//! The lessons of the lesson menu: the files under `lessons/`, built in, with the scenario files
//! they name by path, and the learner's progress (kept in localStorage by `ui/lesson_progress.rs`;
//! encoded and decoded here, natively tested).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::sim::lesson::{self, runner::Resolved, Lesson};

macro_rules! built_in {
    ($dir:literal: $($file:literal),* $(,)?) => {
        [$(($file, include_str!(concat!("../../../", $dir, $file, ".json")))),*]
    };
}

/// Every lesson file, in topic order.
pub const LESSON_FILES: [(&str, &str); 12] = built_in!["lessons/":
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

/// The scenario files the lessons name by path.
const SCENARIO_FILES: [(&str, &str); 3] = [
    ("scenarios/patterns/distributed-lock.json", include_str!("../../../scenarios/patterns/distributed-lock.json")),
    ("scenarios/lost-ack.json", include_str!("../../../scenarios/lost-ack.json")),
    ("scenarios/mirrored-vs-quorum.json", include_str!("../../../scenarios/mirrored-vs-quorum.json")),
];

/// The built-in loader for scenario paths.
pub fn load(path: &str) -> Result<String, String> {
    SCENARIO_FILES.iter().find(|(p, _)| *p == path).map(|(_, text)| text.to_string()).ok_or_else(|| format!("{path}: not built in"))
}

/// A lesson read and resolved (every file is checked by `tests/world/lessons.rs`).
pub fn read(json: &str) -> Result<(Lesson, Resolved), String> {
    let lesson = lesson::parse(json)?;
    let resolved = lesson.resolve(&load)?;
    Ok((lesson, resolved))
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
