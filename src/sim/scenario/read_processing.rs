//! Reading a [`Processing`] distribution (`{"dist": "fixed", "ms": 5}`) by hand: its table of
//! variants for the internally tagged reader of `read_tagged.rs`, instead of serde's derive
//! (a visitor per variant and serde's buffering of the object, about 3 KB before wasm-opt).
//! What it accepts and refuses is checked against the derive, kept in the tests, on a corpus of
//! right and wrong distributions (`the_hand_reader_is_the_derive`).

use serde::{Deserialize, Deserializer};

use super::read_tagged::{self, count, tags, Tagged, Type, Variant};
use super::Processing;

/// The variants in `Processing`'s declaration order.
#[rustfmt::skip]
const VARIANTS: [Variant; 3] = [
    Variant { tag: "fixed", fields: &["ms"], types: &[Type::Count], seq_name: "struct variant Processing::Fixed with 1 element" },
    Variant { tag: "uniform", fields: &["min_ms", "max_ms"], types: &[Type::Count, Type::Count], seq_name: "struct variant Processing::Uniform with 2 elements" },
    Variant { tag: "exponential", fields: &["mean_ms"], types: &[Type::Count], seq_name: "struct variant Processing::Exponential with 1 element" },
];

/// `Processing` for the tagged reader.
const PROCESSING: Tagged = Tagged {
    expecting: "internally tagged enum Processing",
    tag: "dist",
    variants: &VARIANTS,
    tags: &tags(&VARIANTS),
    index: "variant index 0 <= i < 3",
};

impl<'de> Deserialize<'de> for Processing {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Processing, D::Error> {
        let (variant, fields) = read_tagged::read(deserializer, &PROCESSING)?;
        let fields = &mut fields.into_iter();
        Ok(match variant {
            0 => Processing::Fixed { ms: count(fields) },
            1 => {
                let min_ms = count(fields);
                Processing::Uniform {
                    min_ms,
                    max_ms: count(fields),
                }
            }
            _ => Processing::Exponential {
                mean_ms: count(fields),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Deserialize, PROCESSING};
    use crate::sim::scenario::read_tagged::tests::corpus;
    use crate::sim::scenario::Processing as Hand;

    /// `Processing` as serde's derive reads it (named alike: the derive's messages name the
    /// type): the reference the hand reader must equal.
    #[derive(Debug, Deserialize)]
    #[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
    enum Processing {
        Fixed { ms: u64 },
        Uniform { min_ms: u64, max_ms: u64 },
        Exponential { mean_ms: u64 },
    }

    impl From<Processing> for Hand {
        fn from(d: Processing) -> Hand {
            match d {
                Processing::Fixed { ms } => Hand::Fixed { ms },
                Processing::Uniform { min_ms, max_ms } => Hand::Uniform { min_ms, max_ms },
                Processing::Exponential { mean_ms } => Hand::Exponential { mean_ms },
            }
        }
    }

    /// A consumer's distribution, as the two readers see it (named alike: the messages name it).
    #[allow(dead_code)] // `prefetch` is read through Debug only.
    mod consumer {
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename = "Consumer", deny_unknown_fields)]
        pub struct Hand {
            pub prefetch: u32,
            pub processing: crate::sim::scenario::Processing,
        }

        #[derive(Debug, serde::Deserialize)]
        #[serde(rename = "Consumer", deny_unknown_fields)]
        pub struct Derived {
            pub prefetch: u32,
            pub processing: super::Processing,
        }
    }

    /// Reads `processing` inside a list of consumers (first or last field, over several lines, so
    /// the paths and positions of errors are compared too) and alone, with both readers, and
    /// asserts the same outcome; says whether it was accepted.
    fn same(processing: &str) -> bool {
        let mut accepted = false;
        for (text, inside) in [
            (
                format!("[\n  {{\"prefetch\": 5,\n   \"processing\": {processing}\n  }}\n]"),
                true,
            ),
            (
                format!("[{{\"processing\": {processing}, \"prefetch\": 5}}]"),
                true,
            ),
            (processing.to_string(), false),
        ] {
            let (hand, derived) = if inside {
                let hand = crate::input::from_json::<Vec<consumer::Hand>>(&text)
                    .map(|v| v.into_iter().map(|c| c.processing).collect::<Vec<_>>());
                let derived = crate::input::from_json::<Vec<consumer::Derived>>(&text)
                    .map(|v| v.into_iter().map(|c| Hand::from(c.processing)).collect());
                (hand, derived)
            } else {
                (
                    crate::input::from_json::<Hand>(&text).map(|p| vec![p]),
                    crate::input::from_json::<Processing>(&text).map(|p| vec![p.into()]),
                )
            };
            assert_eq!(hand, derived, "{text}");
            accepted = hand.is_ok();
        }
        accepted
    }

    #[test]
    fn the_hand_reader_is_the_derive() {
        let values = [
            "5",
            "0",
            "-1",
            "1.5",
            "1e30",
            "18446744073709551615",
            "18446744073709551616",
            "\"5\"",
            "null",
            "true",
            "[]",
            "[5]",
            "{}",
            "{\"a\": 1}",
        ];
        let names = ["ms", "min_ms", "max_ms", "mean_ms", "dist", "kind", "other"];
        let good = |f: &str| match f {
            "max_ms" => "20",
            _ => "10",
        };
        let rests = [
            "",
            ", 5",
            ", 5, 6",
            ", 5, 6, 7",
            ", \"5\"",
            ", null",
            ", 5, \"x\"",
        ];
        let others = [
            "{}",
            "[]",
            "null",
            "\"fixed\"",
            "5",
            "{\"ms\": 5}",
            "{\"dist\": \"fixed\", \"dist\": \"fixed\", \"ms\": 5}",
            "{\"dist\": \"fixed\", \"ms\": 5, \"dist\": \"uniform\"}",
        ];
        let (cases, accepted) = corpus(&PROCESSING, &names, &values, good, &rests, &others, same);
        assert!(
            cases > 2000 && accepted > 10,
            "{cases} cases, {accepted} accepted"
        );
    }

    /// The shapes the scenarios and tests write, read to the values they name.
    #[test]
    fn each_distribution_reads_to_its_variant() {
        let read = |text: &str| crate::input::from_json::<Hand>(text);
        assert_eq!(
            read("{\"dist\": \"fixed\", \"ms\": 5}"),
            Ok(Hand::Fixed { ms: 5 })
        );
        assert_eq!(
            read("{\"max_ms\": 9, \"dist\": \"uniform\", \"min_ms\": 2}"),
            Ok(Hand::Uniform {
                min_ms: 2,
                max_ms: 9
            })
        );
        assert_eq!(
            read("{\"dist\": \"exponential\", \"mean_ms\": 7}"),
            Ok(Hand::Exponential { mean_ms: 7 })
        );
        assert_eq!(
            read("[\"uniform\", 2, 9]"),
            Ok(Hand::Uniform {
                min_ms: 2,
                max_ms: 9
            })
        );
    }
}
