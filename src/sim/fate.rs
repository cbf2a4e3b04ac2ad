//! What finally happened to each message copy of a run: its fate, decided by the world's books
//! (`world/books.rs`), never by the UI.
//!
//! The unit is the copy. A message routed to queues has one copy per queue it was first routed
//! to (enqueued in, or refused by): a fanout of "order placed" to an SMS queue and a coupon
//! queue is two copies, and the SMS copy lost in an auto-ack crash stays visible next to the
//! coupon copy processed once. A copy keeps its identity wherever it goes: a resend routed
//! again into the same queue is the same copy (that is how "processed twice" arises), and a
//! dead-lettered or shovelled copy is the same copy in its new queue, its later outcome its
//! fate. A message that reached no queue has one publisher-side fate (rolled back, never
//! committed, returned, nacked, unroutable, lost on the way, the publisher gave up, or in
//! flight). So at every moment of a run:
//!
//! ```text
//! copies = (published − messages routed to a queue) + Σ copies of the routed messages = Σ fates
//! ```
//!
//! and the ledger prints it, e.g. "published 100, copies 200 = processed once 199 + lost:
//! auto-ack crash 1". Per copy, a side effect (processed, processed twice, its duplicate
//! deduplicated) wins over the copy still waiting (ready, dead-lettered, in flight), which wins
//! over what made it leave the broker unprocessed.
//!
//! The newer clients add no fate of their own. A shovel republishes a delivery under the same
//! message id, so the republished copy is the same copy and its outcome is the copy's fate
//! (expired, then republished and processed: processed once). A canceller settling an order,
//! and a cache writer updating a row, are side effects of processing: the copy is processed;
//! what became of the order or the cache is a figure of the ledger (orders cancelled, stale
//! reads), not a fate.

use std::rc::Rc;

use crate::core::{DeathReason, DropReason};
use crate::lang::Lang;
use crate::tr;

/// The fate of one message copy (or of a message that reached no queue).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Its side effect happened once (acked after processing, or processed under auto-ack).
    Processed,
    /// Its side effect happened `times` times for the same queue's consumers: a duplicate.
    ProcessedTwice { times: u8 },
    /// Processed once; a second delivery was recognised (dedup store or unique key) and skipped.
    Deduplicated,
    /// Its transaction was rolled back by the publisher.
    RolledBack,
    /// Its transaction's channel closed before the commit.
    Uncommitted,
    /// The broker nacked it (a full `reject-publish` queue).
    Nacked,
    /// Unroutable and mandatory: returned to its publisher.
    Returned,
    /// Routed to no queue and dropped.
    Unroutable,
    /// The publisher stopped resending it after `MAX_RESENDS` resends without a confirm.
    GaveUp,
    /// It never reached the broker (dropped on the network, or no node to connect to).
    LostOnTheWay,
    /// Delivered with auto-ack to a consumer that crashed before processing it.
    LostAutoAckCrash,
    /// Delivered with auto-ack to a consumer whose processing failed (nothing to requeue).
    LostAutoAckFailure,
    /// Marked done in the dedup store by a delivery that never finished; the redelivery was skipped.
    LostAfterDedupMark,
    /// A transient message thrown away when its broker restarted or its node went down.
    LostTransient { queue: Rc<str>, reason: DropReason },
    /// Only the old leader had it: an unsynchronised mirror was promoted, or a partition's
    /// losing side threw it away.
    LostOnFailover { queue: Rc<str>, reason: DropReason },
    /// Expired (message or queue TTL) with no dead-letter exchange.
    Expired { queue: Rc<str> },
    /// Dead-lettered and now waiting in `queue` (the dead-letter queue).
    DeadLettered { reason: DeathReason, queue: Rc<str> },
    /// Dropped from the head of a full queue (`x-max-length`, `drop-head`).
    Overflow { queue: Rc<str> },
    /// Dropped for another reason (rejected without requeue, delivery limit, dead-letter cycle,
    /// queue deleted or purged, ...).
    Dropped { queue: Rc<str>, reason: DropReason },
    /// Ready in a queue, waiting for a consumer.
    StillQueued { queue: Rc<str> },
    /// On its way: in an open transaction, on the network, unacked at a consumer or in its hands.
    InFlight,
    /// None of the above: acked or removed without its side effect and without a known cause.
    Vanished,
}

