//! Dead-lettering: the `x-death` record, routing through the dead-letter exchange, and the
//! automatic-cycle check. Classic dead-lettering is at-most-once: a copy that cannot be placed
//! is gone.

use std::rc::Rc;

use super::broker::Broker;
use super::event::{DropReason, Event};
use super::ids::QueueId;
use super::ledger::Place;
use super::message::{Death, DeathReason, Message};
use super::queue::QueuedMsg;
use super::time::Time;

impl Broker {
    pub(super) fn dead_letter(&mut self, from: QueueId, queued: QueuedMsg, reason: DeathReason) {
        let queue = self.queue(from).expect("dead-lettering from a live queue");
        let Some(dlx) = queue.config.dead_letter_exchange.clone() else {
            return self.drop_copy(from, queued.copy, dropped_because(reason));
        };
        let dlrk = queue.config.dead_letter_routing_key.clone();
        let (queue_name, node) = (queue.name.clone(), queue.node);
        // The key it is dead-lettered with: as a publish, the route cache knows the route under
        // the addresses of the very strings (the queue's DLX setting and this key), so neither
        // the exchange nor the route is looked up by name. A cached route implies the exchange
        // exists (every topology change clears the cache).
        let key = dlrk.clone().unwrap_or_else(|| queued.msg.routing_key.clone());
        let pinned = self.routes.pinned(&dlx, &key).map(|known| (known.name.clone(), known.route.cloned()));
        let (exchange, known_route) = match pinned {
            Some(found) => found,
            None => match self.exchanges.get(&*dlx) {
                Some(x) => (x.name.clone(), None),
                None => return self.drop_copy(from, queued.copy, DropReason::DeadLetterExchangeMissing),
            },
        };
        let message = record_death(&queued.msg, &queue_name, reason, exchange.clone(), dlrk, self.now);
        let msg = self.messages.share(message);
        // The dead copy's message is released here (its other copies may still hold it).
        self.messages.give(queued.msg);
        // Routed as a publish is: the `x-death` record is not a header a binding matches, so a
        // copy without headers, CC or BCC takes the remembered route of its exchange and key.
        let plain = {
            let extra = msg.extra();
            extra.headers.is_empty() && extra.cc.is_empty() && extra.bcc.is_empty()
        };
        let targets = match known_route {
            Some(route) if plain => route,
            _ => {
                let route = self.route_message(&msg);
                if plain {
                    self.routes.pin(&dlx, &key);
                }
                route
            }
        };
        let routed_somewhere = !targets.is_empty();
        let cycle = |b: &Broker, t: QueueId| b.queue(t).is_some_and(|q| is_cycle(msg.deaths(), &q.name));
        let targets: Rc<[QueueId]> = if reason != DeathReason::Rejected && targets.iter().any(|&t| cycle(self, t)) {
            targets.iter().copied().filter(|&t| !cycle(self, t)).collect()
        } else {
            targets
        };
        if targets.is_empty() {
            let why = if routed_somewhere { DropReason::DeadLetterCycle } else { DropReason::DeadLetterUnroutable };
            return self.drop_copy(from, queued.copy, why);
        }
        // The source queue publishes the copy from its own node: a classic target whose home
        // is down (or cut off) does not get it, and nothing retries (3.10 loses it).
        let targets = self.targets_reached_from(&targets, node);
        if targets.is_empty() {
            return self.drop_copy(from, queued.copy, DropReason::NodeDown);
        }
        self.ledger.set(queued.copy, Place::DeadLettered);
        self.emit(Event::DeadLettered { queue: from, copy: queued.copy, reason, exchange, msg: msg.clone() });
        for &target in targets.iter() {
            self.enqueue(target, msg.clone());
        }
    }
}

fn dropped_because(reason: DeathReason) -> DropReason {
    match reason {
        DeathReason::Rejected => DropReason::Rejected,
        DeathReason::Expired => DropReason::Expired,
        DeathReason::Maxlen => DropReason::Maxlen,
        DeathReason::DeliveryLimit => DropReason::DeliveryLimit,
    }
}

