//! The simulated clients: producers (schedule, guarantee, properties) and consumers
//! (processing, failures, idempotency, locks, caches).

use serde_json::{Map, Value as Json};

#[cfg(test)] // The derives' `skip_serializing_if`, the export's reference.
use super::defaults::*;
use super::services::*;
use crate::core::rng::Ratio;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "lowercase"))]
pub enum PublishMode {
    Plain,
    Confirm,
    Tx,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ProducerSpec {
    pub name: String,
    pub exchange: String,
    /// Routing keys, used in turn.
    pub keys: Vec<String>,
    /// One publish every `interval_ms` virtual milliseconds (0: not set; give exactly one of
    /// `interval_ms`, `rate_per_s` and `burst`).
    #[cfg_attr(test, serde(skip_serializing_if = "is_zero"))]
    pub interval_ms: u64,
    /// Publishes per simulated second, evenly spaced.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub rate_per_s: Option<u32>,
    /// `size` messages at once at each of the times `at_ms`.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub burst: Option<BurstSpec>,
    /// Stop after this many messages (none: until the run ends).
    pub count: Option<u64>,
    pub start_ms: u64,
    pub persistent: bool,
    pub mode: PublishMode,
    /// In confirm mode: resend a message not confirmed within this time (publisher duplicates).
    pub confirm_timeout_ms: Option<u64>,
    pub mandatory: bool,
    pub expiration: Option<String>,
    pub headers: Map<String, Json>,
    /// Set the `message_id` property (`<producer>-<n>`, kept on a resend); without it a
    /// consumer's dedup store has nothing to key on.
    pub message_ids: bool,
    /// In tx mode: publishes per transaction (tx.commit after every `tx_batch`).
    #[cfg_attr(test, serde(skip_serializing_if = "is_one"))]
    pub tx_batch: u32,
    /// In tx mode: the probability that a batch is rolled back instead of committed.
    #[cfg_attr(test, serde(skip_serializing_if = "is_never"))]
    pub tx_rollback: Ratio,
    /// The node it connects to first (then the next ones, in order, while that one is down).
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub node: Option<String>,
    /// Its messages are orders, paid or not during their delay (see `services.rs`).
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub orders: Option<OrdersSpec>,
    /// Instead of publishing, call the service of the consumer with this name and wait for it
    /// (the inline baseline: the order's latency includes the service's work; a call while the
    /// service is down fails).
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub inline_call: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct BurstSpec {
    pub size: u32,
    pub at_ms: Vec<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum Idempotency {
    /// Every delivery is processed, duplicates included.
    None,
    /// A dedup set keyed by message id, checked and recorded before processing (Redis SETNX).
    DedupSet,
    /// A unique-key insert that fails for a duplicate (a MySQL unique index).
    UniqueKey,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum FailureAction {
    /// basic.reject(requeue=false): dead-lettered if the queue has a DLX.
    Reject,
    /// basic.reject(requeue=true).
    Requeue,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct ConsumerSpec {
    pub name: String,
    pub queue: String,
    pub auto_ack: bool,
    /// 0 = unlimited.
    pub prefetch: u32,
    pub priority: i64,
    /// Processing time of one message, uniform in `min..=max` ms.
    pub processing_ms: Span,
    /// Processing time as a distribution (instead of `processing_ms`).
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub processing: Option<Processing>,
    /// Take a distributed lock (Redis SETNX with a lease) around processing.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub lock: Option<LockSpec>,
    /// Cache-aside: before processing, read the record named by the routing key from Redis; on
    /// a miss read it from MySQL and put it in Redis for `ttl_ms`.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub cache: Option<CacheSpec>,
    /// The node it connects to first (then the next ones, in order, while that one is down).
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub node: Option<String>,
    /// Probability that processing fails, and what the consumer then does.
    pub failure: Ratio,
    pub on_failure: FailureAction,
    pub idempotency: Idempotency,
    pub start_ms: u64,
    /// A shovel: publish each delivery again instead of processing it (see `services.rs`).
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub republish: Option<RepublishSpec>,
    /// A canceller: settle each delivery's order after processing.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub orders: Option<OrderAction>,
    /// A cache-aside writer: update MySQL, then delete the cache key.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub cache_write: Option<CacheWriteSpec>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Span {
    pub min: u64,
    pub max: u64,
}

/// A processing-time distribution, drawn from the broker's seeded PRNG (integers only). Read by
/// hand (`read_processing.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(tag = "dist", rename_all = "snake_case"))]
pub enum Processing {
    Fixed { ms: u64 },
    Uniform { min_ms: u64, max_ms: u64 },
    /// Memoryless, with this mean (a long tail: some messages take many times the mean).
    Exponential { mean_ms: u64 },
}

/// A lock around each message's processing: `SET key owner NX PX lease_ms` in the Redis-like
/// store, retried every `retry_ms` while someone else holds it, released by compare-and-delete.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct LockSpec {
    pub key: String,
    pub lease_ms: u64,
    pub retry_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct CacheSpec {
    pub ttl_ms: u64,
}
