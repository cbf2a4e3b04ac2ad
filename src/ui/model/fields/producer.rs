//! A producer's fields: where it publishes, its schedule, its guarantee and its messages.

use super::text::*;
use super::Field;
use crate::core::rng::Ratio;
use crate::sim::scenario::{BurstSpec, ProducerSpec, PublishMode};
use crate::ui::model::edit::Problem;

/// The text a producer's field shows.
pub(super) fn get(p: &ProducerSpec, field: &Field) -> String {
    use Field::*;
    match field {
        Name => p.name.clone(),
        Exchange => p.exchange.clone(),
        Keys => p.keys.join("\n"),
        Schedule => schedule_of(p).to_string(),
        Interval => p.interval_ms.to_string(),
        Rate => opt(p.rate_per_s),
        BurstSize => opt(p.burst.as_ref().map(|b| b.size)),
        BurstAt => p
            .burst
            .as_ref()
            .map(|b| b.at_ms.iter().map(u64::to_string).collect::<Vec<_>>().join(", "))
            .unwrap_or_default(),
        MessageIds => p.message_ids.to_string(),
        TxBatch => p.tx_batch.to_string(),
        TxRollbackNumerator => p.tx_rollback.numerator.to_string(),
        TxRollbackDenominator => p.tx_rollback.denominator.to_string(),
        Count => opt(p.count),
        Start => p.start_ms.to_string(),
        Persistent => p.persistent.to_string(),
        Mode => p.mode.name().to_string(),
        ConfirmTimeout => opt(p.confirm_timeout_ms),
        Mandatory => p.mandatory.to_string(),
        Expiration => p.expiration.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// Writes a producer's field; `last_ms` is the run's last instant (a first burst fits in it).
pub(super) fn set(p: &mut ProducerSpec, field: &Field, v: &str, last_ms: u64) -> Result<(), Problem> {
    use Field::*;
    match field {
        Exchange => p.exchange = v.trim().into(),
        Keys => p.keys = keys(v),
        Schedule => set_schedule(p, v, last_ms)?,
        Interval => p.interval_ms = whole(v)?,
        Rate => p.rate_per_s = Some(whole(v)?),
        BurstSize => {
            let size = whole(v)?;
            if let Some(b) = &mut p.burst {
                b.size = size;
            }
        }
        BurstAt => {
            let times = v
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|t| !t.is_empty())
                .map(whole)
                .collect::<Result<Vec<u64>, _>>()?;
            if let Some(b) = &mut p.burst {
                b.at_ms = times;
            }
        }
        MessageIds => p.message_ids = flag(v),
        TxBatch => p.tx_batch = whole(v)?,
        TxRollbackNumerator => p.tx_rollback.numerator = whole(v)?,
        TxRollbackDenominator => p.tx_rollback.denominator = whole(v)?,
        Count => p.count = optional_whole(v)?,
        Start => p.start_ms = whole(v)?,
        Persistent => p.persistent = flag(v),
        Mode => {
            p.mode = choice(v)?;
            if p.mode != PublishMode::Confirm {
                p.confirm_timeout_ms = None;
            }
            if p.mode != PublishMode::Tx {
                p.tx_batch = 1;
                p.tx_rollback = Ratio::NEVER;
            }
        }
        ConfirmTimeout => p.confirm_timeout_ms = optional_whole(v)?,
        Mandatory => p.mandatory = flag(v),
        Expiration => p.expiration = Some(v.trim().to_string()).filter(|e| !e.is_empty()),
        _ => {}
    }
    Ok(())
}

/// Which schedule a producer has: `interval`, `rate` or `burst`.
pub fn schedule_of(p: &ProducerSpec) -> &'static str {
    match (&p.rate_per_s, &p.burst) {
        (Some(_), _) => "rate",
        (_, Some(_)) => "burst",
        _ => "interval",
    }
}

/// Switches a producer to another schedule, with a sensible first value (the old one is dropped:
/// a producer has exactly one).
fn set_schedule(p: &mut ProducerSpec, v: &str, last_ms: u64) -> Result<(), Problem> {
    if v == schedule_of(p) {
        return Ok(());
    }
    let (interval, rate, burst) = match v {
        "interval" => (1000, None, None),
        "rate" => (0, Some(10), None),
        "burst" => (0, None, Some(BurstSpec { size: 10, at_ms: vec![1000.min(last_ms)] })),
        other => return Err(Problem::Invalid(format!("schedule: \"{other}\" is not interval, rate or burst"))),
    };
    (p.interval_ms, p.rate_per_s, p.burst) = (interval, rate, burst);
    Ok(())
}

/// Routing keys, one per line (an empty text is the one empty key).
fn keys(v: &str) -> Vec<String> {
    let mut keys: Vec<String> = v.split('\n').map(|k| k.trim_end_matches('\r').to_string()).collect();
    while keys.len() > 1 && keys.last().is_some_and(|k| k.is_empty()) {
        keys.pop();
    }
    keys
}
