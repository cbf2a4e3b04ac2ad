//! What the simulated applications do beyond publishing and consuming: an order service that
//! calls its downstream service inline instead of publishing, orders that customers pay during
//! their delay, a canceller that closes orders, a shovel that republishes what it receives, and
//! a cache-aside writer. Each is an optional field of a producer or consumer.


use super::Span;
use crate::core::rng::Ratio;

/// A producer whose messages are orders: each is an unpaid row in the MySQL-like store when it
/// is published, and with probability `paid` its customer pays `pay_after_ms` later (uniform).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct OrdersSpec {
    pub paid: Ratio,
    pub pay_after_ms: Span,
}

/// What a canceller consumer does with an order whose delay ran out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum OrderAction {
    /// Cancels it without looking (a paid order gets cancelled too).
    Cancel,
    /// Reads the order's state in MySQL and cancels it only while it is unpaid.
    CancelUnpaid,
}

/// A consumer that publishes every delivery it receives to `exchange` (a shovel), then acks
/// it: the message keeps its id, takes `routing_key` if given (else its own) and carries no
/// expiration unless `expiration` sets one (RabbitMQ strips a dead-lettered message's).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct RepublishSpec {
    pub exchange: String,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub routing_key: Option<String>,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub expiration: Option<String>,
}

/// A cache-aside writer: for each delivery it updates the row named by the routing key in
/// MySQL, then deletes that key in Redis, and deletes it once more `double_delete_ms` later if
/// set (the delayed double delete).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct CacheWriteSpec {
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub double_delete_ms: Option<u64>,
}

impl super::Scenario {
    /// The services' fields, the one place they are checked: references, ranges, limits.
    pub(super) fn check_services(&self) -> Result<(), String> {
        use super::limits;
        for (i, p) in self.producers.iter().enumerate() {
            let at = format!("producers[{i}]");
            if let Some(orders) = &p.orders {
                super::validate::probability(orders.paid, &format!("{at}.orders.paid"))?;
                let span = orders.pay_after_ms;
                if span.min > span.max {
                    return Err(format!("{at}.orders.pay_after_ms: min {} is above max {}", span.min, span.max));
                }
                limits::duration(span.max, &format!("{at}.orders.pay_after_ms.max"))?;
            }
            if let Some(service) = &p.inline_call {
                if !self.consumers.iter().any(|c| &c.name == service) {
                    return Err(format!("{at}.inline_call: no consumer named \"{service}\" (the service it calls)"));
                }
                if p.orders.is_some() {
                    return Err(format!("{at}.inline_call: an inline caller publishes no orders; remove orders or inline_call"));
                }
            }
        }
        for (i, c) in self.consumers.iter().enumerate() {
            let at = format!("consumers[{i}]");
            let roles = [c.republish.is_some(), c.orders.is_some(), c.cache_write.is_some()];
            if roles.iter().filter(|r| **r).count() > 1 {
                return Err(format!("{at}: give at most one of republish, orders and cache_write"));
            }
            if let Some(r) = &c.republish {
                if !self.exchange_exists(&r.exchange) {
                    return Err(format!("{at}.republish.exchange: no exchange named \"{}\"", r.exchange));
                }
                if let Some(key) = &r.routing_key {
                    limits::name(key, &format!("{at}.republish.routing_key"))?;
                }
                if r.expiration.as_deref().is_some_and(|e| e.parse::<u64>().is_err()) {
                    return Err(format!("{at}.republish.expiration: must be a string holding a non-negative integer"));
                }
            }
            if let Some(w) = &c.cache_write {
                if w.double_delete_ms == Some(0) {
                    return Err(format!("{at}.cache_write.double_delete_ms: must be > 0 (or left out)"));
                }
                limits::duration(w.double_delete_ms.unwrap_or(0), &format!("{at}.cache_write.double_delete_ms"))?;
                if c.cache.is_some() {
                    return Err(format!("{at}.cache_write: a writer does not read through the cache; remove cache"));
                }
            }
        }
        Ok(())
    }
}
