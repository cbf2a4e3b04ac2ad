//! A binding's fields.

use super::text::*;
use super::Field;
use crate::sim::scenario::BindingSpec;

/// The text a binding's field shows.
pub(super) fn get(b: &BindingSpec, field: &Field) -> String {
    use Field::*;
    match field {
        Source => b.source.clone(),
        Dest => b.dest.clone(),
        ToExchange => b.to_exchange.to_string(),
        Key => b.key.clone(),
        _ => String::new(),
    }
}

pub(super) fn set(b: &mut BindingSpec, field: &Field, v: &str) {
    use Field::*;
    match field {
        Source => b.source = v.trim().into(),
        Dest => b.dest = v.trim().into(),
        ToExchange => b.to_exchange = flag(v),
        Key => b.key = v.into(),
        _ => {}
    }
}
