//! A queue's fields: durability and the arguments that have a field of their own.

use serde_json::{Map, Value as Json};

use super::text::*;
use super::{Field, QueueArg, Shape};
use crate::sim::scenario::QueueSpec;
use crate::ui::model::edit::Problem;

/// The text a queue's field shows.
pub(super) fn get(q: &QueueSpec, field: &Field) -> String {
    use Field::*;
    match field {
        Name => q.name.clone(),
        Durable => q.durable.to_string(),
        Arg(a) if a.shape() == Shape::Bool => {
            (q.args.get(a.key()) == Some(&Json::Bool(true))).to_string()
        }
        Arg(a) => arg_text(&q.args, a.key()),
        _ => String::new(),
    }
}

pub(super) fn set(q: &mut QueueSpec, field: &Field, v: &str) -> Result<(), Problem> {
    use Field::*;
    match field {
        Durable => q.durable = flag(v),
        Arg(a) => set_queue_arg(&mut q.args, *a, v)?,
        _ => {}
    }
    Ok(())
}

fn set_queue_arg(args: &mut Map<String, Json>, a: QueueArg, v: &str) -> Result<(), Problem> {
    let v = v.trim();
    let value = match a.shape() {
        _ if v.is_empty() || (a.shape() == Shape::Bool && v != "true") => None,
        Shape::Int => Some(Json::from(v.parse::<i64>().map_err(|_| Problem::NotInteger)?)),
        Shape::Str => Some(Json::from(v)),
        Shape::Bool => Some(Json::Bool(true)),
    };
    match value {
        Some(value) => drop(args.insert(a.key().into(), value)),
        None => {
            args.remove(a.key());
            if a == QueueArg::DeadLetterExchange {
                args.remove(QueueArg::DeadLetterRoutingKey.key());
            }
        }
    }
    Ok(())
}
