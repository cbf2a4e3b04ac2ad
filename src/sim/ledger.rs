//! The ledger as lines, computed once here for both renderers: `warren-cli run` prints them,
//! the browser's ledger shows them (in English or Chinese). Its figures are the world's
//! counters (what happened along the way) and its fate lines (`sim/fate.rs`: what finally
//! happened to each message copy, one per queue a message reached, one for a message that
//! reached none), which add up to `copies`: "published 100, copies 200 = processed once 199 +
//! lost: auto-ack crash 1". `processed`, `processed twice`, `in queues` (backlog) and `lost` count
//! copies too, so no figure disagrees with the fate lines.

use super::fate::{FateKind, FateTally};
use super::guarantees::Guarantees;
use super::world::measures::Measures;
use crate::lang::Lang;

/// One line of the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// A stable identifier (the browser's `data-ledger`, the CLI's JSON key).
    pub id: &'static str,
    pub label: &'static str,
    pub value: u64,
    /// Something went wrong: a message lost, processed twice, a lock overlap, a reordering.
    pub alarm: bool,
}

/// The whole ledger in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ledger {
    /// Counters: always the main ones, the others once they happened.
    pub figures: Vec<Line>,
    /// Every fate that happened, in `FateKind::ALL` order; their values add up to `copies`.
    pub fates: Vec<Line>,
    pub published: u64,
    /// Message copies: the sum of the fates.
    pub copies: u64,
}

fn sum(m: &std::collections::BTreeMap<String, u64>) -> u64 {
    m.values().sum()
}

impl Ledger {
    pub fn new(g: &Guarantees, fates: &FateTally, lang: Lang) -> Ledger {
        let lost = fates.lost();
        let l = |en, zh| lang.pick(en, zh);
        // (id, label, value, alarm, shown even when 0)
        let figures = [
            (
                "published",
                l("published", "已发布"),
                g.published,
                false,
                true,
            ),
            (
                "copies",
                l("copies", "消息副本"),
                fates.total(),
                false,
                true,
            ),
            (
                "confirmed",
                l("confirmed", "已确认"),
                g.confirmed,
                false,
                true,
            ),
            ("nacked", l("nacked", "被 nack"), g.nacked, false, false),
            (
                "returned",
                l("returned", "被退回"),
                g.returned,
                false,
                false,
            ),
            (
                "tx-committed",
                l("tx committed", "事务已提交"),
                g.tx_committed,
                false,
                false,
            ),
            (
                "tx-rolled-back",
                l("tx rolled back", "事务已回滚"),
                g.tx_rolled_back,
                false,
                false,
            ),
            (
                "delivered",
                l("delivered", "已投递"),
                g.delivered,
                false,
                true,
            ),
            (
                "redelivered",
                l("redelivered", "重投递"),
                g.redelivered,
                g.redelivered > 0,
                true,
            ),
            ("acked", l("acked", "已 ack"), g.acked, false, true),
            (
                "rejected",
                l("rejected", "被拒绝"),
                g.rejected,
                false,
                false,
            ),
            (
                "processed",
                l("processed", "已处理"),
                g.processed,
                false,
                true,
            ),
            (
                "duplicates",
                l("processed twice", "重复处理"),
                g.processed_more_than_once,
                g.processed_more_than_once > 0,
                true,
            ),
            (
                "deduplicated",
                l("deduplicated", "已去重"),
                g.deduplicated,
                false,
                true,
            ),
            (
                "resends",
                l("resends", "重发"),
                g.resends,
                g.resends > 0,
                true,
            ),
            (
                "gave-up",
                l("publisher gave up", "发布方放弃"),
                g.gave_up,
                g.gave_up > 0,
                false,
            ),
            (
                "out-of-order",
                l("out of order", "乱序"),
                sum(&g.out_of_order),
                true,
                false,
            ),
            (
                "locks-acquired",
                l("locks taken", "获取锁"),
                g.locks_acquired,
                false,
                false,
            ),
            (
                "lock-waits",
                l("lock waits", "等待锁"),
                g.lock_retries,
                false,
                false,
            ),
            (
                "lock-overlaps",
                l("lock overlaps", "锁重叠"),
                g.lock_overlaps,
                true,
                false,
            ),
            (
                "cache-hits",
                l("cache hits", "缓存命中"),
                g.cache_hits,
                false,
                false,
            ),
            (
                "cache-misses",
                l("cache misses", "缓存未命中"),
                g.cache_misses,
                false,
                false,
            ),
            (
                "dead-lettered",
                l("dead-lettered", "进入死信"),
                sum(&g.dead_lettered),
                false,
                true,
            ),
            (
                "dropped",
                l("dropped", "已丢弃"),
                sum(&g.dropped),
                sum(&g.dropped) > 0,
                true,
            ),
            ("lost", l("lost", "丢失"), lost, lost > 0, true),
            (
                "backlog",
                // Ready or unacked: not the "still queued" fate, which is ready only (an
                // unacked copy's fate is in flight).
                l("in queues, ready or unacked", "队列中（待投递或未确认）"),
                g.backlog,
                false,
                true,
            ),
        ]
        .into_iter()
        .filter(|(_, _, value, _, always)| *always || *value > 0)
        .map(|(id, label, value, alarm, _)| Line {
            id,
            label,
            value,
            alarm,
        })
        .collect();
        let fates: Vec<Line> = fates
            .lines()
            .map(|(kind, value)| Line {
                id: kind.id(),
                label: kind.label(lang),
                value,
                alarm: kind.is_lost() || kind == FateKind::ProcessedTwice,
            })
            .collect();
        let copies: u64 = fates.iter().map(|l| l.value).sum();
        Ledger { figures, fates, published: g.published, copies }
    }

