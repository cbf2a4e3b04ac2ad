//! External stores the simulated consumers talk to, as plain state: a Redis-like key/value store
//! (SETNX with a lease, compare-and-delete) and a MySQL-like table with a unique key. Each
//! operation costs the configured latency in virtual time; the world schedules the reply, the
//! store itself only answers.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::column::Column;
use crate::core::Time;

/// A key in the stores. A consumer's dedup entry `dedup:<queue>:<message id>` is kept as
/// integers (the queue's index, the message's producer and sequence number), so a run with a
/// dedup entry per message compares integers, not strings; other keys are names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Message { queue: u32, msg: u64 },
    Name(Rc<str>),
}

/// Message keys past this sequence number go in the tree with the names (a run publishes at most
/// `MAX_MESSAGES`, a million, so only a hand-made key gets there).
const DENSE_LIMIT: u64 = 1 << 21;

/// The stores' map of keys. A message key goes in a column per (queue, producer), at its
/// sequence number: a run keeps a dedup entry and a unique key per message, and an index into a
/// vector beats a walk down a tree of hundreds of thousands (it was a sixth of a cluster run's
/// client work). Names, and message keys past `DENSE_LIMIT`, are in a tree.
#[derive(Clone, Debug)]
struct KeyMap<V> {
    columns: BTreeMap<(u32, u64), Column<V>>,
    tree: BTreeMap<Key, V>,
}

impl<V> Default for KeyMap<V> {
    fn default() -> KeyMap<V> {
        KeyMap { columns: BTreeMap::new(), tree: BTreeMap::new() }
    }
}

impl<V> KeyMap<V> {
    /// A message key's column and place in it; None: the key lives in the tree.
    fn dense(key: &Key) -> Option<((u32, u64), usize)> {
        match key {
            Key::Message { queue, msg } => {
                let (producer, n) = super::books::parts(*msg);
                (n < DENSE_LIMIT).then_some(((*queue, producer), n as usize))
            }
            Key::Name(_) => None,
        }
    }

    fn get(&self, key: &Key) -> Option<&V> {
        match KeyMap::<V>::dense(key) {
            Some((column, n)) => self.columns.get(&column)?.get(n),
            None => self.tree.get(key),
        }
    }

    /// Sets `key`; what it held before.
    fn insert(&mut self, key: Key, value: V) -> Option<V> {
        match KeyMap::<V>::dense(&key) {
            Some((column, n)) => {
                self.columns.entry(column).or_default().slot(n).replace(value)
            }
            None => self.tree.insert(key, value),
        }
    }

    fn remove(&mut self, key: &Key) -> Option<V> {
        match KeyMap::<V>::dense(key) {
            Some((column, n)) => self.columns.get_mut(&column)?.take(n),
            None => self.tree.remove(key),
        }
    }
}

/// A Redis-like key/value store with per-key expiry (checked lazily, on access).
#[derive(Clone, Debug, Default)]
pub struct Redis {
    entries: KeyMap<(Rc<str>, Option<Time>)>,
    /// Operations served.
    pub ops: u64,
}

impl Redis {
    fn live(&mut self, now: Time, key: &Key) -> Option<&Rc<str>> {
        if self.entries.get(key).is_some_and(|(_, exp)| exp.is_some_and(|e| e <= now)) {
            self.entries.remove(key);
        }
        self.entries.get(key).map(|(v, _)| v)
    }

    /// `SET key value NX [PX lease_ms]`: true when the key was absent (or expired) and is now set.
    pub fn set_nx(&mut self, now: Time, key: Key, value: Rc<str>, lease_ms: Option<u64>) -> bool {
        self.ops += 1;
        if self.entries.get(&key).is_some_and(|(_, expiry)| expiry.is_none_or(|e| e > now)) {
            return false;
        }
        self.entries.insert(key, (value, lease_ms.map(|ms| now.plus_millis(ms))));
        true
    }

    /// `GET key`.
    pub fn get(&mut self, now: Time, key: &Key) -> Option<Rc<str>> {
        self.ops += 1;
        self.live(now, key).cloned()
    }

    /// `SET key value` (no expiry).
    pub fn set(&mut self, key: Key, value: Rc<str>) {
        self.ops += 1;
        self.entries.insert(key, (value, None));
    }

    /// `SET key value PX ttl_ms`.
    pub fn set_px(&mut self, now: Time, key: Key, value: Rc<str>, ttl_ms: u64) {
        self.ops += 1;
        self.entries.insert(key, (value, Some(now.plus_millis(ttl_ms))));
    }

    /// Deletes `key` only while it still holds `value` (the Lua compare-and-delete that releases
    /// a lock only for its owner): false when the lease ran out or someone else holds it now.
    pub fn del_if(&mut self, now: Time, key: &Key, value: &str) -> bool {
        self.ops += 1;
        if self.live(now, key).is_some_and(|v| &**v == value) {
            self.entries.remove(key);
            return true;
        }
        false
    }

