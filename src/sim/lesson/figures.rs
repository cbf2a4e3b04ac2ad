//! The figures a lesson's predicates name: the guarantee ledger's and the measures', each read
//! from a finished run by one function, so a predicate never depends on how the ledger is
//! stored (when the ledger's layout changes, only [`figure`] changes).

use crate::sim::fate::FateKind;
use crate::sim::World;

/// Every figure a predicate may name, with what it counts.
pub const FIGURES: &[(&str, &str)] = &[
    ("published", "distinct messages the producers published"),
    ("publishes", "basic.publish calls, resends included"),
    ("resends", "publishes sent again after a confirm timeout"),
    ("confirmed", "messages the broker confirmed"),
    ("nacked", "publisher nacks"),
    ("returned", "mandatory publishes returned"),
    ("unroutable", "publishes routed nowhere and dropped"),
    ("tx_committed", "messages in committed transactions"),
    ("tx_rolled_back", "messages in rolled-back transactions"),
    ("delivered", "deliveries to consumers"),
    ("redelivered", "deliveries flagged redelivered"),
    ("acked", "acks that reached the broker"),
    ("rejected", "processing failures rejected or requeued"),
    ("deduplicated", "duplicates recognised by a dedup set or unique key"),
    ("processed", "messages whose side effect happened"),
    ("processed_twice", "messages whose side effect happened more than once"),
    ("expired", "copies that expired"),
    ("dead_lettered", "copies dead-lettered, every reason"),
    ("network_drops", "client messages lost on the network"),
    ("lost_in_auto_ack_consumers", "auto-ack deliveries lost in a consumer crash"),
    ("lost", "published messages whose fate is a loss: the ledger's lost line (expiry, dead-lettering and an unroutable publish are fates of their own)"),
    ("lost_confirmed", "confirmed messages lost (the Jepsen check)"),
    ("out_of_order", "deliveries out of per-key order, every key"),
    ("lock_overlaps", "critical sections entered while another holder was inside"),
    ("locks_acquired", "distributed locks taken"),
    ("cache_hits", "cache-aside reads found in Redis"),
    ("cache_misses", "cache-aside reads from MySQL"),
    ("backlog", "messages still in a queue at the end"),
    ("faults", "faults that happened, every kind"),
    ("confirms", "publishes whose confirm came back"),
    ("confirm_latency_mean_us", "mean time from publish to confirm, in virtual µs"),
    ("confirm_latency_p99_us", "99th percentile of the confirm latency, in virtual µs"),
    ("inline_calls", "orders placed by calling the service inline"),
    ("inline_failed", "inline calls that failed (service down or failing)"),
    ("inline_latency_mean_us", "mean time an order waited for the inline call, in virtual µs"),
    ("republished", "deliveries a shovel published again"),
    ("orders_placed", "orders placed"),
    ("orders_paid", "orders paid during their delay"),
    ("orders_cancelled", "orders cancelled"),
    ("orders_kept_paid", "paid orders the canceller left alone"),
    ("paid_orders_cancelled", "paid orders cancelled"),
    ("paid_after_cancel", "payments for orders already cancelled"),
    ("settle_lateness_max_ms", "the latest an order was settled after its delay ran out, in virtual ms"),
    ("cache_writes", "rows a cache-aside writer updated"),
    ("cache_deletes", "cache keys a writer deleted, second deletes included"),
    ("stale_reads", "cache reads older than MySQL"),
    ("last_done_ms", "when a consumer last finished a delivery, in virtual ms (a backlog's drain time)"),
    ("replicated", "message copies sent to mirrors or quorum followers on other nodes (replication traffic)"),
    ("producer_done_ms", "when a producer last learned a message was taken (tx.commit-ok or confirm; plain: sent), in virtual ms"),
];

/// The fate figures: `fate_<kind>` (the kind's id with `_` for `-`, e.g. `fate_lost_auto_ack_crash`)
/// is how many published messages ended in that fate, the ledger's fate line.
pub fn fate_figures() -> impl Iterator<Item = String> {
    FateKind::ALL.iter().map(|k| format!("fate_{}", k.id().replace('-', "_")))
}

/// A figure a predicate may name: listed in [`FIGURES`], or a fate figure.
pub fn is_figure(name: &str) -> bool {
    FIGURES.iter().any(|(f, _)| *f == name) || fate_figures().any(|f| f == name)
}

fn fate_figure(world: &World, name: &str) -> Option<u64> {
    let id = name.strip_prefix("fate_")?;
    let kind = FateKind::ALL.into_iter().find(|k| k.id().replace('-', "_") == id)?;
    Some(world.fates.get(kind))
}

/// The figure `name` of a run (None: no such figure).
pub fn figure(world: &World, name: &str) -> Option<u64> {
    let g = &world.guarantees;
    let m = &world.measures;
    let sum = |map: &std::collections::BTreeMap<String, u64>| map.values().sum::<u64>();
    Some(match name {
        "published" => g.published,
        "publishes" => g.publishes,
        "resends" => g.resends,
        "confirmed" => g.confirmed,
        "nacked" => g.nacked,
        "returned" => g.returned,
        "unroutable" => g.unroutable,
        "tx_committed" => g.tx_committed,
        "tx_rolled_back" => g.tx_rolled_back,
        "delivered" => g.delivered,
        "redelivered" => g.redelivered,
        "acked" => g.acked,
        "rejected" => g.rejected,
        "deduplicated" => g.deduplicated,
        "processed" => g.processed,
        "processed_twice" => g.processed_more_than_once,
        "expired" => g.expired,
        "dead_lettered" => sum(&g.dead_lettered),
        "network_drops" => g.network_drops,
        "lost_in_auto_ack_consumers" => g.lost_in_auto_ack_consumers,
        "lost" => world.fates.lost(),
        "lost_confirmed" => g.lost_confirmed,
        "out_of_order" => sum(&g.out_of_order),
        "lock_overlaps" => g.lock_overlaps,
        "locks_acquired" => g.locks_acquired,
        "cache_hits" => g.cache_hits,
        "cache_misses" => g.cache_misses,
        "backlog" => g.backlog,
        "faults" => sum(&g.faults),
        "confirms" => m.confirm_latency.count(),
        "confirm_latency_mean_us" => m.confirm_latency.mean_us(),
        "confirm_latency_p99_us" => m.confirm_latency.percentile_us(99),
        "inline_calls" => m.inline_calls,
        "inline_failed" => m.inline_failed,
        "inline_latency_mean_us" => m.inline_latency.mean_us(),
        "republished" => m.republished,
        "orders_placed" => m.orders_placed,
        "orders_paid" => m.orders_paid,
        "orders_cancelled" => m.orders_cancelled,
        "orders_kept_paid" => m.orders_kept_paid,
        "paid_orders_cancelled" => m.paid_orders_cancelled,
        "paid_after_cancel" => m.paid_after_cancel,
        "settle_lateness_max_ms" => m.settle_lateness.max_us() / 1000,
        "cache_writes" => m.cache_writes,
        "cache_deletes" => m.cache_deletes,
        "stale_reads" => m.stale_reads,
        "last_done_ms" => m.last_done.as_millis(),
        "replicated" => m.replicated,
        "producer_done_ms" => m.last_settled.as_millis(),
        _ => return fate_figure(world, name),
    })
}
