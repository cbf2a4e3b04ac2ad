//! The figures a lesson's predicates name: the guarantee ledger's and the measures', each read
//! from a finished run by one function, so a predicate never depends on how the ledger is
//! stored (when the ledger's layout changes, only [`figure`] changes).

use crate::sim::fate::FateKind;
use crate::lang::Lang;
use crate::sim::World;

/// Every figure a predicate may name, with what it counts.
pub const FIGURES: &[(&str, &str, &str)] = &[
    ("published", "distinct messages the producers published", "生产者发布的消息（不同的消息，重发不算）"),
    ("copies", "message copies: one per queue a message was routed to, one for a message that reached none (the fates add up to it)", "消息副本：消息路由到的每个队列各一份，未到达任何队列的消息算一份（各结局之和）"),
    ("publishes", "basic.publish calls, resends included", "basic.publish 调用次数（含重发）"),
    ("resends", "publishes sent again after a confirm timeout", "确认超时后重发的次数"),
    ("confirmed", "messages the broker confirmed", "代理已确认（ack）的消息"),
    ("nacked", "publisher nacks", "代理返回的 nack"),
    ("returned", "mandatory publishes returned", "被退回的 mandatory 消息"),
    ("unroutable", "publishes routed nowhere and dropped", "无法路由而被丢弃的发布"),
    ("tx_committed", "messages in committed transactions", "已提交事务中的消息"),
    ("tx_rolled_back", "messages in rolled-back transactions", "已回滚事务中的消息"),
    ("delivered", "deliveries to consumers", "投递给消费者的次数"),
    ("redelivered", "deliveries flagged redelivered", "带 redelivered 标记的投递"),
    ("acked", "acks that reached the broker", "到达代理的 ack"),
    ("rejected", "processing failures rejected or requeued", "处理失败后被拒绝或重新入队"),
    ("deduplicated", "duplicates recognised by a dedup set or unique key", "被去重集合或唯一键识别出的重复消息"),
    ("processed", "message copies whose side effect happened (a fanout's copy per queue)", "副作用已发生的消息副本（扇出时每个队列一份）"),
    ("processed_twice", "message copies whose side effect happened more than once", "副作用发生了不止一次的消息副本"),
    ("expired", "copies that expired", "过期的消息副本"),
    ("dead_lettered", "copies dead-lettered, every reason", "成为死信的消息副本（各种原因）"),
    ("network_drops", "client messages lost on the network", "在网络中丢失的客户端消息"),
    ("lost_in_auto_ack_consumers", "auto-ack deliveries lost in a consumer crash", "自动确认消费者崩溃时丢失的投递"),
    ("lost", "message copies whose fate is a loss: the ledger's lost line (expiry, dead-lettering and an unroutable publish are fates of their own)", "结局为丢失的消息副本：账本上的“丢失”一行（过期、死信、无法路由各有自己的结局）"),
    ("lost_confirmed", "copies of confirmed messages never to be processed: lost, or expired, dropped or unroutable after the confirm (the Jepsen check)", "已确认却永远不会被处理的消息副本：丢失，或确认后过期、被丢弃、无法路由（Jepsen 检查）"),
    ("out_of_order", "deliveries out of per-key order, every key", "违反按键顺序的投递（所有键合计）"),
    ("lock_overlaps", "critical sections entered while another holder was inside", "别人仍持锁时进入临界区的次数"),
    ("locks_acquired", "distributed locks taken", "获得分布式锁的次数"),
    ("cache_hits", "cache-aside reads found in Redis", "在 Redis 中命中的旁路缓存读取"),
    ("cache_misses", "cache-aside reads from MySQL", "回源 MySQL 的旁路缓存读取"),
    ("backlog", "message copies still in a queue (ready or unacked)", "仍在队列中（待投递或未确认）的消息副本"),
    ("faults", "faults that happened, every kind", "发生的故障（所有种类）"),
    ("confirms", "publishes whose confirm came back", "收到确认的发布"),
    ("confirm_latency_mean_us", "mean time from publish to confirm, in virtual µs", "从发布到确认的平均时间（虚拟微秒）"),
    ("confirm_latency_p99_us", "99th percentile of the confirm latency, in virtual µs", "确认延迟的 99 分位（虚拟微秒）"),
    ("inline_calls", "orders placed by calling the service inline", "同步调用服务下的订单"),
    ("inline_failed", "inline calls that failed (service down or failing)", "失败的同步调用（服务宕机或出错）"),
    ("inline_latency_mean_us", "mean time an order waited for the inline call, in virtual µs", "订单等待同步调用的平均时间（虚拟微秒）"),
    ("republished", "deliveries a shovel published again", "被 shovel 重新发布的投递"),
    ("orders_placed", "orders placed", "下的订单"),
    ("orders_paid", "orders paid during their delay", "在延迟期间支付的订单"),
    ("orders_cancelled", "orders cancelled", "被取消的订单"),
    ("orders_kept_paid", "paid orders the canceller left alone", "因已支付而保留的订单"),
    ("paid_orders_cancelled", "paid orders cancelled", "已支付却被取消的订单"),
    ("paid_after_cancel", "payments for orders already cancelled", "订单取消后才到的支付"),
    ("settle_lateness_max_ms", "the latest an order was settled after its delay ran out, in virtual ms", "订单在延迟到期后最晚多久才被处理（虚拟毫秒）"),
    ("cache_writes", "rows a cache-aside writer updated", "旁路缓存写入方更新的行"),
    ("cache_deletes", "cache keys a writer deleted, second deletes included", "写入方删除的缓存键（含第二次删除）"),
    ("stale_reads", "cache reads older than MySQL", "读到比 MySQL 旧的缓存值（脏读）"),
    ("last_done_ms", "when a consumer last finished a delivery, in virtual ms (a backlog's drain time)", "消费者最后一次处理完投递的时间（虚拟毫秒，即积压的清空时间）"),
    ("replicated", "message copies sent to mirrors or quorum followers on other nodes (replication traffic)", "发往其他节点上镜像或仲裁跟随者的消息副本（复制流量）"),
    ("producer_done_ms", "when a producer last learned a message was taken (tx.commit-ok or confirm; plain: sent), in virtual ms", "生产者最后一次得知消息被接收的时间（tx.commit-ok 或确认；普通模式为发送时间），虚拟毫秒"),
];