/// A fate without its details: the ledger's line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FateKind {
    Processed,
    ProcessedTwice,
    Deduplicated,
    StillQueued,
    InFlight,
    DeadLettered,
    Expired,
    Dropped,
    RolledBack,
    Uncommitted,
    Nacked,
    Returned,
    Unroutable,
    GaveUp,
    LostOnTheWay,
    LostAutoAckCrash,
    LostAutoAckFailure,
    LostAfterDedupMark,
    LostTransient,
    LostOnFailover,
    Overflow,
    Vanished,
}

impl FateKind {
    /// Every kind, in the ledger's order: done, still going, refused to the publisher, lost.
    pub const ALL: [FateKind; 22] = [
        FateKind::Processed,
        FateKind::ProcessedTwice,
        FateKind::Deduplicated,
        FateKind::StillQueued,
        FateKind::InFlight,
        FateKind::DeadLettered,
        FateKind::Expired,
        FateKind::Dropped,
        FateKind::RolledBack,
        FateKind::Uncommitted,
        FateKind::Nacked,
        FateKind::Returned,
        FateKind::Unroutable,
        FateKind::GaveUp,
        FateKind::LostOnTheWay,
        FateKind::LostAutoAckCrash,
        FateKind::LostAutoAckFailure,
        FateKind::LostAfterDedupMark,
        FateKind::LostTransient,
        FateKind::LostOnFailover,
        FateKind::Overflow,
        FateKind::Vanished,
    ];

    /// A stable identifier (the CLI's JSON key, the browser's `data-fate`).
    pub fn id(self) -> &'static str {
        match self {
            FateKind::Processed => "processed-once",
            FateKind::ProcessedTwice => "processed-twice",
            FateKind::Deduplicated => "deduplicated",
            FateKind::StillQueued => "still-queued",
            FateKind::InFlight => "in-flight",
            FateKind::DeadLettered => "dead-lettered",
            FateKind::Expired => "expired",
            FateKind::Dropped => "dropped",
            FateKind::RolledBack => "rolled-back",
            FateKind::Uncommitted => "uncommitted",
            FateKind::Nacked => "nacked",
            FateKind::Returned => "returned",
            FateKind::Unroutable => "unroutable",
            FateKind::GaveUp => "gave-up",
            FateKind::LostOnTheWay => "lost-on-the-way",
            FateKind::LostAutoAckCrash => "lost-auto-ack-crash",
            FateKind::LostAutoAckFailure => "lost-auto-ack-failure",
            FateKind::LostAfterDedupMark => "lost-after-dedup-mark",
            FateKind::LostTransient => "lost-transient",
            FateKind::LostOnFailover => "lost-on-failover",
            FateKind::Overflow => "dropped-by-overflow",
            FateKind::Vanished => "vanished",
        }
    }

    /// The ledger line's label.
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            FateKind::Processed => ("processed once", "处理一次"),
            FateKind::ProcessedTwice => ("processed twice", "重复处理"),
            FateKind::Deduplicated => ("processed once, duplicate skipped", "处理一次，重复被去重"),
            FateKind::StillQueued => ("still queued", "仍在队列中"),
            FateKind::InFlight => ("in flight", "传输/处理中"),
            FateKind::DeadLettered => ("dead-lettered", "成为死信"),
            FateKind::Expired => ("expired", "已过期"),
            FateKind::Dropped => ("dropped", "被丢弃"),
            FateKind::RolledBack => ("rolled back (tx)", "事务回滚"),
            FateKind::Uncommitted => ("tx never committed", "事务未提交"),
            FateKind::Nacked => ("nacked to the publisher", "被代理拒收（nack）"),
            FateKind::Returned => ("returned unroutable", "无法路由被退回"),
            FateKind::Unroutable => ("unroutable, dropped", "无法路由被丢弃"),
            FateKind::GaveUp => ("never confirmed (gave up)", "未获确认（已放弃）"),
            FateKind::LostOnTheWay => ("lost on the way", "途中丢失"),
            FateKind::LostAutoAckCrash => ("lost: auto-ack crash", "丢失：自动确认后崩溃"),
            FateKind::LostAutoAckFailure => ("lost: auto-ack failure", "丢失：自动确认后处理失败"),
            FateKind::LostAfterDedupMark => (
                "lost: marked done, never processed",
                "丢失：已标记完成但未处理",
            ),
            FateKind::LostTransient => (
                "lost: transient at restart/crash",
                "丢失：重启/宕机时的非持久消息",
            ),
            FateKind::LostOnFailover => ("lost on failover", "故障转移时丢失"),
            FateKind::Overflow => ("dropped by overflow", "队列溢出被丢弃"),
            FateKind::Vanished => ("gone, cause unknown", "消失，原因不明"),
        };
        lang.pick(en, zh)
    }

    /// Lost: the publisher believes it handed the message over, and nobody will ever process
    /// it (TTL expiry, a consumer's reject and a refusal the publisher heard of are not losses).
    pub fn is_lost(self) -> bool {
        matches!(
            self,
            FateKind::LostOnTheWay
                | FateKind::LostAutoAckCrash
                | FateKind::LostAutoAckFailure
                | FateKind::LostAfterDedupMark
                | FateKind::LostTransient
                | FateKind::LostOnFailover
                | FateKind::Overflow
                | FateKind::GaveUp
                | FateKind::Vanished
        )
    }

    /// The run is not over for it yet.
    pub fn is_pending(self) -> bool {
        matches!(self, FateKind::StillQueued | FateKind::InFlight)
    }
}

