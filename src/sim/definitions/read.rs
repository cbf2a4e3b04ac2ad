//! Reading the definitions' records by hand, each key as it comes: a known one into its field,
//! any other kept in `other` (what the derive's `#[serde(flatten)]` did by buffering the whole
//! object and reading it a second time, the largest reader of the page's wasm: 20 KB before
//! wasm-opt). The messages, and where they are reported, are the derive's: checked against the
//! derive, kept in the tests, on a corpus of right and wrong records (`the_hand_readers_are_the_derive`).

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value as Json};

use super::{all, yes, BindingDef, Definitions, ExchangeDef, ParameterDef, PolicyDef, QueueDef, VhostDef};

/// A field the record must have: its absence is refused, naming it.
macro_rules! required {
    ($key:literal) => {
        return Err(de::Error::missing_field($key))
    };
}

/// `impl Deserialize` for a record: each field with its key and the value it takes when absent;
/// every other key goes to `other`. A key given twice is refused, as the derive does.
macro_rules! read_record {
    ($ty:ident { $($field:ident: $key:literal => $absent:expr,)* }) => {
        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                struct Record;
                impl<'de> Visitor<'de> for Record {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($ty)))
                    }
                    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $(let mut $field = None;)*
                        let mut other = Map::new();
                        while let Some(key) = map.next_key::<String>()? {
                            match key.as_str() {
                                $($key => {
                                    if $field.is_some() {
                                        return Err(de::Error::duplicate_field($key));
                                    }
                                    $field = Some(map.next_value()?);
                                })*
                                _ => {
                                    let value: Json = map.next_value()?;
                                    other.insert(key, value);
                                }
                            }
                        }
                        // In declaration order: the first missing field is the one named.
                        Ok($ty { $($field: match $field { Some(v) => v, None => $absent },)* other })
                    }
                }
                deserializer.deserialize_map(Record)
            }
        }
    };
}

read_record!(Definitions {
    rabbit_version: "rabbit_version" => None,
    rabbitmq_version: "rabbitmq_version" => None,
    users: "users" => Vec::new(),
    vhosts: "vhosts" => Vec::new(),
    permissions: "permissions" => Vec::new(),
    topic_permissions: "topic_permissions" => Vec::new(),
    parameters: "parameters" => Vec::new(),
    global_parameters: "global_parameters" => Vec::new(),
    policies: "policies" => Vec::new(),
    queues: "queues" => Vec::new(),
    exchanges: "exchanges" => Vec::new(),
    bindings: "bindings" => Vec::new(),
});

read_record!(VhostDef {
    name: "name" => required!("name"),
});

read_record!(ParameterDef {
    vhost: "vhost" => None,
    component: "component" => required!("component"),
    name: "name" => required!("name"),
});

read_record!(PolicyDef {
    vhost: "vhost" => None,
    name: "name" => required!("name"),
    pattern: "pattern" => required!("pattern"),
    apply_to: "apply-to" => all(),
    definition: "definition" => required!("definition"),
    priority: "priority" => 0,
});

read_record!(QueueDef {
    name: "name" => required!("name"),
    vhost: "vhost" => None,
    durable: "durable" => yes(),
    auto_delete: "auto_delete" => false,
    arguments: "arguments" => Map::new(),
    kind: "type" => None,
});

read_record!(ExchangeDef {
    name: "name" => required!("name"),
    vhost: "vhost" => None,
    kind: "type" => required!("type"),
    durable: "durable" => yes(),
    auto_delete: "auto_delete" => false,
    internal: "internal" => false,
    arguments: "arguments" => Map::new(),
});

read_record!(BindingDef {
    source: "source" => required!("source"),
    vhost: "vhost" => None,
    destination: "destination" => required!("destination"),
    destination_type: "destination_type" => required!("destination_type"),
    routing_key: "routing_key" => String::new(),
    arguments: "arguments" => Map::new(),
});

#[cfg(test)]
mod tests {
    use serde::de::DeserializeOwned;
    use serde::Deserialize;
    use serde_json::{Map, Value as Json};

