//! Reading a [`Fault`] (`{"kind": "crash_consumer", "consumer": "c1"}`) by hand.
//!
//! serde's derive for an internally tagged enum writes a visitor per variant, each fed from a
//! buffer of the object; for the thirteen kinds that was the largest function of the page's
//! wasm (23 KB before wasm-opt). This reads the same way with one table of fields: the tag is
//! read as it comes (an unknown kind is refused where it stands), the other entries are kept as
//! JSON values and read once the object is over, so every message and the place it is reported
//! at are the derive's. What it accepts and refuses is checked against the derive, kept in the
//! tests, on a corpus of right and wrong faults (`the_hand_reader_is_the_derive`).

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::Value as Json;

use super::Fault;

/// The type of a variant's field.
#[derive(Clone, Copy)]
enum Type {
    Text,
    Count,
    Sides,
}

/// One variant: its tag, its fields (in declaration order) and the derive's name for its
/// sequence form.
struct Variant {
    tag: &'static str,
    fields: &'static [&'static str],
    types: &'static [Type],
    seq_name: &'static str,
}

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

/// The tags, for the message naming an unknown one.
const TAGS: [&str; 13] = {
    let mut tags = [""; 13];
    let mut i = 0;
    while i < VARIANTS.len() {
        tags[i] = VARIANTS[i].tag;
        i += 1;
    }
    tags
};

/// The object or sequence a fault was written as, its tag read and its other entries kept.
enum Read {
    Map(usize, Vec<(String, Json)>),
    Seq(usize, Vec<Json>),
}

/// A field's value, read from its kept JSON.
enum Field {
    Text(String),
    Count(u64),
    Sides(Vec<Vec<String>>),
}

impl<'de> Deserialize<'de> for Fault {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fault, D::Error> {
        // Read whole first, checked after: the derive's errors in the fields come out once the
        // object is over, so the reading error's path is the same.
        let read = deserializer.deserialize_any(Whole)?;
        let (variant, values) = match read {
            Read::Map(v, entries) => (v, map_fields::<D::Error>(&VARIANTS[v], entries)?),
            Read::Seq(v, items) => (v, seq_fields::<D::Error>(&VARIANTS[v], items)?),
        };
        Ok(build(variant, values))
    }
}

/// The fields of a variant written as an object: unknown, repeated and missing ones refused, in
/// the derive's order (each entry in turn, then the missing fields in declaration order).
fn map_fields<E: de::Error>(variant: &Variant, entries: Vec<(String, Json)>) -> Result<Vec<Field>, E> {
    if variant.fields.is_empty() {
        // The derive's unit variants ignore whatever else the object holds.
        return Ok(Vec::new());
    }
    let mut slots: Vec<Option<Field>> = variant.fields.iter().map(|_| None).collect();
    for (key, value) in entries {
        let Some(i) = variant.fields.iter().position(|f| *f == key) else {
            return Err(E::unknown_field(&key, variant.fields));
        };
        if slots[i].is_some() {
            return Err(E::duplicate_field(variant.fields[i]));
        }
        slots[i] = Some(field(variant.types[i], value)?);
    }
    let mut fields = Vec::with_capacity(slots.len());
    for (slot, name) in slots.into_iter().zip(variant.fields) {
        fields.push(slot.ok_or_else(|| E::missing_field(name))?);
    }
    Ok(fields)
}

/// The fields of a variant written as a sequence after its tag (`["kill_node", "rabbit-2"]`).
fn seq_fields<E: de::Error>(variant: &Variant, items: Vec<Json>) -> Result<Vec<Field>, E> {
    let count = items.len();
    let mut items = items.into_iter();
    let mut fields = Vec::with_capacity(variant.types.len());
    for (i, ty) in variant.types.iter().enumerate() {
        let item = items.next().ok_or_else(|| E::invalid_length(i, &variant.seq_name))?;
        fields.push(field(*ty, item)?);
    }
    if count > fields.len() {
        return Err(E::invalid_length(count, &InSeq(fields.len())));
    }
    Ok(fields)
}

/// The derive's message for a sequence with elements left over.
struct InSeq(usize);

impl de::Expected for InSeq {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self.0 {
            1 => f.write_str("1 element in sequence"),
            n => write!(f, "{n} elements in sequence"),
        }
    }
}

/// One field's value: serde_json's message for a wrong type, as the derive gives it.
fn field<E: de::Error>(ty: Type, value: Json) -> Result<Field, E> {
    let read = match ty {
        Type::Text => String::deserialize(value).map(Field::Text),
        Type::Count => u64::deserialize(value).map(Field::Count),
        Type::Sides => Vec::<Vec<String>>::deserialize(value).map(Field::Sides),
    };
    read.map_err(|e| E::custom(e))
}