impl Fate {
    pub fn kind(&self) -> FateKind {
        match self {
            Fate::Processed => FateKind::Processed,
            Fate::ProcessedTwice { .. } => FateKind::ProcessedTwice,
            Fate::Deduplicated => FateKind::Deduplicated,
            Fate::RolledBack => FateKind::RolledBack,
            Fate::Uncommitted => FateKind::Uncommitted,
            Fate::Nacked => FateKind::Nacked,
            Fate::Returned => FateKind::Returned,
            Fate::Unroutable => FateKind::Unroutable,
            Fate::GaveUp => FateKind::GaveUp,
            Fate::LostOnTheWay => FateKind::LostOnTheWay,
            Fate::LostAutoAckCrash => FateKind::LostAutoAckCrash,
            Fate::LostAutoAckFailure => FateKind::LostAutoAckFailure,
            Fate::LostAfterDedupMark => FateKind::LostAfterDedupMark,
            Fate::LostTransient { .. } => FateKind::LostTransient,
            Fate::LostOnFailover { .. } => FateKind::LostOnFailover,
            Fate::Expired { .. } => FateKind::Expired,
            Fate::DeadLettered { .. } => FateKind::DeadLettered,
            Fate::Overflow { .. } => FateKind::Overflow,
            Fate::Dropped { .. } => FateKind::Dropped,
            Fate::StillQueued { .. } => FateKind::StillQueued,
            Fate::InFlight => FateKind::InFlight,
            Fate::Vanished => FateKind::Vanished,
        }
    }

    /// The fate of a copy the broker dropped from `queue` for `reason`.
    pub fn of_drop(queue: Rc<str>, reason: DropReason) -> Fate {
        match reason {
            DropReason::Expired => Fate::Expired { queue },
            DropReason::Maxlen => Fate::Overflow { queue },
            DropReason::TransientOnRestart | DropReason::NodeDown => {
                Fate::LostTransient { queue, reason }
            }
            DropReason::UnsyncedMirrorPromoted | DropReason::PartitionDiscarded => {
                Fate::LostOnFailover { queue, reason }
            }
            reason => Fate::Dropped { queue, reason },
        }
    }