    /// The records as serde's derive reads them (named and laid out alike: the derive's messages
    /// name the type, and their Debug texts are compared).
    #[allow(dead_code)] // Their fields are read through Debug only.
    mod derived {
        use super::super::super::{all, yes};
        use super::*;

        #[derive(Debug, Deserialize)]
        pub struct Definitions {
            #[serde(default)]
            pub rabbit_version: Option<String>,
            #[serde(default)]
            pub rabbitmq_version: Option<String>,
            #[serde(default)]
            pub users: Vec<Json>,
            #[serde(default)]
            pub vhosts: Vec<VhostDef>,
            #[serde(default)]
            pub permissions: Vec<Json>,
            #[serde(default)]
            pub topic_permissions: Vec<Json>,
            #[serde(default)]
            pub parameters: Vec<ParameterDef>,
            #[serde(default)]
            pub global_parameters: Vec<Json>,
            #[serde(default)]
            pub policies: Vec<PolicyDef>,
            #[serde(default)]
            pub queues: Vec<QueueDef>,
            #[serde(default)]
            pub exchanges: Vec<ExchangeDef>,
            #[serde(default)]
            pub bindings: Vec<BindingDef>,
            #[serde(flatten)]
            pub other: Map<String, Json>,
        }

        #[derive(Debug, Deserialize)]
        pub struct VhostDef {
            pub name: String,
            #[serde(flatten)]
            pub other: Map<String, Json>,
        }

        #[derive(Debug, Deserialize)]
        pub struct ParameterDef {
            #[serde(default)]
            pub vhost: Option<String>,
            pub component: String,
            pub name: String,
            #[serde(flatten)]
            pub other: Map<String, Json>,
        }

        #[derive(Debug, Deserialize)]
        pub struct PolicyDef {
            #[serde(default)]
            pub vhost: Option<String>,
            pub name: String,
            pub pattern: String,
            #[serde(rename = "apply-to", default = "all")]
            pub apply_to: String,
            pub definition: Map<String, Json>,
            #[serde(default)]
            pub priority: i64,
            #[serde(flatten)]
            pub other: Map<String, Json>,
        }

        #[derive(Debug, Deserialize)]
        pub struct QueueDef {
            pub name: String,
            #[serde(default)]
            pub vhost: Option<String>,
            #[serde(default = "yes")]
            pub durable: bool,
            #[serde(default)]
            pub auto_delete: bool,
            #[serde(default)]
            pub arguments: Map<String, Json>,
            #[serde(rename = "type", default)]
            pub kind: Option<String>,
            #[serde(flatten)]
            pub other: Map<String, Json>,
        }

        #[derive(Debug, Deserialize)]
        pub struct ExchangeDef {
            pub name: String,
            #[serde(default)]
            pub vhost: Option<String>,
            #[serde(rename = "type")]
            pub kind: String,
            #[serde(default = "yes")]
            pub durable: bool,
            #[serde(default)]
            pub auto_delete: bool,
            #[serde(default)]
            pub internal: bool,
            #[serde(default)]
            pub arguments: Map<String, Json>,
            #[serde(flatten)]
            pub other: Map<String, Json>,
        }

        #[derive(Debug, Deserialize)]
        pub struct BindingDef {
            pub source: String,
            #[serde(default)]
            pub vhost: Option<String>,
            pub destination: String,
            pub destination_type: String,
            #[serde(default)]
            pub routing_key: String,
            #[serde(default)]
            pub arguments: Map<String, Json>,
            #[serde(flatten)]
            pub other: Map<String, Json>,
        }
    }

    /// Both readers give the same record or the same message (with its path) for `text`.
    fn same<H: DeserializeOwned + std::fmt::Debug, D: DeserializeOwned + std::fmt::Debug>(text: &str) -> bool {
        let hand = format!("{:?}", crate::input::from_json::<H>(text));
        let derived = format!("{:?}", crate::input::from_json::<D>(text));
        assert_eq!(hand, derived, "{text}");
        hand.starts_with("Ok")
    }

