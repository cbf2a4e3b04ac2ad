//! Remembered routes. A message without headers, CC or BCC routes the same way every time for
//! the same exchange and routing key, until the topology changes; publishers mostly repeat a
//! few keys, so the broker keeps those routes instead of matching every binding again.
//! The cache is pure memoisation: it never changes a result, and it is bounded.
//!
//! It is also the publish path's exchange lookup: a hit gives the exchange's own name and its
//! `internal` flag without walking the exchange tree (string compares at every level). Lookups
//! hash the name; the maps are never iterated, so their order cannot reach a result.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use crate::core::ids::QueueId;

/// At most this many routes are kept; when full, the cache starts over.
const CAPACITY: usize = 4096;

/// FNV-1a: a fixed, seedless hash (no OS randomness), cheap for short names.
#[derive(Clone, Copy, Debug)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map looked up by name, never iterated.
type ByName<V> = HashMap<Rc<str>, V, BuildHasherDefault<Fnv>>;

/// One exchange's remembered facts and routes.
#[derive(Clone, Debug)]
struct ExchangeRoutes {
    /// The exchange's own name (shared with the messages published to it).
    name: Rc<str>,
    internal: bool,
    /// Routing key -> destination queues.
    by_key: ByName<Rc<[QueueId]>>,
}

#[derive(Clone, Debug, Default)]
pub struct RouteCache {
    exchanges: ByName<ExchangeRoutes>,
    len: usize,
}

impl RouteCache {
    pub fn get(&self, exchange: &str, key: &str) -> Option<&Rc<[QueueId]>> {
        self.exchanges.get(exchange)?.by_key.get(key)
    }

    /// An exchange that has a remembered route: its own name and whether it is internal.
    pub fn exchange(&self, name: &str) -> Option<(Rc<str>, bool)> {
        self.exchanges
            .get(name)
            .map(|x| (x.name.clone(), x.internal))
    }

    /// Remembers a route of an existing exchange (the caller checked that it exists: every
    /// topology change clears the cache, so an entry never outlives its exchange).
    pub fn insert(
        &mut self,
        exchange: Rc<str>,
        internal: bool,
        key: Rc<str>,
        queues: Rc<[QueueId]>,
    ) {
        if self.len >= CAPACITY {
            self.clear();
        }
        let entry = self
            .exchanges
            .entry(exchange.clone())
            .or_insert_with(|| ExchangeRoutes {
                name: exchange,
                internal,
                by_key: ByName::default(),
            });
        if entry.by_key.insert(key, queues).is_none() {
            self.len += 1;
        }
    }

    /// Called on every topology change (declare, delete, bind, unbind).
    pub fn clear(&mut self) {
        self.exchanges.clear();
        self.len = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_by_exchange_and_key_and_stays_bounded() {
        let mut cache = RouteCache::default();
        cache.insert("x".into(), false, "k".into(), Rc::from([QueueId(1)]));
        assert_eq!(
            cache.get("x", "k").map(|q| q.to_vec()),
            Some(vec![QueueId(1)])
        );
        assert!(cache.get("x", "other").is_none() && cache.get("y", "k").is_none());
        assert_eq!(
            cache.exchange("x").map(|(n, i)| (n.to_string(), i)),
            Some(("x".to_string(), false))
        );
        assert!(cache.exchange("y").is_none());
        for i in 0..CAPACITY + 10 {
            cache.insert("x".into(), false, i.to_string().into(), Rc::from([]));
        }
        assert!(cache.len <= CAPACITY);
        cache.clear();
        assert!(cache.get("x", "k").is_none() && cache.exchange("x").is_none());
    }

    #[test]
    fn remembers_that_an_exchange_is_internal() {
        let mut cache = RouteCache::default();
        cache.insert("dlx".into(), true, "k".into(), Rc::from([QueueId(2)]));
        assert_eq!(
            cache.exchange("dlx").map(|(_, internal)| internal),
            Some(true)
        );
    }

    #[test]
    fn fnv_is_the_published_fnv_1a() {
        // Test vectors of FNV-1a 64: "" and "a".
        let hash = |s: &str| {
            let mut h = Fnv::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
