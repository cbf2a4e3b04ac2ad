//! A producer's publishes awaiting their confirm, by (channel epoch, publish sequence number).
//! A producer numbers its publishes in increasing order and most are confirmed in about that
//! order, so they are a sorted window (found by binary search; confirmed ones at the front
//! dropped), not a search tree that allocates and rebalances on every publish and confirm.

use std::collections::VecDeque;

/// A (channel epoch, sequence number) pair.
pub(super) type SendKey = (u64, u64);

#[derive(Clone, Debug)]
pub(super) struct Awaiting<T> {
    /// Sorted by key; None once confirmed (or given up). The front one is never None.
    entries: VecDeque<(SendKey, Option<T>)>,
    /// The entries that are Some.
    live: usize,
}

impl<T> Default for Awaiting<T> {
    fn default() -> Awaiting<T> {
        Awaiting {
            entries: VecDeque::new(),
            live: 0,
        }
    }
}

impl<T> Awaiting<T> {
    fn find(&self, key: &SendKey) -> Result<usize, usize> {
        // Most confirms are of the oldest send.
        match self.entries.front() {
            Some((first, _)) if first == key => Ok(0),
            _ => self.entries.binary_search_by(|(k, _)| k.cmp(key)),
        }
    }

    /// Adds (or replaces) the entry for `key`. Keys after every other one are the usual case.
    pub(super) fn insert(&mut self, key: SendKey, value: T) {
        if self.entries.back().is_none_or(|(last, _)| *last < key) {
            self.entries.push_back((key, Some(value)));
            self.live += 1;
            return;
        }
        match self.find(&key) {
            Ok(at) => {
                self.live += usize::from(self.entries[at].1.is_none());
                self.entries[at].1 = Some(value);
            }
            Err(at) => {
                self.entries.insert(at, (key, Some(value)));
                self.live += 1;
            }
        }
    }

    pub(super) fn get(&self, key: &SendKey) -> Option<&T> {
        self.entries[self.find(key).ok()?].1.as_ref()
    }

    pub(super) fn remove(&mut self, key: &SendKey) -> Option<T> {
        let at = self.find(key).ok()?;
        let value = self.entries[at].1.take()?;
        self.live -= 1;
        while self.entries.front().is_some_and(|(_, v)| v.is_none()) {
            self.entries.pop_front();
        }
        // An entry never confirmed (its channel died, no timeout resends it) keeps the ones
        // behind it in the window: past twice the live ones, the finished ones go.
        if self.entries.len() > 2 * self.live + 64 {
            self.entries.retain(|(_, v)| v.is_some());
        }
        Some(value)
    }

    /// The entries awaiting, in key order.
    pub(super) fn values(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().filter_map(|(_, v)| v.as_ref())
    }

    pub(super) fn clear(&mut self) {
        self.entries.clear();
        self.live = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The window answers as the map it replaces, whatever the order of inserts and removals.
    #[test]
    fn awaiting_sends_are_found_and_removed_as_in_a_map() {
        let mut window = Awaiting::default();
        let mut map = BTreeMap::new();
        let mut rng = crate::core::rng::SimRng::stream(3, 0);
        let mut next = 1;
        for round in 0..20_000u64 {
            match rng.between(0, 9) {
                // Mostly new sends, in order (epoch 2), some lost ones (epoch 0), a new epoch.
                0..=3 => {
                    let key = (2, next);
                    next += 1;
                    window.insert(key, round);
                    map.insert(key, round);
                }
                4 => {
                    window.insert((0, round), round);
                    map.insert((0, round), round);
                }
                // Confirms, mostly of the oldest, some of any.
                5..=7 => {
                    let key = map.keys().next().copied();
                    if let Some(key) = key {
                        assert_eq!(window.remove(&key), map.remove(&key));
                    }
                }
                8 => {
                    let key = (2, rng.between(1, next));
                    assert_eq!(window.remove(&key), map.remove(&key));
                    assert_eq!(window.remove(&key), None, "already removed");
                }
                // A nack put back (the same key again).
                _ => {
                    let key = (2, rng.between(1, next));
                    if let Some(v) = map.get(&key).copied() {
                        window.insert(key, v + 1);
                        map.insert(key, v + 1);
                    }
                }
            }
            let key = (2, rng.between(1, next));
            assert_eq!(window.get(&key), map.get(&key));
            assert_eq!(window.live, map.len());
            // Finished entries never outnumber the live ones by much.
            assert!(
                window.entries.len() <= 2 * map.len() + 65,
                "{} entries for {}",
                window.entries.len(),
                map.len()
            );
        }
        assert!(map.len() > 100, "entries stay awaiting: {}", map.len());
        assert!(window.values().eq(map.values()));
        window.clear();
        assert_eq!((window.values().count(), window.get(&(2, 1))), (0, None));
    }
}