    /// One plain-language sentence: what finally happened to the message.
    pub fn sentence(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Fate::Processed => lang.pick("Processed once: its side effect happened exactly once.", "处理了一次：副作用恰好发生一次。").into(),
            Fate::ProcessedTwice { times } => {
                tr!(
                    lang,
                    "Processed {times} times: the same message's side effect happened again (a duplicate delivery).",
                    "处理了 {times} 次：同一条消息的副作用重复发生（重复投递）。",
                )
            }
            Fate::Deduplicated => lang
                .pick(
                    "Processed once; a duplicate delivery was recognised and skipped, so the side effect happened once.",
                    "处理了一次；重复投递被识别并跳过，副作用只发生一次。",
                )
                .into(),
            Fate::RolledBack => lang
                .pick(
                    "Rolled back: its transaction was rolled back, so the broker never enqueued it (the publisher knows).",
                    "已回滚：所在事务被回滚，代理从未将其入队（发布者知情）。",
                )
                .into(),
            Fate::Uncommitted => lang
                .pick(
                    "Never committed: its transaction's channel closed before the commit, so it was never enqueued.",
                    "未提交：事务所在的信道在提交前关闭，消息从未入队。",
                )
                .into(),
            Fate::Nacked => lang
                .pick("Refused: the broker nacked it (the queue was full), and the publisher was told.", "被拒绝：代理 nack 了它（队列已满），发布者已获知。")
                .into(),
            Fate::Returned => lang
                .pick("Returned: no queue matched, so the broker returned it to its publisher.", "被退回：没有匹配的队列，代理将其退回给发布者。")
                .into(),
            Fate::Unroutable => lang
                .pick("Unroutable: no live queue took it (none matched, or the queue that matched was on a node that was down) and it was not mandatory, so the broker dropped it.", "无法路由：没有可用的队列接收它（没有匹配的队列，或匹配的队列所在节点已宕机），且未设 mandatory，代理将其丢弃。")
                .into(),
            Fate::GaveUp => lang
                .pick(
                    "Never confirmed: the publisher resent it 10 times without a confirm and gave up.",
                    "从未被确认：发布者重发 10 次仍未收到确认，放弃了。",
                )
                .into(),
            Fate::LostOnTheWay => lang
                .pick("Lost on the way: it never reached the broker (the network dropped it, or no node was up to take it), and nobody resent it.", "在途中丢失：从未到达代理（网络丢了它，或没有可连接的节点），也没有人重发。")
                .into(),
            Fate::LostAutoAckCrash => lang
                .pick(
                    "Lost: delivered with auto-ack, so the broker forgot it at once; the consumer crashed before processing it.",
                    "丢失：以自动确认投递，代理立即将其遗忘；消费者在处理前崩溃。",
                )
                .into(),
            Fate::LostAutoAckFailure => lang
                .pick(
                    "Lost: delivered with auto-ack; its processing failed and there was nothing left to requeue.",
                    "丢失：以自动确认投递；处理失败，已无可重新入队的副本。",
                )
                .into(),
            Fate::LostAfterDedupMark => lang
                .pick(
                    "Lost: a delivery marked it done in the dedup store and died before processing; the redelivery was skipped as a duplicate.",
                    "丢失：一次投递在去重存储中标记为已完成，但在处理前中断；重投递被当作重复跳过。",
                )
                .into(),
            Fate::LostTransient { queue, reason } => {
                let restart = *reason == DropReason::TransientOnRestart;
                match (zh, restart) {
                    (false, true) => format!("Lost: a transient message in “{queue}”, thrown away when the broker restarted."),
                    (false, false) => format!("Lost: a transient message in “{queue}”, gone with its node."),
                    (true, true) => format!("丢失：“{queue}”中的非持久消息，在代理重启时被丢弃。"),
                    (true, false) => format!("丢失：“{queue}”中的非持久消息，随其节点一起消失。"),
                }
            }
            Fate::LostOnFailover { queue, reason } => {
                let promoted = *reason == DropReason::UnsyncedMirrorPromoted;
                match (zh, promoted) {
                    (false, true) => format!("Lost on failover: only the old leader of “{queue}” had it, and an unsynchronised mirror was promoted."),
                    (false, false) => format!("Lost in a split brain: “{queue}” accepted it on the losing side of a partition, which threw it away."),
                    (true, true) => format!("故障转移时丢失：只有“{queue}”的旧主节点持有它，而一个未同步的镜像被提升。"),
                    (true, false) => format!("脑裂中丢失：“{queue}”在分区的失败一侧接收了它，该侧随后将其丢弃。"),
                }
            }
            Fate::Expired { queue } => {
                tr!(
                    lang,
                    "Expired: its TTL ran out in “{queue}”, and there was no dead-letter exchange.",
                    "已过期：在“{queue}”中超过 TTL，且没有死信交换机。",
                )
            }
            Fate::DeadLettered { reason, queue } => {
                let why = death_reason(*reason, lang);
                tr!(
                    lang,
                    "Dead-lettered ({why}): it now waits in “{queue}”.",
                    "成为死信（{why}）：现在在“{queue}”中。",
                )
            }
            Fate::Overflow { queue } => {
                tr!(
                    lang,
                    "Dropped by overflow: “{queue}” was full and dropped it from its head.",
                    "因溢出被丢弃：“{queue}”已满，从队首丢弃了它。",
                )
            }
            Fate::Dropped { queue, reason } => {
                let why = drop_reason(*reason, lang);
                tr!(
                    lang,
                    "Dropped from “{queue}” ({why}).",
                    "被丢弃：在“{queue}”中（{why}）。",
                )
            }
            Fate::StillQueued { queue } => {
                tr!(
                    lang,
                    "Still queued in “{queue}”, waiting for a consumer.",
                    "仍在“{queue}”中等待消费者。",
                )
            }
            Fate::InFlight => lang
                .pick(
                    "In flight: on its way (an open transaction, the network, or a consumer's hands), no outcome yet.",
                    "传输/处理中：仍在途中（未提交的事务、网络或消费者手中），尚无结果。",
                )
                .into(),
            Fate::Vanished => lang
                .pick("Gone: it left the broker without its side effect, for no recorded reason.", "消失：它在没有产生副作用的情况下离开了代理，原因未记录。")
                .into(),
        }
    }
}

