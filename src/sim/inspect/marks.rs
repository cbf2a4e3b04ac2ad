//! The key moments of a run, for the canvas: a short-lived label where something happened to a
//! message that a student should see (lost in an auto-ack crash, a duplicate, a rollback, a
//! transient message lost at a restart ...), and the clients that are down. Read off the
//! broker's events, the clients' steps and the world's state only. A loss is a copy's: an
//! auto-ack crash is marked at the consumer that had the copy, a drop at the queue that held
//! it, each with its message.

use std::rc::Rc;

use super::*;
use crate::core::{DropReason, Event, Stamped, Time};
use crate::lang::Lang;
use crate::sim::client_event::{ClientEvent, ClientStep};
use crate::sim::world::ClientStatus;

/// What happened at a mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MarkKind {
    LostAutoAckCrash,
    LostAutoAckFailure,
    LostTransient,
    LostOnFailover,
    LostOnTheWay,
    /// A redelivery skipped as a duplicate whose first delivery never processed it.
    LostAfterDedupMark,
    Overflow,
    GaveUp,
    Expired,
    Dropped,
    Duplicate,
    DuplicateSkipped,
    RolledBack,
    AckLost,
    ConfirmLost,
    LockOverlap,
    Crashed,
    Restarted,
    /// A full `reject-publish` queue refused a publish (a nack to a confirming publisher).
    Refused,
    /// An unroutable mandatory publish went back to its publisher.
    Returned,
    /// A copy left its queue for the dead-letter exchange.
    DeadLettered,
}

impl MarkKind {
    /// A message was lost here (drawn red, with a cross: never by colour alone).
    pub fn is_loss(self) -> bool {
        matches!(
            self,
            MarkKind::LostAutoAckCrash
                | MarkKind::LostAutoAckFailure
                | MarkKind::LostTransient
                | MarkKind::LostOnFailover
                | MarkKind::LostOnTheWay
                | MarkKind::LostAfterDedupMark
                | MarkKind::Overflow
                | MarkKind::GaveUp
        )
    }

    /// Something went wrong here without a loss (a duplicate, a lost ack, a lock overlap).
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            MarkKind::Duplicate
                | MarkKind::AckLost
                | MarkKind::ConfirmLost
                | MarkKind::LockOverlap
                | MarkKind::Crashed
                | MarkKind::Refused
                | MarkKind::Returned
        )
    }

    pub fn id(self) -> &'static str {
        match self {
            MarkKind::LostAutoAckCrash => "lost-auto-ack-crash",
            MarkKind::LostAutoAckFailure => "lost-auto-ack-failure",
            MarkKind::LostTransient => "lost-transient",
            MarkKind::LostOnFailover => "lost-on-failover",
            MarkKind::LostOnTheWay => "lost-on-the-way",
            MarkKind::LostAfterDedupMark => "lost-after-dedup-mark",
            MarkKind::Overflow => "overflow",
            MarkKind::GaveUp => "gave-up",
            MarkKind::Expired => "expired",
            MarkKind::Dropped => "dropped",
            MarkKind::Duplicate => "duplicate",
            MarkKind::DuplicateSkipped => "duplicate-skipped",
            MarkKind::RolledBack => "rolled-back",
            MarkKind::AckLost => "ack-lost",
            MarkKind::ConfirmLost => "confirm-lost",
            MarkKind::LockOverlap => "lock-overlap",
            MarkKind::Crashed => "crashed",
            MarkKind::Restarted => "restarted",
            MarkKind::Refused => "refused",
            MarkKind::Returned => "returned",
            MarkKind::DeadLettered => "dead-lettered",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            MarkKind::LostAutoAckCrash => ("lost: auto-ack crash", "丢失：自动确认后崩溃"),
            MarkKind::LostAutoAckFailure => ("lost: auto-ack failure", "丢失：自动确认后处理失败"),
            MarkKind::LostTransient => ("lost: transient", "丢失：非持久消息"),
            MarkKind::LostOnFailover => ("lost on failover", "故障转移时丢失"),
            MarkKind::LostOnTheWay => ("lost on the way", "途中丢失"),
            MarkKind::LostAfterDedupMark => ("lost: skipped, never processed", "丢失：被跳过，从未处理"),
            MarkKind::Overflow => ("dropped: overflow", "丢弃：溢出"),
            MarkKind::GaveUp => ("gave up", "放弃重发"),
            MarkKind::Expired => ("expired", "已过期"),
            MarkKind::Dropped => ("dropped", "被丢弃"),
            MarkKind::Duplicate => ("duplicate", "重复处理"),
            MarkKind::DuplicateSkipped => ("duplicate skipped", "重复已跳过"),
            MarkKind::RolledBack => ("rolled back", "已回滚"),
            MarkKind::AckLost => ("ack lost", "ack 丢失"),
            MarkKind::ConfirmLost => ("confirm lost", "确认丢失"),
            MarkKind::LockOverlap => ("lock overlap", "锁重叠"),
            MarkKind::Crashed => ("crashed", "已崩溃"),
            MarkKind::Restarted => ("restarted", "已重启"),
            MarkKind::Refused => ("refused: queue full", "拒收：队列已满"),
            MarkKind::Returned => ("returned to the publisher", "退回给发布者"),
            MarkKind::DeadLettered => ("dead-lettered", "成为死信"),
        };
        lang.pick(en, zh)
    }
}