    /// `DEL key`: true when it was set.
    pub fn del(&mut self, key: &Key) -> bool {
        self.ops += 1;
        self.entries.remove(key).is_some()
    }

    /// Whether `key` is set, without counting an operation (for the ledger).
    pub fn peek(&self, now: Time, key: &Key) -> bool {
        self.entries.get(key).is_some_and(|(_, exp)| exp.is_none_or(|e| e > now))
    }
}

/// A MySQL-like table with a unique index on one column, and rows that have a version (0
/// until first updated), for cache-aside.
#[derive(Clone, Debug, Default)]
pub struct Table {
    unique: KeyMap<()>,
    versions: BTreeMap<Rc<str>, u64>,
    pub ops: u64,
}

impl Table {
    /// A `SELECT` of one row (the simulation only counts it; the row is always there).
    pub fn select(&mut self) {
        self.ops += 1;
    }

    /// The version of `row` now (what a read sees; not counted: the read's `select` is).
    pub fn version(&self, row: &str) -> u64 {
        self.versions.get(row).copied().unwrap_or(0)
    }

    /// `UPDATE` of `row`: its next version.
    pub fn update(&mut self, row: Rc<str>) -> u64 {
        self.ops += 1;
        let v = self.versions.entry(row).or_insert(0);
        *v += 1;
        *v
    }

    /// `INSERT` of a row with this unique key: false on a duplicate-key error.
    pub fn insert_unique(&mut self, key: Key) -> bool {
        self.ops += 1;
        self.unique.insert(key, ()).is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_nx_holds_until_the_lease_runs_out_and_del_if_checks_the_owner() {
        let mut r = Redis::default();
        let t = Time::from_millis(10);
        let lock = || Key::Name("lock".into());
        assert!(r.set_nx(t, lock(), "a".into(), Some(100)));
        assert!(!r.set_nx(t.plus_millis(99), lock(), "b".into(), Some(100)));
        assert!(!r.del_if(t.plus_millis(50), &lock(), "b"), "b does not own it");
        assert!(r.set_nx(t.plus_millis(100), lock(), "b".into(), Some(100)), "the lease ran out");
        assert!(!r.del_if(t.plus_millis(120), &lock(), "a"), "a's late release must not free b's lock");
        assert!(r.del_if(t.plus_millis(120), &lock(), "b"));
        assert_eq!(r.get(t.plus_millis(121), &lock()), None);
    }

    #[test]
    fn del_removes_a_key_and_update_moves_a_row_to_its_next_version() {
        let mut r = Redis::default();
        r.set(Key::Name("p1".into()), "0".into());
        assert!(r.del(&Key::Name("p1".into())));
        assert!(!r.del(&Key::Name("p1".into())), "already gone");
        let mut t = Table::default();
        assert_eq!(t.version("p1"), 0);
        assert_eq!(t.update("p1".into()), 1);
        assert_eq!(t.update("p1".into()), 2);
        assert_eq!((t.version("p1"), t.version("p2"), t.ops), (2, 0, 2));
    }

    #[test]
    fn a_unique_key_refuses_the_second_insert() {
        let mut t = Table::default();
        assert!(t.insert_unique(Key::Message { queue: 0, msg: 1 }));
        assert!(!t.insert_unique(Key::Message { queue: 0, msg: 1 }));
        assert!(t.insert_unique(Key::Message { queue: 1, msg: 1 }), "another queue's key");
        assert!(t.insert_unique(Key::Message { queue: 0, msg: 1 << 40 | 1 }), "another producer's key");
        // Past the dense columns: the same rule, kept in the tree.
        let far = Key::Message { queue: 0, msg: DENSE_LIMIT + 5 };
        assert!(t.insert_unique(far.clone()));
        assert!(!t.insert_unique(far));
        assert_eq!(t.ops, 6);
    }

    #[test]
    fn message_keys_in_columns_and_in_the_tree_set_get_and_delete_alike() {
        let t = Time::from_millis(10);
        for msg in [7, 3 << 40 | 7, DENSE_LIMIT, u64::MAX] {
            let mut r = Redis::default();
            let key = Key::Message { queue: 2, msg };
            assert_eq!(r.get(t, &key), None, "{msg}");
            assert!(!r.del(&key), "{msg}: nothing to delete");
            assert!(r.set_nx(t, key.clone(), "1".into(), Some(5)), "{msg}");
            assert!(!r.set_nx(t.plus_millis(4), key.clone(), "2".into(), None), "{msg}: held");
            assert!(!r.peek(t.plus_millis(5), &key), "{msg}: the lease ran out");
            assert!(r.set_nx(t.plus_millis(5), key.clone(), "2".into(), None), "{msg}: free again");
            assert_eq!(r.get(t.plus_millis(6), &key).as_deref(), Some("2"), "{msg}");
            assert_eq!(r.get(t, &Key::Message { queue: 3, msg }), None, "{msg}: another queue");
            assert!(r.del(&key), "{msg}");
            assert_eq!(r.get(t.plus_millis(7), &key), None, "{msg}");
        }
    }
}