/// The fate figures: `fate_<kind>` (the kind's id with `_` for `-`, e.g. `fate_lost_auto_ack_crash`)
/// is how many message copies ended in that fate, the ledger's fate line.
pub fn fate_figures() -> impl Iterator<Item = String> {
    FateKind::ALL.iter().map(|k| format!("fate_{}", k.id().replace('-', "_")))
}

/// A figure a predicate may name: listed in [`FIGURES`], or a fate figure.
pub fn is_figure(name: &str) -> bool {
    FIGURES.iter().any(|(f, ..)| *f == name) || fate_figures().any(|f| f == name)
}

fn fate_kind(name: &str) -> Option<FateKind> {
    let id = name.strip_prefix("fate_")?;
    FateKind::ALL.into_iter().find(|k| k.id().replace('-', "_") == id)
}

fn fate_figure(world: &World, name: &str) -> Option<u64> {
    Some(world.fates.get(fate_kind(name)?))
}

/// What figure `name` counts, in words of `lang` (a fate figure: the fate's ledger label), for
/// the lesson panel: the figure's name is a predicate's word, not a student's.
pub fn describe(name: &str, lang: Lang) -> Option<String> {
    if let Some((_, en, zh)) = FIGURES.iter().find(|(f, ..)| *f == name) {
        return Some(lang.pick(*en, *zh).to_string());
    }
    let kind = fate_kind(name)?;
    Some(format!("{} {}", lang.pick("fate:", "结局："), kind.label(lang)))
}

/// The figure `name` of a run (None: no such figure).
pub fn figure(world: &World, name: &str) -> Option<u64> {
    let g = &world.guarantees;
    let m = &world.measures;
    let sum = |map: &std::collections::BTreeMap<String, u64>| map.values().sum::<u64>();
    Some(match name {
        "published" => g.published,
        "copies" => world.fates.total(),
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A lesson panel lists figures by what they count, in the page's language: every figure,
    /// fate figures included, has an English and a Chinese description, and they differ.
    #[test]
    fn every_figure_is_described_in_both_languages() {
        let names = FIGURES.iter().map(|(f, ..)| f.to_string()).chain(fate_figures());
        for name in names {
            let en = describe(&name, Lang::En).unwrap_or_else(|| panic!("{name} has no description"));
            let zh = describe(&name, Lang::Zh).unwrap_or_else(|| panic!("{name} has no Chinese description"));
            assert_ne!(en, zh, "{name}");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{name}: {zh}");
        }
        assert_eq!(describe("no_such_figure", Lang::En), None);
    }
}
