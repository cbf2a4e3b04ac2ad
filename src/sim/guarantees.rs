//! The guarantee ledger of a run: what the clients published, what was confirmed, routed,
//! delivered, processed, and what was lost (with its cause) or processed twice. The Jepsen-style
//! check: a message the broker confirmed but no consumer ever processed, and that no queue
//! still holds, is lost.

use std::collections::BTreeMap;

use serde::Serialize;

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Guarantees {
    /// Distinct messages the producers published (a resend is not a new message).
    pub published: u64,
    /// `basic.publish` calls, resends included.
    pub publishes: u64,
    /// Publishes sent again because their confirm did not come in time.
    pub resends: u64,
    /// Messages whose producer stopped resending: still unconfirmed after `MAX_RESENDS` (10)
    /// resends. Left out of the ledger's JSON while 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub gave_up: u64,
    /// Distinct messages the broker confirmed (`basic.ack`).
    pub confirmed: u64,
    /// Publisher `basic.nack`s.
    pub nacked: u64,
    /// Publishes the broker routed to at least one queue.
    pub routed: u64,
    /// Publishes routed nowhere and dropped (not returned).
    pub unroutable: u64,
    /// Mandatory publishes returned by the broker.
    pub returned: u64,
    /// Tx mode: messages in committed transactions.
    pub tx_committed: u64,
    /// Tx mode: messages in rolled-back transactions (never enqueued; the publisher knows).
    pub tx_rolled_back: u64,
    /// Tx mode: messages in a transaction whose channel died before the commit (never enqueued).
    pub tx_uncommitted: u64,
    pub delivered: u64,
    pub redelivered: u64,
    /// Acks that reached the broker.
    pub acked: u64,
    /// Processing failures the consumer rejected or requeued.
    pub rejected: u64,
    /// Deliveries recognised as duplicates by a consumer's dedup store or unique key.
    pub deduplicated: u64,
    /// Message copies (one per queue a message was routed to, `sim/fate.rs`) whose side effect
    /// happened, once or more: the processed fates.
    pub processed: u64,
    /// Copies whose side effect happened more than once: the processed-twice fate.
    pub processed_more_than_once: u64,
    /// Copies that expired (message or queue TTL), dead-lettered or dropped.
    pub expired: u64,
    pub dead_lettered: BTreeMap<String, u64>,
    pub dropped: BTreeMap<String, u64>,
    /// Client messages lost on the simulated network (`drop_message`, `lose_next_ack`).
    pub network_drops: u64,
    /// Auto-ack deliveries whose consumer crashed before processing them.
    pub lost_in_auto_ack_consumers: u64,
    /// The lost copies (the ledger's `lost`: the fates that lose a copy, `FateKind::is_lost`),
    /// by cause (a confirmed message's cause starts with "confirmed, then").
    pub lost: BTreeMap<String, u64>,
    /// The Jepsen check: copies of confirmed messages that will never be processed and that no
    /// queue holds: the lost ones, and also those expired, dropped or unroutable after the
    /// confirm (the publisher was told the broker had them).
    pub lost_confirmed: u64,
    /// Deliveries, by routing key, of a message with a lower producer sequence number after
    /// one with a higher number (same producer, same consumer).
    pub out_of_order: BTreeMap<String, u64>,
    /// Distributed locks (SETNX with a lease) taken, attempts that found the lock held, and
    /// critical sections entered while another holder was still inside (its lease ran out).
    pub locks_acquired: u64,
    pub lock_retries: u64,
    pub lock_overlaps: u64,
    /// Cache-aside reads: found in Redis / read from MySQL and put in Redis.
    pub cache_hits: u64,
    pub cache_misses: u64,
    /// Operations served by the Redis-like store and the MySQL-like table.
    pub redis_ops: u64,
    pub mysql_ops: u64,
    /// Faults that happened, by kind (scheduled, chaos or injected live).
    pub faults: BTreeMap<String, u64>,
    /// Copies still ready or unacked in some queue when the run ended.
    pub backlog: u64,
}
