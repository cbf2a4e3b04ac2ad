//! An exchange's fields: what each shows and what writing it does.

use serde_json::Value as Json;

use super::text::*;
use super::{Field, ALTERNATE_EXCHANGE};
use crate::sim::scenario::{ExchangeSpec, Scenario};
use crate::ui::model::edit::Problem;

/// The text an exchange's field shows.
pub(super) fn get(x: &ExchangeSpec, field: &Field) -> String {
    use Field::*;
    match field {
        Name => x.name.clone(),
        ExchangeType => x.kind.clone(),
        Durable => x.durable.to_string(),
        Internal => x.internal.to_string(),
        AlternateExchange => arg_text(&x.args, ALTERNATE_EXCHANGE),
        _ => String::new(),
    }
}

/// Writes a field of exchange `name` (whether the broker accepts it is the scenario's validation's
/// call: an alternate exchange may name one that does not exist yet, as in RabbitMQ).
pub(super) fn set(s: &mut Scenario, name: &str, field: &Field, v: &str) -> Result<(), Problem> {
    use Field::*;
    let Some(x) = s.exchanges.iter_mut().find(|x| x.name == name) else { return Ok(()) };
    match field {
        ExchangeType => x.kind = v.into(),
        Durable => x.durable = flag(v),
        Internal => x.internal = flag(v),
        AlternateExchange if v.trim().is_empty() => drop(x.args.remove(ALTERNATE_EXCHANGE)),
        AlternateExchange => drop(x.args.insert(ALTERNATE_EXCHANGE.into(), Json::from(v.trim()))),
        _ => {}
    }
    Ok(())
}