/// The message as the dead-letter exchange receives it: a new or counted-up `x-death` entry at
/// the front, no `expiration` (kept as `original-expiration`), the DLX as its exchange, and
/// with a dead-letter routing key, that key alone (CC removed).
pub fn record_death(
    msg: &Message,
    queue: &Rc<str>,
    reason: DeathReason,
    dlx: Rc<str>,
    dlrk: Option<Rc<str>>,
    now: Time,
) -> Message {
    let mut out = msg.clone();
    let recorded_keys = msg.recorded_keys();
    let old_exchange = msg.exchange.clone();
    let extra = out.extra_mut();
    let original_expiration = extra.expiration.take();
    match extra.deaths.iter().position(|d| d.queue == *queue && d.reason == reason) {
        Some(at) => {
            let mut death = extra.deaths.remove(at);
            death.count += 1;
            extra.deaths.insert(0, death);
        }
        None => extra.deaths.insert(
            0,
            Death { queue: queue.clone(), reason, count: 1, time: now, exchange: old_exchange.clone(), routing_keys: recorded_keys, original_expiration },
        ),
    }
    extra.first_death.get_or_insert((queue.clone(), reason, old_exchange));
    if let Some(key) = dlrk {
        extra.cc.clear();
        extra.bcc.clear();
        extra.headers.remove("CC");
        out.routing_key = key;
    }
    out.exchange = dlx;
    out
}

/// A fully automatic cycle: walking the deaths newest first up to the last death in `target`,
/// no death was a client's rejection. Such a message is dropped for that target.
pub fn is_cycle(deaths: &[Death], target: &str) -> bool {
    for death in deaths {
        if death.reason == DeathReason::Rejected {
            return false;
        }
        if *death.queue == *target {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::MsgId;
    use crate::core::value::Value;

    fn msg() -> Message {
        let mut m = Message {
            id: MsgId(1),
            body: "m".into(),
            exchange: "".into(),
            routing_key: "q".into(),
            persistent: true,
            priority: None,
            message_id_is_body: false,
            extra: None,
        };
        let extra = m.extra_mut();
        extra.cc = vec!["other".into()];
        extra.headers.insert("CC".into(), Value::Array(vec!["other".into()]));
        extra.expiration = Some("1000".into());
        m
    }

    #[test]
    fn a_first_death_records_keys_with_cc_and_moves_expiration_aside() {
        let dead = record_death(&msg(), &"q".into(), DeathReason::Expired, "dlx".into(), None, Time::ZERO);
        let d = &dead.deaths()[0];
        assert_eq!((d.count, &*d.exchange, d.routing_keys.len()), (1, "", 2));
        assert_eq!(d.original_expiration.as_deref(), Some("1000"));
        assert_eq!(dead.expiration(), None);
        assert_eq!((&*dead.exchange, &*dead.routing_key), ("dlx", "q"));
    }

    #[test]
    fn a_dead_letter_routing_key_replaces_the_keys_and_strips_cc() {
        let dead = record_death(&msg(), &"q".into(), DeathReason::Rejected, "dlx".into(), Some("failed".into()), Time::ZERO);
        assert_eq!(&*dead.routing_key, "failed");
        assert!(dead.extra().cc.is_empty() && !dead.headers().contains_key("CC"));
        assert_eq!(dead.all_keys(), vec![Rc::<str>::from("failed")]);
    }

    #[test]
    fn a_repeated_pair_counts_up_and_moves_to_the_front() {
        let q: Rc<str> = "work".into();
        let w: Rc<str> = "wait".into();
        let m1 = record_death(&msg(), &q, DeathReason::Rejected, "".into(), Some("wait".into()), Time::ZERO);
        let m2 = record_death(&m1, &w, DeathReason::Expired, "".into(), Some("work".into()), Time::ZERO);
        let m3 = record_death(&m2, &q, DeathReason::Rejected, "".into(), Some("wait".into()), Time::ZERO);
        let order: Vec<_> = m3.deaths().iter().map(|d| (&*d.queue, d.count)).collect();
        assert_eq!(order, vec![("work", 2), ("wait", 1)]);
        assert_eq!(m3.extra().first_death.as_ref().map(|f| &*f.0), Some("work"));
    }

    #[test]
    fn cycles_are_automatic_only_without_a_rejection_on_the_way() {
        let death = |queue: &str, reason| Death {
            queue: queue.into(),
            reason,
            count: 1,
            time: Time::ZERO,
            exchange: "".into(),
            routing_keys: vec![],
            original_expiration: None,
        };
        assert!(is_cycle(&[death("c", DeathReason::Expired)], "c"));
        assert!(!is_cycle(&[death("c", DeathReason::Expired)], "d"));
        let retry = [death("wait", DeathReason::Expired), death("work", DeathReason::Rejected)];
        assert!(!is_cycle(&retry, "work"));
        assert!(is_cycle(&retry, "wait"));
    }
}
