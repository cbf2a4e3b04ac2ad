//! A consumer's fields: its queue and prefetch, processing time, failures, idempotency, lock
//! and cache.

use super::text::*;
use super::Field;
use crate::sim::scenario::{CacheSpec, ConsumerSpec, LockSpec, Processing, Span};
use crate::ui::model::edit::Problem;

/// The text a consumer's field shows.
pub(super) fn get(c: &ConsumerSpec, field: &Field) -> String {
    use Field::*;
    match field {
        Name => c.name.clone(),
        Queue => c.queue.clone(),
        AutoAck => c.auto_ack.to_string(),
        Prefetch => c.prefetch.to_string(),
        Priority => c.priority.to_string(),
        ProcessingDist => dist_of(c.processing).to_string(),
        ProcessingMin => span_of(c).min.to_string(),
        ProcessingMax => span_of(c).max.to_string(),
        ProcessingFixed => match c.processing {
            Some(Processing::Fixed { ms }) => ms.to_string(),
            _ => String::new(),
        },
        ProcessingMean => match c.processing {
            Some(Processing::Exponential { mean_ms }) => mean_ms.to_string(),
            _ => String::new(),
        },
        Lock => c.lock.is_some().to_string(),
        LockKey => c.lock.as_ref().map(|l| l.key.clone()).unwrap_or_default(),
        LockLease => opt(c.lock.as_ref().map(|l| l.lease_ms)),
        LockRetry => opt(c.lock.as_ref().map(|l| l.retry_ms)),
        Cache => c.cache.is_some().to_string(),
        CacheTtl => opt(c.cache.map(|c| c.ttl_ms)),
        FailureNumerator => c.failure.numerator.to_string(),
        FailureDenominator => c.failure.denominator.to_string(),
        OnFailure => c.on_failure.name().to_string(),
        Idempotency => c.idempotency.name().to_string(),
        Start => c.start_ms.to_string(),
        _ => String::new(),
    }
}

pub(super) fn set(c: &mut ConsumerSpec, field: &Field, v: &str) -> Result<(), Problem> {
    use Field::*;
    match field {
        Queue => c.queue = v.trim().into(),
        AutoAck => c.auto_ack = flag(v),
        Prefetch => c.prefetch = whole(v)?,
        Priority => c.priority = v.trim().parse().map_err(|_| Problem::NotInteger)?,
        ProcessingDist => set_dist(c, v)?,
        ProcessingMin | ProcessingMax => {
            let ms = whole(v)?;
            let min = *field == ProcessingMin;
            match &mut c.processing {
                Some(Processing::Uniform { min_ms, max_ms }) => *(if min { min_ms } else { max_ms }) = ms,
                _ if min => c.processing_ms.min = ms,
                _ => c.processing_ms.max = ms,
            }
        }
        ProcessingFixed => {
            let value = whole(v)?;
            if let Some(Processing::Fixed { ms }) = &mut c.processing {
                *ms = value;
            }
        }
        ProcessingMean => {
            let value = whole(v)?;
            if let Some(Processing::Exponential { mean_ms }) = &mut c.processing {
                *mean_ms = value;
            }
        }
        Lock => {
            c.lock = flag(v).then(|| LockSpec { key: format!("lock:{}", c.queue), lease_ms: 1000, retry_ms: 10 })
        }
        LockKey | LockLease | LockRetry => {
            let Some(lock) = &mut c.lock else { return Ok(()) };
            match field {
                LockKey => lock.key = v.trim().into(),
                LockLease => lock.lease_ms = whole(v)?,
                _ => lock.retry_ms = whole(v)?,
            }
        }
        Cache => c.cache = flag(v).then_some(CacheSpec { ttl_ms: 10_000 }),
        CacheTtl => {
            let ttl = whole(v)?;
            if let Some(cache) = &mut c.cache {
                cache.ttl_ms = ttl;
            }
        }
        FailureNumerator => c.failure.numerator = whole(v)?,
        FailureDenominator => c.failure.denominator = whole(v)?,
        OnFailure => c.on_failure = choice(v)?,
        Idempotency => c.idempotency = choice(v)?,
        Start => c.start_ms = whole(v)?,
        _ => {}
    }
    Ok(())
}

/// A processing distribution's name (`processing_ms`, the older form, is a uniform one).
pub fn dist_of(p: Option<Processing>) -> &'static str {
    match p {
        Some(Processing::Fixed { .. }) => "fixed",
        Some(Processing::Exponential { .. }) => "exponential",
        Some(Processing::Uniform { .. }) | None => "uniform",
    }
}

/// The range of a consumer's processing time as the uniform fields show it.
fn span_of(c: &ConsumerSpec) -> Span {
    match c.processing {
        Some(Processing::Uniform { min_ms, max_ms }) => Span { min: min_ms, max: max_ms },
        Some(Processing::Fixed { ms }) => Span { min: ms, max: ms },
        Some(Processing::Exponential { mean_ms }) => Span { min: mean_ms, max: mean_ms },
        None => c.processing_ms,
    }
}

/// Switches a consumer's processing distribution, keeping its typical time.
fn set_dist(c: &mut ConsumerSpec, v: &str) -> Result<(), Problem> {
    if v == dist_of(c.processing) {
        return Ok(());
    }
    let span = span_of(c);
    let mean = ((span.min + span.max) / 2).max(1);
    c.processing = Some(match v {
        "fixed" => Processing::Fixed { ms: mean },
        "uniform" => Processing::Uniform { min_ms: span.min, max_ms: span.max },
        "exponential" => Processing::Exponential { mean_ms: mean },
        other => return Err(Problem::Invalid(format!("processing.dist: \"{other}\" is not fixed, uniform or exponential"))),
    });
    c.processing_ms = Span::default();
    Ok(())
}
