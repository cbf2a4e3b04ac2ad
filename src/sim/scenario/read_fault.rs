//! Reading a [`Fault`] (`{"kind": "crash_consumer", "consumer": "c1"}`) by hand: its table of
//! variants for the internally tagged reader of `read_tagged.rs` (the derive's reader was the
//! page's largest function). What it accepts and refuses is checked against the derive, kept in
//! the tests, on a corpus of right and wrong faults (`the_hand_reader_is_the_derive`).

use serde::{Deserialize, Deserializer};

use super::read_tagged::{self, count, tags, text, Tagged, Type, Variant};
use super::Fault;

/// The variants in `Fault`'s declaration order (the order of the derive's list of variants).
#[rustfmt::skip]
const VARIANTS: [Variant; 13] = [
    Variant { tag: "crash_consumer", fields: &["consumer"], types: &[Type::Text], seq_name: "struct variant Fault::CrashConsumer with 1 element" },
    Variant { tag: "lose_next_ack", fields: &["consumer"], types: &[Type::Text], seq_name: "struct variant Fault::LoseNextAck with 1 element" },
    Variant { tag: "lose_next_confirm", fields: &["producer"], types: &[Type::Text], seq_name: "struct variant Fault::LoseNextConfirm with 1 element" },
    Variant { tag: "restart_broker", fields: &[], types: &[], seq_name: "" },
    Variant { tag: "crash_producer", fields: &["producer"], types: &[Type::Text], seq_name: "struct variant Fault::CrashProducer with 1 element" },
    Variant { tag: "kill_connection", fields: &["client"], types: &[Type::Text], seq_name: "struct variant Fault::KillConnection with 1 element" },
    Variant { tag: "drop_message", fields: &["client"], types: &[Type::Text], seq_name: "struct variant Fault::DropMessage with 1 element" },
    Variant { tag: "delay_message", fields: &["client", "delay_ms"], types: &[Type::Text, Type::Count], seq_name: "struct variant Fault::DelayMessage with 2 elements" },
    Variant { tag: "kill_node", fields: &["node"], types: &[Type::Text], seq_name: "struct variant Fault::KillNode with 1 element" },
    Variant { tag: "stop_node", fields: &["node"], types: &[Type::Text], seq_name: "struct variant Fault::StopNode with 1 element" },
    Variant { tag: "start_node", fields: &["node"], types: &[Type::Text], seq_name: "struct variant Fault::StartNode with 1 element" },
    Variant { tag: "partition", fields: &["sides"], types: &[Type::Sides], seq_name: "struct variant Fault::Partition with 1 element" },
    Variant { tag: "heal", fields: &[], types: &[], seq_name: "" },
];

/// `Fault` for the tagged reader.
const FAULT: Tagged = Tagged {
    expecting: "internally tagged enum Fault",
    tag: "kind",
    variants: &VARIANTS,
    tags: &tags(&VARIANTS),
    index: "variant index 0 <= i < 13",
};

impl<'de> Deserialize<'de> for Fault {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fault, D::Error> {
        let (variant, fields) = read_tagged::read(deserializer, &FAULT)?;
        Ok(build(variant, fields.into_iter()))
    }
}

/// The fault of variant `v` from its fields (as many as the variant has, of its types).
fn build(v: usize, mut fields: impl Iterator<Item = read_tagged::Field>) -> Fault {
    let fields = &mut fields;
    match v {
        0 => Fault::CrashConsumer { consumer: text(fields) },
        1 => Fault::LoseNextAck { consumer: text(fields) },
        2 => Fault::LoseNextConfirm { producer: text(fields) },
        3 => Fault::RestartBroker,
        4 => Fault::CrashProducer { producer: text(fields) },
        5 => Fault::KillConnection { client: text(fields) },
        6 => Fault::DropMessage { client: text(fields) },
        7 => {
            let client = text(fields);
            Fault::DelayMessage { client, delay_ms: count(fields) }
        }
        8 => Fault::KillNode { node: text(fields) },
        9 => Fault::StopNode { node: text(fields) },
        10 => Fault::StartNode { node: text(fields) },
        11 => match fields.next() {
            Some(read_tagged::Field::Sides(sides)) => Fault::Partition { sides },
            _ => Fault::Partition { sides: Vec::new() },
        },
        _ => Fault::Heal,
    }
}

#[cfg(test)]
mod tests {
    use super::{Deserialize, FAULT};
    use crate::sim::scenario::read_tagged::tests::corpus;
    use crate::sim::scenario::Fault as Hand;
    use crate::sim::scenario::ScheduledFault;

