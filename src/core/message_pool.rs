//! A few message allocations kept for reuse. Every publish allocates one `Rc<Message>` and its
//! last settlement frees it; with the allocator's per-size caches full (copies are acked in
//! bursts), that pair costs more than the rest of a plain publish's bookkeeping. The broker
//! hands back a message only it still holds, and the next publish overwrites it in place.
//!
//! Invisible from outside: a pooled message is one nobody else references, and a snapshot (a
//! clone of the broker) starts with an empty pool, so no allocation is ever shared.

use std::rc::Rc;

use super::message::Message;

/// At most this many spare messages (their bodies stay alive until reused, so few).
const CAPACITY: usize = 32;

#[derive(Default)]
pub struct MessagePool {
    spare: Vec<Rc<Message>>,
}

impl MessagePool {
    /// Keeps `msg` for reuse if the broker held its last reference; otherwise just drops it.
    #[inline]
    pub fn give(&mut self, msg: Rc<Message>) {
        if self.spare.len() < CAPACITY && Rc::strong_count(&msg) == 1 && Rc::weak_count(&msg) == 0 {
            self.spare.push(msg);
        }
    }

    /// `message` in a shared allocation: a spare one if there is one, else a new one.
    // Once per publish: inlined into its two callers (a frame of its own cost about 15).
    #[inline(always)]
    pub fn share(&mut self, message: Message) -> Rc<Message> {
        if let Some(mut spare) = self.spare.pop() {
            if let Some(slot) = Rc::get_mut(&mut spare) {
                // The old message is taken apart rather than dropped whole: most have no
                // `extra`, and only a present one needs its drop (a whole-message drop called
                // the `Option<Box<Extra>>` drop glue for every publish, `None` or not).
                let old = std::mem::replace(slot, message);
                if let Some(extra) = old.extra {
                    drop(extra);
                }
                return spare;
            }
        }
        Rc::new(message)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.spare.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.spare.is_empty()
    }
}

/// A snapshot gets an empty pool: sharing spare allocations would make them unusable for both.
impl Clone for MessagePool {
    fn clone(&self) -> MessagePool {
        MessagePool::default()
    }
}

impl std::fmt::Debug for MessagePool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MessagePool({} spare)", self.spare.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::ids::MsgId;

    fn message(id: u64, body: &str) -> Message {
        Message {
            id: MsgId(id),
            body: body.into(),
            exchange: "x".into(),
            routing_key: "k".into(),
            persistent: false,
            priority: None,
            message_id_is_body: false,
            extra: None,
        }
    }

    #[test]
    fn a_message_only_the_broker_held_is_reused_in_place() {
        let mut pool = MessagePool::default();
        let first = pool.share(message(1, "a"));
        let address = Rc::as_ptr(&first);
        pool.give(first);
        assert_eq!(pool.len(), 1);
        let second = pool.share(message(2, "b"));
        assert_eq!(
            Rc::as_ptr(&second),
            address,
            "the spare allocation is reused"
        );
        assert_eq!(
            (second.id, &*second.body),
            (MsgId(2), "b"),
            "and holds the new message"
        );
        assert!(pool.is_empty());
    }

    #[test]
    fn a_message_still_referenced_elsewhere_is_not_kept() {
        let mut pool = MessagePool::default();
        let msg = pool.share(message(1, "a"));
        let held = msg.clone();
        pool.give(msg);
        assert!(
            pool.is_empty(),
            "a reader (an event, a snapshot) still holds it"
        );
        assert_eq!(held.id, MsgId(1));
        let weak = Rc::downgrade(&held);
        pool.give(held);
        assert!(pool.is_empty(), "a weak reference could see it change");
        drop(weak);
    }

    #[test]
    fn the_pool_is_bounded_and_a_clone_starts_empty() {
        let mut pool = MessagePool::default();
        for n in 0..(CAPACITY as u64 + 10) {
            pool.give(Rc::new(message(n, "a")));
        }
        assert_eq!(pool.len(), CAPACITY);
        assert!(pool.clone().is_empty());
    }
}
