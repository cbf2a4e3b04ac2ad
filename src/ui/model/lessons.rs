//! The lessons of the lesson menu: the files under `lessons/`, fetched beside the page, with the
//! scenario files they name by path, and the learner's progress (kept in localStorage by `ui/lesson_progress.rs`;
//! encoded and decoded here, natively tested).

use crate::ordered::SortedSet;
use crate::sim::scenario::read::read_record;
use crate::sim::scenario::write::{write_record, Pretty};

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

/// The scenario files fetched for the lessons, by path: a short list (a dozen files, looked up
/// one by one) rather than a B-tree map, whose code a `<String, String>` map of its own would add
/// to the page's wasm.
#[derive(Clone, Debug, Default)]
pub struct Files(Vec<(String, String)>);

impl Files {
    pub fn get(&self, path: &str) -> Option<&String> {
        self.0.iter().find(|(p, _)| p == path).map(|(_, text)| text)
    }
    pub fn contains_key(&self, path: &str) -> bool {
        self.get(path).is_some()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Keeps `text` as the file at `path` (in place of one fetched before).
    pub fn insert(&mut self, path: String, text: String) {
        match self.0.iter_mut().find(|(p, _)| *p == path) {
            Some(file) => file.1 = text,
            None => self.0.push((path, text)),
        }
    }
}

/// Reads and resolves a lesson, its scenario files taken from `files` (every file is checked by
/// `tests/world/lessons.rs`).
pub fn read(json: &str, files: &Files) -> Read {
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

/// Which lessons the learner predicted (ran the key moment) and fixed, by lesson id. Read by the
/// scenario's record reader and written by the page's one JSON writer (the `Serialize` derive and
/// a derived reader are the tests' reference).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Progress {
    pub predicted: SortedSet<String>,
    pub fixed: SortedSet<String>,
}

read_record!(Progress {
    predicted: SortedSet::new(),
    fixed: SortedSet::new(),
});
write_record!(Progress { predicted, fixed });

impl Progress {
    pub fn encode(&self) -> String {
        Pretty::compact(self)
    }

    /// A damaged or foreign text is no progress (the lessons are there to be done again).
    pub fn decode(text: &str) -> Progress {
        crate::input::from_json(text).unwrap_or_default()
    }

    pub fn done(&self, id: &str) -> bool {
        self.fixed.contains(id)
    }
}

#[cfg(test)]
mod tests {
    use super::Progress;

    mod derived {
        /// The progress as serde's derive read it before (named and laid out alike).
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)] // Read through Debug only.
        pub struct Progress {
            #[serde(default)]
            predicted: std::collections::BTreeSet<String>,
            #[serde(default)]
            fixed: std::collections::BTreeSet<String>,
        }
    }

    /// Written as the derive wrote it (`serde_json::to_string`), byte for byte.
    #[test]
    fn the_progress_is_written_as_the_derive_wrote_it() {
        let mut p = Progress::default();
        assert_eq!(p.encode(), serde_json::to_string(&p).unwrap());
        p.predicted.insert("02-backlog".into());
        p.fixed.insert("quotes \" \\ \u{1} 中文".into());
        p.fixed.insert("01-why-a-queue".into());
        assert_eq!(p.encode(), serde_json::to_string(&p).unwrap());
        assert_eq!(Progress::decode(&p.encode()), p);
    }

    /// Read as the derive read it: the same value, or the same error text.
    #[test]
    fn the_progress_is_read_as_the_derive_read_it() {
        let texts = [
            r#"{"predicted": ["a", "b"], "fixed": ["b"]}"#,
            r#"{"fixed": ["a", "a"]}"#,
            "{}",
            r#"{"predicted": []}"#,
            r#"{"fixed": ["a"], "extra": 1}"#,
            r#"{"fixed": ["a"], "fixed": []}"#,
            r#"{"fixed": [1]}"#,
            r#"{"fixed": "a"}"#,
            r#"{"predicted": null}"#,
            "[[], []]",
            "[]",
            "null",
            "5",
            "{not json",
            "{\n  \"predicted\": [\n    \"a\",\n    true\n  ]\n}",
        ];
        let mut read = 0;
        for text in texts {
            let hand = crate::input::from_json::<Progress>(text);
            let derived = crate::input::from_json::<derived::Progress>(text);
            read += hand.is_ok() as usize;
            if text.starts_with('[') {
                // A record as an array: refused by name, on purpose (sim/scenario/read.rs).
                assert!(derived.is_ok() && hand.is_err(), "{hand:?}");
                continue;
            }
            assert_eq!(format!("{hand:?}"), format!("{derived:?}"), "{text}");
        }
        assert_eq!(read, 4);
    }
}
