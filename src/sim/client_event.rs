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
                tr!(
                    lang,
                    "{who} sends basic.publish",
                    "{who} 发送 basic.publish",
                )
            }
            C::Publish {
                producer: _,
                resend,
            } => {
                tr!(
                    lang,
                    "{who} resends it under the same message id (resend {resend}): no confirm in time",
                    "{who} 未及时收到确认，以同一消息 id 重发（第 {resend} 次）",
                )
            }
            C::PublishLost { producer: _, no_node: false } => {
                tr!(
                    lang,
                    "{who}'s publish is lost on the network",
                    "{who} 的发布在网络中丢失",
                )
            }
            C::PublishLost { producer: _, no_node: true } => {
                tr!(
                    lang,
                    "{who} finds no broker node up: the publish reaches no broker",
                    "{who} 找不到在线的代理节点：这次发布没有到达代理",
                )
            }
            C::ConfirmLost { producer: _ } => {
                tr!(
                    lang,
                    "the confirm is lost on its way back to {who}",
                    "确认在返回 {who} 的途中丢失",
                )
            }
            C::GaveUp { producer: _ } => {
                tr!(
                    lang,
                    "{who} gives up: still no confirm after 10 resends",
                    "{who} 放弃：重发 10 次仍无确认",
                )
            }
            C::TxCommit { producer: _ } => {
                tr!(
                    lang,
                    "{who} sends tx.commit",
                    "{who} 发送 tx.commit",
                )
            }
            C::TxRollback { producer: _ } => {
                tr!(
                    lang,
                    "{who} sends tx.rollback: the batch is discarded",
                    "{who} 发送 tx.rollback：整批被丢弃",
                )
            }
            C::TxAborted { producer: _ } => {
                tr!(
                    lang,
                    "{who}'s channel closed before tx.commit",
                    "{who} 的信道在 tx.commit 之前关闭",
                )
            }
            C::DedupMarked { consumer: _ } => {
                tr!(
                    lang,
                    "{who} checks the dedup store: first time, marked",
                    "{who} 查询去重存储：首次出现，已标记",
                )
            }
            C::DedupHit { consumer: _ } => {
                tr!(
                    lang,
                    "{who} recognises a duplicate and skips it",
                    "{who} 识别出重复消息并跳过",
                )
            }
            C::LockAcquired {
                consumer: _,
                overlap: false,
            } => {
                tr!(lang, "{who} takes the lock", "{who} 获得锁")
            }
            C::LockAcquired {
                consumer: _,
                overlap: true,
            } => {
                tr!(
                    lang,
                    "{who} takes the lock while the previous holder is still inside (its lease expired)",
                    "{who} 获得锁，而上一个持有者仍在临界区内（其租约已过期）",
                )
            }
            C::LockExpired { consumer: _ } => {
                tr!(
                    lang,
                    "{who} finds its lock's lease expired while it was inside",
                    "{who} 发现自己在临界区内时锁的租约已过期",
                )
            }
            C::LockWait { consumer: _ } => {
                tr!(
                    lang,
                    "{who} finds the lock held and waits",
                    "{who} 发现锁被占用，等待",
                )
            }
            C::CacheHit { consumer: _ } => {
                tr!(
                    lang,
                    "{who} reads the record from the cache (hit)",
                    "{who} 从缓存读取记录（命中）",
                )
            }
            C::CacheMiss { consumer: _ } => {
                tr!(
                    lang,
                    "{who} misses the cache, reads MySQL and fills the cache",
                    "{who} 缓存未命中，读取 MySQL 并写入缓存",
                )
            }
            C::ProcessingStarted { consumer: _ } => {
                tr!(lang, "{who} starts processing", "{who} 开始处理")
            }
            C::ProcessingFailed { consumer: _ } => {
                tr!(lang, "{who}'s processing fails", "{who} 处理失败")
            }
            C::SideEffect {
                consumer: _,
                times: 1,
            } => {
                tr!(
                    lang,
                    "{who} applies the side effect",
                    "{who} 执行副作用",
                )
            }
            C::SideEffect { consumer: _, times } => {
                tr!(
                    lang,
                    "{who} applies the side effect again (time {times}): a duplicate",
                    "{who} 再次执行副作用（第 {times} 次）：重复处理",
                )
            }
            C::AckSent { consumer: _ } => {
                tr!(
                    lang,
                    "{who} sends basic.ack",
                    "{who} 发送 basic.ack",
                )
            }
            C::AckLost { consumer: _ } => {
                tr!(
                    lang,
                    "{who}'s ack is lost on the network",
                    "{who} 的 ack 在网络中丢失",
                )
            }
            C::Crashed { consumer: _ } => {
                tr!(
                    lang,
                    "{who} crashes with the message in its hands",
                    "{who} 在处理该消息时崩溃",
                )
            }
            C::Restarted { consumer: _ } => {
                tr!(lang, "{who} restarts", "{who} 重新启动")
            }
            C::Republished { exchange, routing_key, .. } => {
                let x = if exchange.is_empty() { lang.pick("(default)", "（默认）") } else { exchange };
                tr!(
                    lang,
                    "{who} republishes it under the same id to exchange “{x}” with key “{routing_key}”",
                    "{who} 以同一消息 id 将其重新发布到交换器 “{x}”，路由键 “{routing_key}”",
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