/// The fault of variant `v` from its fields (as many as the variant has, of its types).
fn build(v: usize, fields: Vec<Field>) -> Fault {
    let mut fields = fields.into_iter();
    let mut text = || match fields.next() {
        Some(Field::Text(t)) => t,
        _ => String::new(),
    };
    match v {
        0 => Fault::CrashConsumer { consumer: text() },
        1 => Fault::LoseNextAck { consumer: text() },
        2 => Fault::LoseNextConfirm { producer: text() },
        3 => Fault::RestartBroker,
        4 => Fault::CrashProducer { producer: text() },
        5 => Fault::KillConnection { client: text() },
        6 => Fault::DropMessage { client: text() },
        7 => {
            let client = text();
            let delay_ms = match fields.next() {
                Some(Field::Count(n)) => n,
                _ => 0,
            };
            Fault::DelayMessage { client, delay_ms }
        }
        8 => Fault::KillNode { node: text() },
        9 => Fault::StopNode { node: text() },
        10 => Fault::StartNode { node: text() },
        11 => match fields.next() {
            Some(Field::Sides(sides)) => Fault::Partition { sides },
            _ => Fault::Partition { sides: Vec::new() },
        },
        _ => Fault::Heal,
    }
}

/// Reads the object (or sequence) of a fault: its tag as it comes, the rest kept.
struct Whole;

impl<'de> Visitor<'de> for Whole {
    type Value = Read;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("internally tagged enum Fault")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut tag = None;
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "kind" {
                if tag.is_some() {
                    return Err(de::Error::duplicate_field("kind"));
                }
                tag = Some(map.next_value_seed(Tag)?);
            } else {
                entries.push((key, map.next_value::<Json>()?));
            }
        }
        tag.map(|v| Read::Map(v, entries)).ok_or_else(|| de::Error::missing_field("kind"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Read, A::Error> {
        let tag = seq.next_element_seed(Tag)?.ok_or_else(|| de::Error::missing_field("kind"))?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Json>()? {
            items.push(item);
        }
        Ok(Read::Seq(tag, items))
    }
}

/// A fault's `kind`: the index of its variant.
#[derive(Clone, Copy)]
struct Tag;

impl<'de> DeserializeSeed<'de> for Tag {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Tag {
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("variant identifier")
    }
    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        TAGS.iter().position(|t| *t == name).ok_or_else(|| E::unknown_variant(name, &TAGS))
    }
    fn visit_u64<E: de::Error>(self, index: u64) -> Result<usize, E> {
        match usize::try_from(index) {
            Ok(i) if i < TAGS.len() => Ok(i),
            _ => Err(E::invalid_value(Unexpected::Unsigned(index), &"variant index 0 <= i < 13")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Deserialize, TAGS, VARIANTS};
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
        let mut tags: Vec<String> = TAGS.iter().map(|t| format!("\"{t}\"")).collect();
        tags.extend(["\"nope\"", "\"Heal\"", "3", "13", "-1", "null", "[]", "{}"].map(String::from));
        let (mut cases, mut accepted) = (0, 0);
        let mut check = |fault: String| {
            cases += 1;
            accepted += same(&fault) as usize;
        };
        for tag in &tags {
            // The right fields of the variant, each missing in turn, each given twice.
            let right = TAGS.iter().position(|t| format!("\"{t}\"") == *tag).map_or(&[][..], |v| VARIANTS[v].fields);
            let good = |f: &str| match f {
                "delay_ms" => "250",
                "sides" => "[[\"rabbit-1\"], [\"rabbit-2\"]]",
                _ => "\"c1\"",
            };
            let all: Vec<String> = right.iter().map(|f| format!("\"{f}\": {}", good(f))).collect();
            check(format!("{{\"kind\": {tag}{}}}", all.iter().map(|e| format!(", {e}")).collect::<String>()));
            check(format!("{{{}\"kind\": {tag}}}", all.iter().map(|e| format!("{e}, ")).collect::<String>()));
            for skip in 0..all.len() {
                let some: String = all.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, e)| format!(", {e}")).collect();
                check(format!("{{\"kind\": {tag}{some}}}"));
                check(format!("{{\"kind\": {tag}, {}, {}}}", all.join(", "), all[skip]));
            }
            // Every name with every value, beside the right fields.
            for name in names {
                for value in values {
                    check(format!("{{\"kind\": {tag}, \"{name}\": {value}}}"));
                    check(format!("{{\"{name}\": {value}, \"kind\": {tag}{}}}", all.iter().map(|e| format!(", {e}")).collect::<String>()));
                }
            }
            // The sequence form: the tag, then the fields in order.
            for rest in ["", ", \"c1\"", ", \"c1\", 250", ", \"c1\", 250, 1", ", 5", ", [[\"a\"]]", ", \"c1\", \"x\"", ", null"] {
                check(format!("[{tag}{rest}]"));
            }
        }
        for other in ["{}", "[]", "null", "\"heal\"", "5", "{\"consumer\": \"c1\"}", "{\"kind\": \"heal\", \"kind\": \"heal\"}", "{\"kind\": \"crash_consumer\", \"consumer\": \"c\", \"kind\": \"x\"}"] {
            check(other.to_string());
        }
        assert!(cases > 2000 && accepted > 100, "{cases} cases, {accepted} accepted");
    }
}