    /// `Fault` as serde's derive reads it (named alike: the derive's messages name the type): the
    /// reference the hand reader must equal.
    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
    enum Fault {
        CrashConsumer { consumer: String },
        LoseNextAck { consumer: String },
        LoseNextConfirm { producer: String },
        RestartBroker,
        CrashProducer { producer: String },
        KillConnection { client: String },
        DropMessage { client: String },
        DelayMessage { client: String, delay_ms: u64 },
        KillNode { node: String },
        StopNode { node: String },
        StartNode { node: String },
        Partition { sides: Vec<Vec<String>> },
        Heal,
    }

    impl From<Fault> for Hand {
        fn from(d: Fault) -> Hand {
            match d {
                Fault::CrashConsumer { consumer } => Hand::CrashConsumer { consumer },
                Fault::LoseNextAck { consumer } => Hand::LoseNextAck { consumer },
                Fault::LoseNextConfirm { producer } => Hand::LoseNextConfirm { producer },
                Fault::RestartBroker => Hand::RestartBroker,
                Fault::CrashProducer { producer } => Hand::CrashProducer { producer },
                Fault::KillConnection { client } => Hand::KillConnection { client },
                Fault::DropMessage { client } => Hand::DropMessage { client },
                Fault::DelayMessage { client, delay_ms } => Hand::DelayMessage { client, delay_ms },
                Fault::KillNode { node } => Hand::KillNode { node },
                Fault::StopNode { node } => Hand::StopNode { node },
                Fault::StartNode { node } => Hand::StartNode { node },
                Fault::Partition { sides } => Hand::Partition { sides },
                Fault::Heal => Hand::Heal,
            }
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename = "ScheduledFault", deny_unknown_fields)]
    struct DerivedScheduled {
        at_ms: u64,
        fault: Fault,
    }

    /// Reads `fault` inside a schedule (first or last field, over several lines, so the paths and
    /// positions of errors are compared too) with both readers, and asserts the same outcome.
    fn same(fault: &str) -> bool {
        let mut accepted = false;
        for (text, scheduled) in [
            (format!("[\n  {{\"at_ms\": 5,\n   \"fault\": {fault}\n  }}\n]"), true),
            (format!("[{{\"fault\": {fault}, \"at_ms\": 5}}]"), true),
            (fault.to_string(), false),
        ] {
            let (hand, derived) = if scheduled {
                let hand = crate::input::from_json::<Vec<ScheduledFault>>(&text).map(|v| v.into_iter().map(|s| (s.at_ms, s.fault)).collect::<Vec<_>>());
                let derived = crate::input::from_json::<Vec<DerivedScheduled>>(&text).map(|v| v.into_iter().map(|s| (s.at_ms, Hand::from(s.fault))).collect());
                (hand, derived)
            } else {
                (crate::input::from_json::<Hand>(&text).map(|f| vec![(0, f)]), crate::input::from_json::<Fault>(&text).map(|f| vec![(0, f.into())]))
            };
            assert_eq!(hand, derived, "{text}");
            accepted = hand.is_ok();
        }
        accepted
    }

    #[test]
    fn the_hand_reader_is_the_derive() {
        let values = ["\"c1\"", "\"\"", "5", "0", "-1", "1.5", "1e30", "null", "true", "[]", "[[\"rabbit\"]]", "[[\"a\", \"b\"], []]", "[[1]]", "[\"a\"]", "{}", "{\"a\": 1}"];
        let names = ["consumer", "producer", "client", "node", "delay_ms", "sides", "kind", "other"];
        let good = |f: &str| match f {
            "delay_ms" => "250",
            "sides" => "[[\"rabbit-1\"], [\"rabbit-2\"]]",
            _ => "\"c1\"",
        };
        let rests = ["", ", \"c1\"", ", \"c1\", 250", ", \"c1\", 250, 1", ", 5", ", [[\"a\"]]", ", \"c1\", \"x\"", ", null"];
        let others = ["{}", "[]", "null", "\"heal\"", "5", "{\"consumer\": \"c1\"}", "{\"kind\": \"heal\", \"kind\": \"heal\"}", "{\"kind\": \"crash_consumer\", \"consumer\": \"c\", \"kind\": \"x\"}"];
        let (cases, accepted) = corpus(&FAULT, &names, &values, good, &rests, &others, same);
        assert!(cases > 2000 && accepted > 100, "{cases} cases, {accepted} accepted");
    }
}
