//! Reading a lesson's records by hand, with the scenario's record reader
//! (`sim/scenario/read.rs`: one key reader and one slot filler shared by every record, instead
//! of a derive's visitors per struct). The messages, and where they are reported, are the
//! derive's: checked against the derive, kept in the tests, on every lesson and on its mutants
//! (`the_hand_readers_are_the_derive`).

use serde::de::{Deserializer, EnumAccess, VariantAccess, Visitor};
use serde::Deserialize;

use super::format::*;
use crate::sim::scenario::read::{read_record, required, Variant as Name};

read_record!(Text {
    en: required!(en),
    zh: required!(zh),
});

read_record!(Choice {
    text: required!(text),
    shows: required!(shows),
});

read_record!(Prediction {
    question: required!(question),
    choices: required!(choices),
    answer: required!(answer),
    run: None,
});

read_record!(Variant {
    scenario: required!(scenario),
    key_moment: required!(key_moment),
});

read_record!(Highlight {
    queues: Vec::new(),
    nodes: Vec::new(),
    clients: Vec::new(),
    messages: Vec::new(),
    figures: Vec::new(),
});

read_record!(KeyMoment {
    at_ms: required!(at_ms),
    highlight: required!(highlight),
});

read_record!(Fix {
    task: required!(task),
    goal: required!(goal),
    reference: required!(reference),
});

read_record!(Interview {
    question: required!(question),
    answer: required!(answer),
});

read_record!(Lesson {
    version: required!(version),
    id: required!(id),
    topic: required!(topic),
    title: required!(title),
    scenario: required!(scenario),
    steps: required!(steps),
    predictions: required!(predictions),
    key_moment: required!(key_moment),
    explanation: required!(explanation),
    fix: required!(fix),
    hints: required!(hints),
    interview: required!(interview),
});

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Source, D::Error> {
        const NAMES: &[&str] = &["path", "inline"];
        struct Tagged;
        impl<'de> Visitor<'de> for Tagged {
            type Value = Source;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("enum Source")
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Source, A::Error> {
                match data.variant_seed(Name(NAMES))? {
                    (0, content) => content.newtype_variant().map(Source::Path),
                    (_, content) => content.newtype_variant().map(Source::Inline),
                }
            }
        }
        deserializer.deserialize_enum("Source", NAMES, Tagged)
    }
}

impl<'de> Deserialize<'de> for Reference {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Reference, D::Error> {
        const NAMES: &[&str] = &["patch", "path", "inline"];
        struct Tagged;
        impl<'de> Visitor<'de> for Tagged {
            type Value = Reference;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("enum Reference")
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Reference, A::Error> {
                match data.variant_seed(Name(NAMES))? {
                    (0, content) => content.newtype_variant().map(Reference::Patch),
                    (1, content) => content.newtype_variant().map(Reference::Path),
                    (_, content) => content.newtype_variant().map(Reference::Inline),
                }
            }
        }
        deserializer.deserialize_enum("Reference", NAMES, Tagged)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value as Json;

    /// The records as serde's derive read them before (named and laid out alike: the derive's
    /// messages name the type, and their Debug texts are compared). A scenario inline is read by
    /// the scenario's reader (checked against its own derive in `sim/scenario/read.rs`).
    #[allow(dead_code)] // Their fields are read through Debug only.
    mod derived {
        use crate::sim::scenario::Scenario;
        use serde::Deserialize;
        use serde_json::{Map, Value as Json};

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Text {
            pub en: String,
            pub zh: String,
        }

        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        pub enum Source {
            Path(String),
            Inline(Box<Scenario>),
        }

        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "snake_case", deny_unknown_fields)]
        pub enum Reference {
            Patch(Map<String, Json>),
            Path(String),
            Inline(Box<Scenario>),
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Choice {
            pub text: Text,
            pub shows: String,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Prediction {
            pub question: Text,
            pub choices: Vec<Choice>,
            pub answer: usize,
            #[serde(default)]
            pub run: Option<Variant>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Variant {
            pub scenario: Reference,
            pub key_moment: KeyMoment,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Highlight {
            #[serde(default)]
            pub queues: Vec<String>,
            #[serde(default)]
            pub nodes: Vec<String>,
            #[serde(default)]
            pub clients: Vec<String>,
            #[serde(default)]
            pub messages: Vec<String>,
            #[serde(default)]
            pub figures: Vec<String>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct KeyMoment {
            pub at_ms: u64,
            pub highlight: Highlight,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Fix {
            pub task: Text,
            pub goal: String,
            pub reference: Reference,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Interview {
            pub question: Text,
            pub answer: Text,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Lesson {
            pub version: u32,
            pub id: String,
            pub topic: u32,
            pub title: Text,
            pub scenario: Source,
            pub steps: Vec<Text>,
            pub predictions: Vec<Prediction>,
            pub key_moment: KeyMoment,
            pub explanation: Text,
            pub fix: Fix,
            pub hints: Vec<Text>,
            pub interview: Interview,
        }
    }

    /// Reads `text` as a lesson with both readers: the same value (by its Debug text) or the
    /// same error line.
    fn same(text: &str) -> Result<(), String> {
        let hand = format!(
            "{:?}",
            crate::input::from_json::<crate::sim::lesson::Lesson>(text)
        );
        let derived = format!("{:?}", crate::input::from_json::<derived::Lesson>(text));
        if hand == derived {
            Ok(())
        } else {
            Err(format!("{text}\n hand:    {hand}\n derived: {derived}"))
        }
    }

    fn lessons() -> Vec<(String, String)> {
        crate::sim::scenario::mutants::json_files("lessons")
    }

    #[test]
    fn every_lesson_reads_as_the_derive_reads_it() {
        let files = lessons();
        assert!(files.len() >= 12, "{} lessons", files.len());
        for (path, text) in &files {
            let read = crate::input::from_json::<crate::sim::lesson::Lesson>(text);
            assert!(read.is_ok(), "{path}: {read:?}");
            same(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }

    /// The mutants of every lesson (`sim/scenario/mutants.rs`), and its tagged sources with an
    /// unknown and a wrong tag: both readers agree on each.
    #[test]
    fn the_hand_readers_are_the_derive() {
        let (mut cases, mut refused) = (0usize, 0usize);
        let mut check = |text: String| {
            cases += 1;
            refused +=
                crate::input::from_json::<crate::sim::lesson::Lesson>(&text).is_err() as usize;
            same(&text).unwrap();
        };
        for (_, text) in lessons() {
            let original: Json = serde_json::from_str(&text).unwrap();
            crate::sim::scenario::mutants::mutants(&original, &mut check);
            for (field, tags) in [("scenario", ["nope", "patch"]), ("fix", ["nope", "inline"])] {
                for tag in tags {
                    let mut v = original.clone();
                    let target = if field == "fix" {
                        &mut v["fix"]["reference"]
                    } else {
                        &mut v[field]
                    };
                    let content = target
                        .as_object()
                        .and_then(|o| o.values().next().cloned())
                        .unwrap_or(Json::Null);
                    *target = serde_json::json!({ tag: content });
                    check(serde_json::to_string_pretty(&v).unwrap());
                }
            }
        }
        assert!(
            cases > 3_000 && refused > cases / 2,
            "{cases} cases, {refused} refused"
        );
    }
}
