//! Cache-aside writes and stale reads. A row of the MySQL-like table has a version; a reader
//! that misses reads the row's version as its query reaches MySQL and puts that version in
//! Redis a round trip later; a writer updates the row (a new version), then deletes the cache
//! key, and with a delayed double delete deletes it again later. A reader that finds in Redis
//! an older version than MySQL's has read stale data: the fill of a read that began before the
//! write landed after the delete.

use std::rc::Rc;

use super::stores::Key;
use super::{Wakeup, World};
use crate::sim::client_event::ClientStep;

impl World {
    /// A cache hit on `record` holding `cached`: counted stale if MySQL has moved on.
    pub(super) fn check_stale(&mut self, record: &Rc<str>, cached: &str) {
        let current = self.mysql.version(record);
        if cached.parse::<u64>().map_or(true, |v| v < current) {
            self.measures.stale_reads += 1;
        }
    }

    /// A writer's update of `record` commits in MySQL.
    pub(super) fn write_row(&mut self, record: &Rc<str>) {
        self.mysql.update(record.clone());
        self.measures.cache_writes += 1;
    }

    /// Writer `i`'s delete of the cache key `record` after message `id`'s write; a second one
    /// `double_delete_ms` later.
    pub(super) fn delete_cached(&mut self, i: usize, id: &Rc<str>, record: &Rc<str>, double_delete_ms: Option<u64>) {
        self.redis.del(&Key::Name(record.clone()));
        self.measures.cache_deletes += 1;
        self.note(Some(id), ClientStep::CacheDeleted { consumer: i as u32, second: false });
        if let Some(ms) = double_delete_ms {
            self.delayed_deletes.push((record.clone(), id.clone(), i as u32));
            let at = self.now().plus_millis(ms);
            self.wake(at, Wakeup::DelayedDelete(self.delayed_deletes.len() - 1));
        }
    }

    /// The delayed second delete.
    pub(super) fn delayed_delete(&mut self, index: usize) {
        let Some((record, id, consumer)) = self.delayed_deletes.get(index).cloned() else { return };
        self.redis.del(&Key::Name(record));
        self.measures.cache_deletes += 1;
        self.note(Some(&id), ClientStep::CacheDeleted { consumer, second: true });
    }
}
