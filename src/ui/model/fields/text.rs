//! Reading what the user typed into a field, and showing a value as text.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value as Json};

use crate::sim::scenario::write::Pretty;
use crate::ui::model::edit::Problem;

pub(super) fn whole<T: std::str::FromStr>(v: &str) -> Result<T, Problem> {
    v.trim().parse().map_err(|_| Problem::NotWhole)
}

pub(super) fn optional_whole(v: &str) -> Result<Option<u64>, Problem> {
    if v.trim().is_empty() {
        Ok(None)
    } else {
        whole(v).map(Some)
    }
}

pub(super) fn flag(v: &str) -> bool {
    v == "true"
}

/// An enum from its serde name (the value of a `<select>`).
pub(super) fn choice<T: DeserializeOwned>(v: &str) -> Result<T, Problem> {
    serde_json::from_value(Json::from(v)).map_err(|e| Problem::Invalid(e.to_string()))
}

pub(super) fn opt(v: Option<impl ToString>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

pub(super) fn arg_text(args: &Map<String, Json>, key: &str) -> String {
    match args.get(key) {
        None => String::new(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => Pretty::compact(other),
    }
}
