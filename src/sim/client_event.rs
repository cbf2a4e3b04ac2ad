//! What the simulated clients did to a message, beside the broker's events: the client-side half
//! of a message's lifecycle (publish and resend, lost confirms, transactions, the consumer's
//! pipeline, acks, crashes and restarts). The world records them with their virtual times
//! (`World::client_log`, kept like the broker's event log); `inspect::lifecycle` merges them in.

use std::rc::Rc;

use crate::core::Time;
use crate::lang::Lang;
use crate::tr;

/// One thing a client did, with the index of the producer or consumer in the scenario.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientStep {
    /// A `basic.publish` of the message: `resend` 0 is the first send, then the resends under the
    /// same message id after a confirm timeout.
    Publish {
        producer: u32,
        resend: u32,
    },
    /// The publish was lost on the network, or (`no_node`) no broker node was up to take it.
    PublishLost {
        producer: u32,
        no_node: bool,
    },
    /// The broker's confirm was lost on its way back to the producer.
    ConfirmLost {
        producer: u32,
    },
    /// The producer stopped resending it.
    GaveUp {
        producer: u32,
    },
    TxCommit {
        producer: u32,
    },
    TxRollback {
        producer: u32,
    },
    /// Its transaction's channel closed before the commit.
    TxAborted {
        producer: u32,
    },
    /// The consumer marked it in the dedup store (first delivery seen).
    DedupMarked {
        consumer: u32,
    },
    /// The consumer recognised a duplicate (dedup store or unique key) and skipped it.
    DedupHit {
        consumer: u32,
    },
    /// Took the lock; `overlap`: another holder was still inside (its lease ran out).
    LockAcquired {
        consumer: u32,
        overlap: bool,
    },
    /// Left the critical section to find its lease had run out (someone may have taken the lock).
    LockExpired {
        consumer: u32,
    },
    /// Found the lock held, waits and tries again.
    LockWait {
        consumer: u32,
    },
    CacheHit {
        consumer: u32,
    },
    /// Read the record from MySQL and put it in Redis.
    CacheMiss {
        consumer: u32,
    },
    ProcessingStarted {
        consumer: u32,
    },
    ProcessingFailed {
        consumer: u32,
    },
    /// Its side effect happened, for the `times`-th time for this queue's consumers.
    SideEffect {
        consumer: u32,
        times: u8,
    },
    AckSent {
        consumer: u32,
    },
    /// The ack was lost on the way: the broker still counts the delivery unacked.
    AckLost {
        consumer: u32,
    },
    /// The consumer's process crashed while the message was in its hands.
    Crashed {
        consumer: u32,
    },
    /// A crashed consumer's process is back (the event has no message).
    Restarted {
        consumer: u32,
    },
    /// A shovel published the delivery again, under the same id, to `exchange` with `routing_key`.
    Republished {
        consumer: u32,
        exchange: Rc<str>,
        routing_key: Rc<str>,
    },
    /// A cache writer updated the message's row in MySQL.
    RowWritten {
        consumer: u32,
    },
    /// A cache writer deleted the row's cache key; `second`: the delayed second delete.
    CacheDeleted {
        consumer: u32,
        second: bool,
    },
    /// The customer paid the message's order during its delay; `too_late`: it was cancelled.
    OrderPaid {
        producer: u32,
        too_late: bool,
    },
    /// A canceller cancelled the message's order; `paid`: although it was paid.
    OrderCancelled {
        consumer: u32,
        paid: bool,
    },
    /// A canceller found the message's order paid and left it alone.
    OrderKeptPaid {
        consumer: u32,
    },
    /// A producer called its service inline instead of publishing (no message: an order waits
    /// for the call); `failed`: the service was down or its processing failed.
    InlineCall {
        producer: u32,
        service: Rc<str>,
        failed: bool,
    },
}

/// A client step at a virtual time, about message `body` (None: about the client only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientEvent {
    pub at: Time,
    /// How many broker events of the run came before it: where it goes in the broker's log.
    pub after: u64,
    pub body: Option<Rc<str>>,
    pub step: ClientStep,
}

impl ClientStep {
    /// The producer it is about, if any.
    pub fn producer(&self) -> Option<u32> {
        use ClientStep as C;
        match self {
            C::Publish { producer, .. }
            | C::PublishLost { producer, .. }
            | C::ConfirmLost { producer }
            | C::GaveUp { producer }
            | C::TxCommit { producer }
            | C::TxRollback { producer }
            | C::TxAborted { producer }
            | C::OrderPaid { producer, .. }
            | C::InlineCall { producer, .. } => Some(*producer),
            _ => None,
        }
    }