    /// Adds the figures of the newer clients (`world/measures.rs`) after the counters, each
    /// once it is not zero: what a shovel republished, the orders of a delay queue, the cache
    /// writers' writes, deletes and stale reads, the inline calls and the confirm latency, the
    /// copies replicated, the latest settle of a delayed order, and when the producers and the
    /// consumers were last done.
    pub fn with_measures(mut self, m: &Measures, lang: Lang) -> Ledger {
        let l = |en, zh| lang.pick(en, zh);
        // (id, label, value, alarm)
        let lines = [
            ("republished", l("republished by a shovel", "被转发器重新发布"), m.republished, false),
            ("orders-placed", l("orders placed", "已下单"), m.orders_placed, false),
            ("orders-paid", l("orders paid", "已支付订单"), m.orders_paid, false),
            ("orders-cancelled", l("orders cancelled", "已取消订单"), m.orders_cancelled, false),
            ("orders-kept-paid", l("paid orders kept", "已支付订单被保留"), m.orders_kept_paid, false),
            ("paid-orders-cancelled", l("paid orders cancelled", "已支付订单被取消"), m.paid_orders_cancelled, true),
            ("paid-after-cancel", l("paid after cancel", "取消后才支付"), m.paid_after_cancel, true),
            ("cache-writes", l("cache writes", "缓存写入"), m.cache_writes, false),
            ("cache-deletes", l("cache deletes", "缓存删除"), m.cache_deletes, false),
            ("stale-reads", l("stale reads", "读到旧值"), m.stale_reads, true),
            ("inline-calls", l("inline calls", "同步调用"), m.inline_calls, false),
            ("inline-failed", l("inline calls failed", "同步调用失败"), m.inline_failed, true),
            ("inline-latency-mean", l("inline call mean, µs", "同步调用平均耗时（µs）"), m.inline_latency.mean_us(), false),
            ("confirm-latency-mean", l("confirm latency mean, µs", "确认延迟均值（µs）"), m.confirm_latency.mean_us(), false),
            ("confirm-latency-p99", l("confirm latency p99, µs", "确认延迟 p99（µs）"), m.confirm_latency.percentile_us(99), false),
            // The lessons' goals read these four off the ledger (lesson 2's drain time, lesson
            // 4's replication, lesson 10's lateness), so each has its line: a lit figure is a line.
            ("replicated", l("copies replicated to other nodes", "复制到其他节点的副本"), m.replicated, false),
            ("settle-lateness-max-ms", l("latest settle after its delay, virtual ms", "延迟到期后最晚处理（虚拟毫秒）"), m.settle_lateness.max_us() / 1000, false),
            ("producer-done-ms", l("last publish taken at, virtual ms", "最后一条发布被接收于（虚拟毫秒）"), m.last_settled.as_millis(), false),
            ("last-done-ms", l("last message done at, virtual ms", "最后一条消息完成于（虚拟毫秒）"), m.last_done.as_millis(), false),
        ];
        self.figures.extend(
            lines
                .into_iter()
                .filter(|(_, _, value, _)| *value > 0)
                .map(|(id, label, value, alarm)| Line { id, label, value, alarm }),
        );
        self
    }

    /// The left side of the fates' sum: "published 100, copies 200 =".
    pub fn sum_head(&self, lang: Lang) -> String {
        match lang {
            Lang::En => format!("published {}, copies {} =", self.published, self.copies),
            Lang::Zh => format!("已发布 {}，副本 {} =", self.published, self.copies),
        }
    }

    /// The fates' sum in one line a student can add up: "published 100, copies 200 =
    /// processed once 199 + lost: auto-ack crash 1".
    pub fn identity(&self, lang: Lang) -> String {
        let terms: Vec<String> = self.fates.iter().map(|l| format!("{} {}", l.label, l.value)).collect();
        format!("{} {}", self.sum_head(lang), terms.join(" + "))
    }

    /// The ledger as text lines: the figures, then the fates' sum (equal to `copies`), then
    /// each fate on its own line.
    pub fn text(&self, lang: Lang) -> Vec<String> {
        let mut out: Vec<String> = self
            .figures
            .iter()
            .map(|l| format!("{} {}", l.label, l.value))
            .collect();
        out.push(self.identity(lang));
        out.extend(
            self.fates
                .iter()
                .map(|l| format!("  {} {}", l.label, l.value)),
        );
        out
    }
}
