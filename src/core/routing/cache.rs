//! Remembered routes. A message without headers, CC or BCC routes the same way every time for
//! the same exchange and routing key, until the topology changes; publishers mostly repeat a
//! few keys, so the broker keeps those routes instead of matching every binding again.
//! The cache is pure memoisation: it never changes a result, and it is bounded.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::core::ids::QueueId;

/// At most this many routes are kept; when full, the cache starts over.
const CAPACITY: usize = 4096;

/// Routing key -> destination queues, for one exchange.
type RoutesByKey = BTreeMap<Rc<str>, Rc<[QueueId]>>;

#[derive(Clone, Debug, Default)]
pub struct RouteCache {
    routes: BTreeMap<Rc<str>, RoutesByKey>,
    len: usize,
}

impl RouteCache {
    pub fn get(&self, exchange: &str, key: &str) -> Option<&Rc<[QueueId]>> {
        self.routes.get(exchange)?.get(key)
    }

    pub fn insert(&mut self, exchange: Rc<str>, key: Rc<str>, queues: Rc<[QueueId]>) {
        if self.len >= CAPACITY {
            self.clear();
        }
        if self.routes.entry(exchange).or_default().insert(key, queues).is_none() {
            self.len += 1;
        }
    }

    /// Called on every topology change (declare, delete, bind, unbind).
    pub fn clear(&mut self) {
        self.routes.clear();
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_by_exchange_and_key_and_stays_bounded() {
        let mut cache = RouteCache::default();
        cache.insert("x".into(), "k".into(), Rc::from([QueueId(1)]));
        assert_eq!(cache.get("x", "k").map(|q| q.to_vec()), Some(vec![QueueId(1)]));
        assert!(cache.get("x", "other").is_none() && cache.get("y", "k").is_none());
        for i in 0..CAPACITY + 10 {
            cache.insert("x".into(), i.to_string().into(), Rc::from([]));
        }
        assert!(cache.len <= CAPACITY);
        cache.clear();
        assert!(cache.get("x", "k").is_none());
    }
}