    /// Every record type with its keys and a right value for each required one.
    fn check<H: DeserializeOwned + std::fmt::Debug, D: DeserializeOwned + std::fmt::Debug>(section: &str, keys: &[(&str, Option<&str>)]) -> (usize, usize) {
        let values = ["\"a\"", "\"\"", "5", "-1", "1.5", "null", "true", "false", "[]", "[1, \"x\"]", "{}", "{\"k\": [1]}"];
        let required: Vec<String> = keys.iter().filter_map(|(k, good)| good.map(|g| format!("\"{k}\": {g}"))).collect();
        let mut texts = vec![format!("{{{}}}", required.join(", "))];
        for skip in 0..required.len() {
            let some: Vec<&str> = required.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, e)| e.as_str()).collect();
            texts.push(format!("{{{}}}", some.join(", ")));
            texts.push(format!("{{{}, {}}}", required.join(", "), required[skip]));
        }
        for (key, _) in keys.iter().chain(&[("other", None), ("Name", None)]) {
            for value in values {
                texts.push(format!("{{\"{key}\": {value}}}"));
                let head = required.iter().map(|e| format!("{e}, ")).collect::<String>();
                texts.push(format!("{{{head}\"{key}\": {value}, \"x\": {{\"y\": 1}}}}"));
                texts.push(format!("{{\n  \"{key}\": {value},\n  \"x\": 2, \"x\": 3{}\n}}", required.iter().map(|e| format!(",\n  {e}")).collect::<String>()));
            }
        }
        texts.extend(["[]", "null", "\"a\"", "5", "[{}]"].map(String::from));
        let (mut cases, mut accepted) = (0, 0);
        for text in &texts {
            cases += 2;
            accepted += same::<H, D>(text) as usize;
            // The same record inside a definitions file, second in its list (paths and positions).
            let file = format!("{{\"rabbit_version\": \"3.10.0\",\n \"{section}\": [{}, {text}\n ]}}", texts[0]);
            accepted += same::<super::Definitions, derived::Definitions>(&file) as usize;
        }
        (cases, accepted)
    }

    #[test]
    fn the_hand_readers_are_the_derive() {
        let s = Some("\"s\"");
        let tally = [
            check::<super::VhostDef, derived::VhostDef>("vhosts", &[("name", s)]),
            check::<super::ParameterDef, derived::ParameterDef>("parameters", &[("vhost", None), ("component", s), ("name", s)]),
            check::<super::PolicyDef, derived::PolicyDef>(
                "policies",
                &[("vhost", None), ("name", s), ("pattern", Some("\"^q\"")), ("apply-to", None), ("apply_to", None), ("definition", Some("{\"ha-mode\": \"all\"}")), ("priority", None)],
            ),
            check::<super::QueueDef, derived::QueueDef>("queues", &[("name", s), ("vhost", None), ("durable", None), ("auto_delete", None), ("arguments", None), ("type", None)]),
            check::<super::ExchangeDef, derived::ExchangeDef>(
                "exchanges",
                &[("name", s), ("vhost", None), ("type", Some("\"topic\"")), ("durable", None), ("auto_delete", None), ("internal", None), ("arguments", None)],
            ),
            check::<super::BindingDef, derived::BindingDef>(
                "bindings",
                &[("source", s), ("vhost", None), ("destination", s), ("destination_type", Some("\"queue\"")), ("routing_key", None), ("arguments", None)],
            ),
        ];
        let (cases, accepted) = tally.iter().fold((0, 0), |(c, a), (c2, a2)| (c + c2, a + a2));
        // The file's own keys: each section with a wrong value, unknown sections, a repeated one.
        let mut files = 0;
        for key in ["rabbit_version", "rabbitmq_version", "users", "vhosts", "permissions", "topic_permissions", "parameters", "global_parameters", "policies", "queues", "exchanges", "bindings", "federation", "x"] {
            for value in ["\"a\"", "5", "null", "[]", "[1]", "{}", "[{}]"] {
                same::<super::Definitions, derived::Definitions>(&format!("{{\"{key}\": {value}}}"));
                same::<super::Definitions, derived::Definitions>(&format!("{{\"{key}\": {value},\n \"{key}\": {value}}}"));
                files += 2;
            }
        }
        assert!(cases > 1500 && accepted > 300 && files > 150, "{cases} cases, {accepted} accepted");
    }
}