/// Why a message was dead-lettered, in `lang`.
pub fn death_reason(reason: DeathReason, lang: Lang) -> &'static str {
    match reason {
        DeathReason::Rejected => lang.pick("rejected", "被拒绝"),
        DeathReason::Expired => lang.pick("expired", "已过期"),
        DeathReason::Maxlen => lang.pick("maxlen", "超出最大长度"),
        DeathReason::DeliveryLimit => lang.pick("delivery limit", "超出投递次数上限"),
    }
}

/// Why the broker dropped a copy, in `lang`.
pub fn drop_reason(reason: DropReason, lang: Lang) -> &'static str {
    let zh = match reason {
        DropReason::Expired => "已过期",
        DropReason::Rejected => "被拒绝",
        DropReason::Maxlen => "超出最大长度",
        DropReason::DeliveryLimit => "超出投递次数上限",
        DropReason::DeadLetterCycle => "死信循环",
        DropReason::DeadLetterExchangeMissing => "死信交换机不存在",
        DropReason::DeadLetterUnroutable => "死信无法路由",
        DropReason::DeadLetterRefused => "死信目标拒收",
        DropReason::QueueDeleted => "队列被删除",
        DropReason::QueuePurged => "队列被清空",
        DropReason::TransientOnRestart => "重启时丢失的非持久消息",
        DropReason::NodeDown => "随节点一起丢失",
        DropReason::UnsyncedMirrorPromoted => "未同步的镜像被提升",
        DropReason::PartitionDiscarded => "分区后被丢弃",
    };
    lang.pick(reason.as_str(), zh)
}

/// The fate of one copy of a message: the queue it was first routed to (None: the message
/// reached no queue, and this is its one publisher-side fate).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyFate {
    pub queue: Option<Rc<str>>,
    pub fate: Fate,
}

/// What finally happened to a message, in `lang`: its fate's sentence when it has one copy, one
/// sentence per copy, each after the queue the copy was routed to, when it has several
/// ("In “sms”: lost: … In “coupon”: processed once: …"). None without a copy.
pub fn sentence(copies: &[CopyFate], lang: Lang) -> Option<String> {
    match copies {
        [] => None,
        [one] => Some(one.fate.sentence(lang)),
        many => Some(
            many.iter()
                .map(|c| copy_sentence(c, lang))
                .collect::<Vec<_>>()
                .join(lang.pick(" ", "")),
        ),
    }
}

/// One copy's sentence after the queue it was routed to ("In “sms”: lost: …", "在“sms”中：丢失：…").
pub fn copy_sentence(copy: &CopyFate, lang: Lang) -> String {
    let text = copy.fate.sentence(lang);
    let queue = copy.queue.as_deref().unwrap_or("?");
    match lang {
        Lang::Zh => format!("在“{queue}”中：{text}"),
        Lang::En => {
            // "In “sms”: lost: …": the fate's sentence goes on after the colon in lower case.
            let mut chars = text.chars();
            let first = chars.next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
            format!("In “{queue}”: {first}{}", chars.as_str())
        }
    }
}

/// How many copies have each fate: the ledger's fate lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FateTally {
    counts: [u64; FateKind::ALL.len()],
}

impl FateTally {
    pub fn add(&mut self, kind: FateKind) {
        self.counts[kind as usize] += 1;
    }

    pub fn get(&self, kind: FateKind) -> u64 {
        self.counts[kind as usize]
    }

    /// Every copy counted (and every message that reached no queue): the ledger's `copies`.
    pub fn total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Copies lost (see [`FateKind::is_lost`]): the ledger's `lost`.
    pub fn lost(&self) -> u64 {
        FateKind::ALL
            .iter()
            .filter(|k| k.is_lost())
            .map(|k| self.get(*k))
            .sum()
    }

    /// The kinds that happened, in the ledger's order, with their counts.
    pub fn lines(&self) -> impl Iterator<Item = (FateKind, u64)> + '_ {
        FateKind::ALL
            .iter()
            .map(|k| (*k, self.get(*k)))
            .filter(|(_, n)| *n > 0)
    }
}
