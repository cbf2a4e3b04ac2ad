//! The argument and header tables of an item: reading, writing and showing their values.

use serde_json::{Map, Value as Json};

use crate::sim::scenario::write::Pretty;
use crate::sim::scenario::Scenario;
use crate::ui::model::edit::Problem;
use crate::ui::model::entity::{Item, Kind};

/// The argument or header table of an item (consumers and the scenario have none).
pub fn table<'a>(s: &'a mut Scenario, item: &Item) -> Option<&'a mut Map<String, Json>> {
    match item {
        Item::Binding(i) => s.bindings.get_mut(*i).map(|b| &mut b.args),
        Item::Node(n) => match n.kind {
            Kind::Exchange => s.exchanges.iter_mut().find(|x| x.name == n.name).map(|x| &mut x.args),
            Kind::Queue => s.queues.iter_mut().find(|q| q.name == n.name).map(|q| &mut q.args),
            Kind::Producer => s.producers.iter_mut().find(|p| p.name == n.name).map(|p| &mut p.headers),
            Kind::Consumer => None,
        },
        Item::Scenario | Item::Store(_) => None,
    }
}

/// A table value from what the user typed: JSON if it reads as JSON, otherwise a string.
pub fn parse_value(text: &str) -> Json {
    serde_json::from_str(text.trim()).unwrap_or_else(|_| Json::from(text))
}

/// A table value as the user should see it: strings bare unless they would read back as
/// something else.
pub fn show_value(value: &Json) -> String {
    match value {
        Json::String(s) if !matches!(parse_value(s), Json::String(_)) => Pretty::compact(value),
        Json::String(s) => s.clone(),
        other => Pretty::compact(other),
    }
}

pub fn set_entry(s: &mut Scenario, item: &Item, old_key: &str, key: &str, value: &str) -> Result<(), Problem> {
    let Some(table) = table(s, item) else { return Ok(()) };
    if key.is_empty() {
        return Err(Problem::EmptyKey);
    }
    if key != old_key && table.contains_key(key) {
        return Err(Problem::DuplicateKey);
    }
    table.remove(old_key);
    table.insert(key.to_string(), parse_value(value));
    Ok(())
}

/// The rows of an item's argument or header table, without the keys that have their own field.
pub fn entries(s: &Scenario, item: &Item, hidden: &[&str]) -> Vec<(String, Json)> {
    let table = match item {
        Item::Binding(i) => s.bindings.get(*i).map(|b| &b.args),
        Item::Node(n) => match n.kind {
            Kind::Exchange => s.exchanges.iter().find(|x| x.name == n.name).map(|x| &x.args),
            Kind::Queue => s.queues.iter().find(|q| q.name == n.name).map(|q| &q.args),
            Kind::Producer => s.producers.iter().find(|p| p.name == n.name).map(|p| &p.headers),
            Kind::Consumer => None,
        },
        Item::Scenario | Item::Store(_) => None,
    };
    table
        .into_iter()
        .flatten()
        .filter(|(k, _)| !hidden.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}
