//! AMQP field values (arguments and headers) as an ordered, comparable tree.

use std::collections::BTreeMap;

/// An AMQP field table, ordered by key so iteration is deterministic.
pub type Table = BTreeMap<String, Value>;

/// An AMQP field value. Integers of every width are one variant: RabbitMQ compares header values
/// ignoring the type tag, so an int 1 equals a long 1, while the string "1" does not.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    Void,
    Bool(bool),
    Int(i64),
    Str(String),
    Array(Vec<Value>),
    Table(Table),
}

impl Value {
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// From JSON: numbers must be integers (floats are rejected by the caller's schema).
    pub fn from_json(json: &serde_json::Value) -> Result<Value, String> {
        Ok(match json {
            serde_json::Value::Null => Value::Void,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => {
                Value::Int(n.as_i64().ok_or_else(|| format!("{n} is not an integer"))?)
            }
            serde_json::Value::String(s) => Value::Str(s.clone()),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(Value::from_json).collect::<Result<_, _>>()?)
            }
            serde_json::Value::Object(map) => Value::Table(table_from_json(map)?),
        })
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Void => serde_json::Value::Null,
            Value::Bool(b) => (*b).into(),
            Value::Int(i) => (*i).into(),
            Value::Str(s) => s.clone().into(),
            Value::Array(items) => items.iter().map(Value::to_json).collect(),
            Value::Table(t) => {
                // One insert at a time: collect() would sort first (a stable sort per type, see
                // crate::ordered); the table's keys come in order already.
                let mut object = serde_json::Map::new();
                for (k, v) in t {
                    object.insert(k.clone(), v.to_json());
                }
                serde_json::Value::Object(object)
            }
        }
    }
}

pub fn table_from_json(map: &serde_json::Map<String, serde_json::Value>) -> Result<Table, String> {
    let mut table = Table::new();
    for (k, v) in map {
        table.insert(k.clone(), Value::from_json(v).map_err(|e| format!("{k}: {e}"))?);
    }
    Ok(table)
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.to_string())
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
        let json = serde_json::Value::deserialize(deserializer)?;
        Value::from_json(&json).map_err(serde::de::Error::custom)
    }
}
