//! The guarantee ledger of a run: what the clients published, what was confirmed, delivered,
//! processed, and what was lost or processed twice. The Jepsen-style check: a message the broker
//! confirmed but no consumer ever processed, and that no queue still holds, is lost.

use std::collections::BTreeMap;

use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Guarantees {
    /// Distinct messages the producers published (a resend is not a new message).
    pub published: u64,
    /// `basic.publish` calls, resends included.
    pub publishes: u64,
    pub resends: u64,
    pub confirmed: u64,
    pub nacked: u64,
    pub returned: u64,
    pub delivered: u64,
    pub redelivered: u64,
    pub acked: u64,
    pub rejected: u64,
    /// Deliveries skipped by a consumer's dedup store.
    pub deduplicated: u64,
    /// Messages whose side effect happened, once or more.
    pub processed: u64,
    /// Messages whose side effect happened more than once.
    pub processed_more_than_once: u64,
    pub dead_lettered: BTreeMap<String, u64>,
    pub dropped: BTreeMap<String, u64>,
    /// Auto-ack deliveries whose consumer crashed before processing them.
    pub lost_in_auto_ack_consumers: u64,
    /// Confirmed, never processed, and in no queue at the end.
    pub lost_confirmed: u64,
    /// Still ready or unacked in some queue when the run ended.
    pub backlog: u64,
}