/// A label on the canvas: at `place`, `count` times `kind` in the window, the last at `last`.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub place: Endpoint,
    pub kind: MarkKind,
    pub count: u64,
    /// The message of the last occurrence (click the label to open its lifecycle).
    pub body: Option<Rc<str>>,
    /// 0 when it just happened, up to 1 when the label is about to go.
    pub age: f64,
}

/// The marks of what happened in the last `window` of virtual time before now, grouped by
/// place and kind (one label each, with a count).
pub fn marks(world: &World, log: &[Stamped], clients: &[ClientEvent], window: Time) -> Vec<Mark> {
    let now = world.now();
    let since = Time(now.0.saturating_sub(window.0));
    let scenario = &world.scenario;
    let producer = |i: u32| {
        scenario
            .producers
            .get(i as usize)
            .map(|p| Endpoint::Producer(p.name.as_str().into()))
    };
    let consumer = |i: u32| {
        scenario
            .consumers
            .get(i as usize)
            .map(|c| Endpoint::Consumer(c.name.as_str().into()))
    };
    let auto_ack = |i: u32| {
        scenario
            .consumers
            .get(i as usize)
            .is_some_and(|c| c.auto_ack)
    };
    // Per place and kind: how many, the last message, the last time.
    type Seen = (u64, Option<Rc<str>>, Time);
    // Kept sorted by place and kind with a binary search: the order a B-tree map would give,
    // without a B-tree of this key and value type of its own in the page's wasm.
    let mut found: Vec<((Endpoint, MarkKind), Seen)> = Vec::new();
    let mut add = |place: Option<Endpoint>, kind: MarkKind, body: Option<&Rc<str>>, at: Time| {
        if let Some(place) = place {
            let e = crate::ordered::entry_sorted(&mut found, (place, kind), || (0, None, at));
            e.0 += 1;
            e.1 = body.cloned().or(e.1.take());
            e.2 = at;
        }
    };
    let start = clients.partition_point(|c| c.at < since);
    // A skipped duplicate is harmless only if an earlier delivery did the side effect.
    let processed_before = |before: usize, body: Option<&Rc<str>>| {
        clients[..before]
            .iter()
            .rev()
            .any(|c| matches!(c.step, ClientStep::SideEffect { .. }) && c.body.as_ref() == body)
    };
    for (n, c) in clients.iter().enumerate().skip(start) {
        let body = c.body.as_ref();
        match c.step {
            ClientStep::Crashed { consumer: i } if auto_ack(i) => {
                add(consumer(i), MarkKind::LostAutoAckCrash, body, c.at)
            }
            ClientStep::ProcessingFailed { consumer: i } if auto_ack(i) => {
                add(consumer(i), MarkKind::LostAutoAckFailure, body, c.at)
            }
            ClientStep::Crashed { consumer: i } => add(consumer(i), MarkKind::Crashed, body, c.at),
            ClientStep::Restarted { consumer: i } => {
                add(consumer(i), MarkKind::Restarted, body, c.at)
            }
            ClientStep::SideEffect { consumer: i, times } if times > 1 => {
                add(consumer(i), MarkKind::Duplicate, body, c.at)
            }
            ClientStep::DedupHit { consumer: i } if processed_before(n, body) => {
                add(consumer(i), MarkKind::DuplicateSkipped, body, c.at)
            }
            ClientStep::DedupHit { consumer: i } => {
                add(consumer(i), MarkKind::LostAfterDedupMark, body, c.at)
            }
            ClientStep::AckLost { consumer: i } => add(consumer(i), MarkKind::AckLost, body, c.at),
            ClientStep::LockAcquired {
                consumer: i,
                overlap: true,
            } => add(consumer(i), MarkKind::LockOverlap, body, c.at),
            ClientStep::ConfirmLost { producer: i } => {
                add(producer(i), MarkKind::ConfirmLost, body, c.at)
            }
            ClientStep::TxRollback { producer: i } => {
                add(producer(i), MarkKind::RolledBack, body, c.at)
            }
            ClientStep::PublishLost { producer: i, .. } => {
                add(producer(i), MarkKind::LostOnTheWay, body, c.at)
            }
            ClientStep::GaveUp { producer: i } => add(producer(i), MarkKind::GaveUp, body, c.at),
            _ => {}
        }
    }
    // Every frame reads this: only the window of the log. Each copy the broker dropped is
    // marked at the queue it was in (a split brain's discarded second queue by its name), with
    // its message, so the label opens the copy's lifecycle.
    let start = log.partition_point(|e| e.at < since);
    let queue_place = |queue| world.queue_name(queue).map(Endpoint::Queue);
    for e in &log[start..] {
        match &e.event {
            Event::Dropped { queue, reason, copy } => {
                let kind = match reason {
                    DropReason::TransientOnRestart | DropReason::NodeDown => MarkKind::LostTransient,
                    DropReason::UnsyncedMirrorPromoted | DropReason::PartitionDiscarded => {
                        MarkKind::LostOnFailover
                    }
                    DropReason::Maxlen => MarkKind::Overflow,
                    DropReason::Expired => MarkKind::Expired,
                    _ => MarkKind::Dropped,
                };
                let body = world.copy_message(*copy);
                add(queue_place(*queue), kind, body.as_ref(), e.at);
            }
            Event::Refused { queue, msg } => {
                let body = world.message_of(*msg).map(|(_, id)| id);
                add(queue_place(*queue), MarkKind::Refused, body.as_ref(), e.at);
            }
            // A returned message goes back to its publisher: the producer whose message it is.
            Event::Returned { msg, .. } => {
                let publisher = world.message_of(msg.id).and_then(|(p, _)| producer(p as u32));
                add(publisher, MarkKind::Returned, Some(&msg.body), e.at);
            }
            Event::DeadLettered { queue, msg, .. } => {
                add(queue_place(*queue), MarkKind::DeadLettered, Some(&msg.body), e.at);
            }
            _ => {}
        }
    }
    found
        .into_iter()
        .map(|((place, kind), (count, body, at))| {
            let age = (now.0.saturating_sub(at.0)) as f64 / window.0.max(1) as f64;
            Mark {
                place,
                kind,
                count,
                body,
                age: age.min(1.0),
            }
        })
        .collect()
}

/// The clients that are down now (crashed, or reconnecting), for the canvas to mark.
pub fn client_statuses(world: &World) -> Vec<(Endpoint, ClientStatus)> {
    let s = &world.scenario;
    let producers = s.producers.iter().enumerate().filter_map(|(i, p)| {
        Some((
            Endpoint::Producer(p.name.as_str().into()),
            world.producer_status(i)?,
        ))
    });
    let consumers = s.consumers.iter().enumerate().filter_map(|(i, c)| {
        Some((
            Endpoint::Consumer(c.name.as_str().into()),
            world.consumer_status(i)?,
        ))
    });
    producers.chain(consumers).collect()
}