    /// The consumer it is about, if any.
    pub fn consumer(&self) -> Option<u32> {
        use ClientStep as C;
        match self {
            C::DedupMarked { consumer }
            | C::DedupHit { consumer }
            | C::LockAcquired { consumer, .. }
            | C::LockWait { consumer }
            | C::LockExpired { consumer }
            | C::CacheHit { consumer }
            | C::CacheMiss { consumer }
            | C::ProcessingStarted { consumer }
            | C::ProcessingFailed { consumer }
            | C::SideEffect { consumer, .. }
            | C::AckSent { consumer }
            | C::AckLost { consumer }
            | C::Crashed { consumer }
            | C::Restarted { consumer }
            | C::Republished { consumer, .. }
            | C::RowWritten { consumer }
            | C::CacheDeleted { consumer, .. }
            | C::OrderCancelled { consumer, .. }
            | C::OrderKeptPaid { consumer } => Some(*consumer),
            _ => None,
        }
    }

    /// The step in words; `who` is the producer's or consumer's name.
    pub fn describe(&self, lang: Lang, who: &str) -> String {
        use ClientStep as C;
        match self {
            C::Publish {
                producer: _,
                resend: 0,
            } => {
                let p = who;
                tr!(
                    lang,
                    "{p} sends basic.publish",
                    "{p} 发送 basic.publish",
                )
            }
            C::Publish {
                producer: _,
                resend,
            } => {
                let p = who;
                tr!(
                    lang,
                    "{p} resends it under the same message id (resend {resend}): no confirm in time",
                    "{p} 未及时收到确认，以同一消息 id 重发（第 {resend} 次）",
                )
            }
            C::PublishLost { producer: _, no_node: false } => {
                let p = who;
                tr!(
                    lang,
                    "{p}'s publish is lost on the network",
                    "{p} 的发布在网络中丢失",
                )
            }
            C::PublishLost { producer: _, no_node: true } => {
                let p = who;
                tr!(
                    lang,
                    "{p} finds no broker node up: the publish reaches no broker",
                    "{p} 找不到在线的代理节点：这次发布没有到达代理",
                )
            }
            C::ConfirmLost { producer: _ } => {
                let p = who;
                tr!(
                    lang,
                    "the confirm is lost on its way back to {p}",
                    "确认在返回 {p} 的途中丢失",
                )
            }
            C::GaveUp { producer: _ } => {
                let p = who;
                tr!(
                    lang,
                    "{p} gives up: still no confirm after 10 resends",
                    "{p} 放弃：重发 10 次仍无确认",
                )
            }
            C::TxCommit { producer: _ } => {
                let p = who;
                tr!(
                    lang,
                    "{p} sends tx.commit",
                    "{p} 发送 tx.commit",
                )
            }
            C::TxRollback { producer: _ } => {
                let p = who;
                tr!(
                    lang,
                    "{p} sends tx.rollback: the batch is discarded",
                    "{p} 发送 tx.rollback：整批被丢弃",
                )
            }
            C::TxAborted { producer: _ } => {
                let p = who;
                tr!(
                    lang,
                    "{p}'s channel closed before tx.commit",
                    "{p} 的信道在 tx.commit 之前关闭",
                )
            }
            C::DedupMarked { consumer: _ } => {
                let c = who;
                tr!(
                    lang,
                    "{c} checks the dedup store: first time, marked",
                    "{c} 查询去重存储：首次出现，已标记",
                )
            }
            C::DedupHit { consumer: _ } => {
                let c = who;
                tr!(
                    lang,
                    "{c} recognises a duplicate and skips it",
                    "{c} 识别出重复消息并跳过",
                )
            }
            C::LockAcquired {
                consumer: _,
                overlap: false,
            } => {
                let c = who;
                tr!(lang, "{c} takes the lock", "{c} 获得锁")
            }
            C::LockAcquired {
                consumer: _,
                overlap: true,
            } => {
                let c = who;
                tr!(
                    lang,
                    "{c} takes the lock while the previous holder is still inside (its lease expired)",
                    "{c} 获得锁，而上一个持有者仍在临界区内（其租约已过期）",
                )
            }
            C::LockExpired { consumer: _ } => {
                let c = who;
                tr!(
                    lang,
                    "{c} finds its lock's lease expired while it was inside",
                    "{c} 发现自己在临界区内时锁的租约已过期",
                )
            }
            C::LockWait { consumer: _ } => {
                let c = who;
                tr!(
                    lang,
                    "{c} finds the lock held and waits",
                    "{c} 发现锁被占用，等待",
                )
            }
            C::CacheHit { consumer: _ } => {
                let c = who;
                tr!(
                    lang,
                    "{c} reads the record from the cache (hit)",
                    "{c} 从缓存读取记录（命中）",
                )
            }
            C::CacheMiss { consumer: _ } => {
                let c = who;
                tr!(
                    lang,
                    "{c} misses the cache, reads MySQL and fills the cache",
                    "{c} 缓存未命中，读取 MySQL 并写入缓存",
                )
            }
            C::ProcessingStarted { consumer: _ } => {
                let c = who;
                tr!(lang, "{c} starts processing", "{c} 开始处理")
            }
            C::ProcessingFailed { consumer: _ } => {
                let c = who;
                tr!(lang, "{c}'s processing fails", "{c} 处理失败")
            }
            C::SideEffect {
                consumer: _,
                times: 1,
            } => {
                let c = who;
                tr!(
                    lang,
                    "{c} applies the side effect",
                    "{c} 执行副作用",
                )
            }
            C::SideEffect { consumer: _, times } => {
                let c = who;
                tr!(
                    lang,
                    "{c} applies the side effect again (time {times}): a duplicate",
                    "{c} 再次执行副作用（第 {times} 次）：重复处理",
                )
            }
            C::AckSent { consumer: _ } => {
                let c = who;
                tr!(
                    lang,
                    "{c} sends basic.ack",
                    "{c} 发送 basic.ack",
                )
            }
            C::AckLost { consumer: _ } => {
                let c = who;
                tr!(
                    lang,
                    "{c}'s ack is lost on the network",
                    "{c} 的 ack 在网络中丢失",
                )
            }
            C::Crashed { consumer: _ } => {
                let c = who;
                tr!(
                    lang,
                    "{c} crashes with the message in its hands",
                    "{c} 在处理该消息时崩溃",
                )
            }
            C::Restarted { consumer: _ } => {
                let c = who;
                tr!(lang, "{c} restarts", "{c} 重新启动")
            }
            C::Republished { exchange, routing_key, .. } => {
                let (c, x) = (who, if exchange.is_empty() { lang.pick("(default)", "（默认）") } else { exchange });
                tr!(
                    lang,
                    "{who} republishes it under the same id to exchange “{x}” with key “{routing_key}”",
                    "{c} 以同一消息 id 将其重新发布到交换器 “{x}”，路由键 “{routing_key}”",
                )
            }
            C::RowWritten { .. } => tr!(
                lang,
                "{who} updates the row in MySQL",
                "{who} 更新 MySQL 中的行",
            ),
            C::CacheDeleted { second: false, .. } => tr!(
                lang,
                "{who} deletes the cache key (invalidation)",
                "{who} 删除缓存键（失效）",
            ),
            C::CacheDeleted { second: true, .. } => tr!(
                lang,
                "{who} deletes the cache key a second time (delayed double delete)",
                "{who} 再次删除缓存键（延迟双删）",
            ),
            C::OrderPaid { too_late: false, .. } => tr!(
                lang,
                "the customer of {who}'s order pays during the delay",
                "{who} 的订单在延迟期间被支付",
            ),
            C::OrderPaid { too_late: true, .. } => tr!(
                lang,
                "the customer of {who}'s order pays, but the order was already cancelled",
                "{who} 的订单被支付，但该订单已被取消",
            ),
            C::OrderCancelled { paid: false, .. } => tr!(
                lang,
                "{who} cancels the unpaid order",
                "{who} 取消未支付的订单",
            ),
            C::OrderCancelled { paid: true, .. } => tr!(
                lang,
                "{who} cancels the order although it was paid (no status check)",
                "{who} 取消了已支付的订单（未检查状态）",
            ),
            C::OrderKeptPaid { .. } => tr!(
                lang,
                "{who} finds the order paid and keeps it",
                "{who} 发现订单已支付，保留它",
            ),
            C::InlineCall { service, failed: false, .. } => tr!(
                lang,
                "{who} calls {service} inline and waits for it",
                "{who} 同步调用 {service} 并等待其完成",
            ),
            C::InlineCall { service, failed: true, .. } => tr!(
                lang,
                "{who} calls {service} inline: the call fails, the order fails",
                "{who} 同步调用 {service}：调用失败，下单失败",
            ),
        }
    }
}
