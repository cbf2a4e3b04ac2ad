//! The observation a client script produces: the same shape from the simulator and from a real
//! broker, so the two can be diffed.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{json, Value as Json};

use crate::core::message::Message;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Observation {
    /// `[consumer, id, redelivered, exchange, routing key, x-death or null]`, in arrival order.
    pub deliveries: Vec<Json>,
    /// `[id, "ack" | "nack"]`, in publish order.
    pub confirms: Vec<Json>,
    /// `[id, reply code]`.
    pub returns: Vec<Json>,
    /// Per declared queue, in declaration order: drained `[id, redelivered, x-death]`, or "error N".
    pub final_state: Vec<(String, Json)>,
    /// `[step index, reply code]` (-1 for the top-level declarations).
    pub errors: Vec<Json>,
}

/// `x-death` as the observation shows it: most recent first, `[queue, reason, count, exchange, keys]`.
pub fn x_death(msg: &Message) -> Json {
    let deaths = msg.deaths();
    if deaths.is_empty() {
        return Json::Null;
    }
    deaths
        .iter()
        .map(|d| {
            let keys: Vec<&str> = d.routing_keys.iter().map(|k| &**k).collect();
            json!([&*d.queue, d.reason.as_str(), d.count, &*d.exchange, keys])
        })
        .collect()
}

struct FinalMap<'a>(&'a [(String, Json)]);

impl Serialize for FinalMap<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (queue, value) in self.0 {
            map.serialize_entry(queue, value)?;
        }
        map.end()
    }
}

struct Lines<'a>(&'a [Json]);

impl Serialize for Lines<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

impl Serialize for Observation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("deliveries", &Lines(&self.deliveries))?;
        map.serialize_entry("confirms", &Lines(&self.confirms))?;
        map.serialize_entry("returns", &Lines(&self.returns))?;
        map.serialize_entry("final", &FinalMap(&self.final_state))?;
        map.serialize_entry("errors", &Lines(&self.errors))?;
        map.end()
    }
}

impl Observation {
    /// One JSON document, one top-level key per line (readable diffs, stable order).
    pub fn to_json_text(&self) -> String {
        let text = |v: &dyn erased_serde_free::Text| v.text();
        let parts = [
            ("deliveries", text(&Lines(&self.deliveries))),
            ("confirms", text(&Lines(&self.confirms))),
            ("returns", text(&Lines(&self.returns))),
            ("final", text(&FinalMap(&self.final_state))),
            ("errors", text(&Lines(&self.errors))),
        ];
        let body: Vec<String> = parts.iter().map(|(key, value)| format!("  \"{key}\": {value}")).collect();
        format!("{{\n{}\n}}", body.join(",\n"))
    }

    pub fn to_json(&self) -> Json {
        serde_json::to_value(self).expect("plain JSON values")
    }
}

mod erased_serde_free {
    /// Compact JSON text of any serializable part (a trait object keeps the list above uniform).
    pub trait Text {
        fn text(&self) -> String;
    }
    impl<T: serde::Serialize> Text for T {
        fn text(&self) -> String {
            serde_json::to_string(self).expect("plain JSON values")
        }
    }
}
