//! The conservation ledger: where every copy of every message is. After any command the broker
//! can check that each copy is in exactly one place and that the place matches the state.

use std::collections::BTreeMap;

use super::event::DropReason;
use super::ids::{ChannelId, CopyId, QueueId};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Ready(QueueId),
    Unacked(ChannelId),
    Acked,
    /// Delivered with automatic acknowledgement: settled as it left the queue.
    AutoAcked,
    /// Forwarded by dead-lettering: its successors are new copies.
    DeadLettered,
    Dropped(DropReason),
}

/// Publish-level counters: what happened to each `basic.publish` before copies existed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublishCounts {
    pub published: u64,
    pub unroutable: u64,
    pub returned: u64,
    /// Target queues that refused a publish (`reject-publish`).
    pub refused: u64,
    pub confirmed: u64,
    pub nacked: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    places: Vec<Place>,
    /// Copies in a queue or at a channel now (kept as places change, so reading it is free).
    live: u64,
    pub publishes: PublishCounts,
}

impl Place {
    /// In a queue or held by a channel: the copy still costs memory.
    pub fn is_live(self) -> bool {
        matches!(self, Place::Ready(_) | Place::Unacked(_))
    }
}

impl Ledger {
    pub fn new_copy(&mut self, place: Place) -> CopyId {
        self.places.push(place);
        self.live += u64::from(place.is_live());
        CopyId(self.places.len() as u64 - 1)
    }
    pub fn set(&mut self, copy: CopyId, place: Place) {
        let old = std::mem::replace(&mut self.places[copy.index()], place);
        self.live = self.live + u64::from(place.is_live()) - u64::from(old.is_live());
    }
    /// Copies in queues or at channels right now.
    pub fn live(&self) -> u64 {
        self.live
    }
    pub fn place(&self, copy: CopyId) -> Place {
        self.places[copy.index()]
    }
    pub fn copies(&self) -> u64 {
        self.places.len() as u64
    }
    /// How many copies are in each kind of place (queues and channels folded together).
    pub fn summary(&self) -> BTreeMap<&'static str, u64> {
        let mut out = BTreeMap::new();
        for place in &self.places {
            let key = match place {
                Place::Ready(_) => "ready",
                Place::Unacked(_) => "unacked",
                Place::Acked => "acked",
                Place::AutoAcked => "auto_acked",
                Place::DeadLettered => "dead_lettered",
                Place::Dropped(reason) => reason.as_str(),
            };
            *out.entry(key).or_insert(0) += 1;
        }
        out
    }

    /// Checks that the copies found in queues and channels are exactly those the ledger places
    /// there, each found once. Returns a reason when the books do not balance.
    pub fn check(&self, found: impl Iterator<Item = (CopyId, Place)>) -> Result<(), String> {
        let mut seen = vec![false; self.places.len()];
        for (copy, place) in found {
            let Some(recorded) = self.places.get(copy.index()) else {
                return Err(format!("{copy:?} is at {place:?} but the ledger never issued it"));
            };
            if *recorded != place {
                return Err(format!("{copy:?} is at {place:?} but the ledger has it at {recorded:?}"));
            }
            if std::mem::replace(&mut seen[copy.index()], true) {
                return Err(format!("{copy:?} is in two places at once ({place:?})"));
            }
        }
        for (index, place) in self.places.iter().enumerate() {
            if matches!(place, Place::Ready(_) | Place::Unacked(_)) && !seen[index] {
                return Err(format!("CopyId({index}) should be at {place:?} but is nowhere"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn balanced_books_pass_and_each_imbalance_is_named() {
        let mut ledger = Ledger::default();
        let a = ledger.new_copy(Place::Ready(QueueId(0)));
        let b = ledger.new_copy(Place::Unacked(ChannelId(1)));
        let c = ledger.new_copy(Place::Acked);
        assert!(ledger.check([(a, Place::Ready(QueueId(0))), (b, Place::Unacked(ChannelId(1)))].into_iter()).is_ok());
        let missing = ledger.check([(a, Place::Ready(QueueId(0)))].into_iter()).unwrap_err();
        assert!(missing.contains("nowhere"), "{missing}");
        let twice = ledger
            .check([(a, Place::Ready(QueueId(0))), (a, Place::Ready(QueueId(0))), (b, Place::Unacked(ChannelId(1)))].into_iter())
            .unwrap_err();
        assert!(twice.contains("two places"), "{twice}");
        let settled_but_found = ledger.check([(c, Place::Ready(QueueId(0)))].into_iter()).unwrap_err();
        assert!(settled_but_found.contains("ledger has it at Acked"), "{settled_but_found}");
        assert_eq!(ledger.summary().get("acked"), Some(&1));
        assert_eq!(ledger.live(), 2);
        ledger.set(a, Place::Acked);
        ledger.set(c, Place::Ready(QueueId(1)));
        ledger.set(b, Place::Unacked(ChannelId(2)));
        assert_eq!(ledger.live(), 2, "a left, c came back, b moved");
    }
}
