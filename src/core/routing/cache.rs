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

/// A fixed, seedless hash (no OS randomness) that takes names eight bytes at a time (the
/// multiply-rotate step of rustc's FxHash): a publish hashes its exchange and routing key, so
/// a byte-at-a-time hash would cost more than the lookup it serves.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordHash(u64);

impl WordHash {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for WordHash {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buf = [0u8; 8];
            buf.copy_from_slice(word);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            // Byte by byte (a copy of a variable length would be a `memcpy` call), with the
            // tail's length in its unused top byte: "a" and "a\0" differ.
            let tail = rest.iter().rev().fold(0u64, |word, &b| word << 8 | u64::from(b));
            self.add(tail ^ ((rest.len() as u64) << 56));
        }
    }
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
    fn write_usize(&mut self, word: usize) {
        self.add(word as u64);
    }
    fn finish(&self) -> u64 {
        // The product's best-mixed bits are its high ones; the table indexes by the low ones.
        self.0.rotate_left(26)
    }
}

/// A map looked up by name, never iterated.
type ByName<V> = HashMap<Rc<str>, V, BuildHasherDefault<WordHash>>;

/// One exchange's remembered facts and routes.
#[derive(Clone, Debug)]
struct ExchangeRoutes {
    /// The exchange's own name (shared with the messages published to it).
    name: Rc<str>,
    internal: bool,
    /// Routing key -> destination queues.
    by_key: ByName<Rc<[QueueId]>>,
}

/// What the cache knows of an exchange, and of one routing key's route through it.
#[derive(Clone, Copy, Debug)]
pub struct Known<'a> {
    pub name: &'a Rc<str>,
    pub internal: bool,
    pub route: Option<&'a Rc<[QueueId]>>,
}

/// A route remembered under the addresses of the very strings a publisher passed: publishers
/// keep their exchange name and routing keys as shared strings, so the next publish finds the
/// route by two addresses, without hashing or comparing a name.
#[derive(Clone, Debug)]
struct Pinned {
    /// The publisher's strings, held so that their addresses cannot be reused by other strings
    /// while the entry exists: an equal address then means the same, unchanged string.
    exchange: Rc<str>,
    key: Rc<str>,
    name: Rc<str>,
    internal: bool,
    route: Rc<[QueueId]>,
}

#[derive(Clone, Debug, Default)]
pub struct RouteCache {
    exchanges: ByName<ExchangeRoutes>,
    len: usize,
    /// (exchange string address, key string address) -> route. Looked up only, never iterated,
    /// so addresses decide nothing but whether a lookup hits.
    pinned: HashMap<(usize, usize), Pinned, BuildHasherDefault<WordHash>>,
}

/// The address of a shared string (the data, not the `Rc`).
fn address(s: &Rc<str>) -> usize {
    Rc::as_ptr(s) as *const u8 as usize
}

impl RouteCache {
    pub fn get(&self, exchange: &str, key: &str) -> Option<&Rc<[QueueId]>> {
        self.exchanges.get(exchange)?.by_key.get(key)
    }

    /// An exchange that has a remembered route: its own name, whether it is internal, and the
    /// route of `key` if remembered (one lookup for the whole publish path).
    pub fn exchange(&self, name: &str, key: &str) -> Option<Known<'_>> {
        self.exchanges.get(name).map(|x| Known {
            name: &x.name,
            internal: x.internal,
            route: x.by_key.get(key),
        })
    }

    /// The route remembered for these very strings (see [`Pinned`]), if any.
    pub fn pinned(&self, exchange: &Rc<str>, key: &Rc<str>) -> Option<Known<'_>> {
        let p = self.pinned.get(&(address(exchange), address(key)))?;
        debug_assert!(Rc::ptr_eq(&p.exchange, exchange) && Rc::ptr_eq(&p.key, key));
        Some(Known { name: &p.name, internal: p.internal, route: Some(&p.route) })
    }

    /// Remembers the route of `key` through `exchange` under these strings' addresses, if the
    /// route is remembered by name. Bounded like the rest: when full, it starts over.
    pub fn pin(&mut self, exchange: &Rc<str>, key: &Rc<str>) {
        let Some(x) = self.exchanges.get(&**exchange) else { return };
        let Some(route) = x.by_key.get(&**key) else { return };
        let pinned = Pinned { exchange: exchange.clone(), key: key.clone(), name: x.name.clone(), internal: x.internal, route: route.clone() };
        if self.pinned.len() >= CAPACITY {
            self.pinned.clear();
        }
        self.pinned.insert((address(exchange), address(key)), pinned);
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
        self.pinned.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    #[test]
    fn remembers_by_exchange_and_key_and_stays_bounded() {
        let mut cache = RouteCache::default();
        cache.insert("x".into(), false, "k".into(), Rc::from([QueueId(1)]));
        assert_eq!(
            cache.get("x", "k").map(|q| q.to_vec()),
            Some(vec![QueueId(1)])
        );
        assert!(cache.get("x", "other").is_none() && cache.get("y", "k").is_none());
        let known = cache.exchange("x", "k").map(|k| (k.name.to_string(), k.internal, k.route.map(|q| q.to_vec())));
        assert_eq!(known, Some(("x".to_string(), false, Some(vec![QueueId(1)]))));
        assert!(cache.exchange("x", "other").is_some_and(|k| k.route.is_none()));
        assert!(cache.exchange("y", "k").is_none());
        for i in 0..CAPACITY + 10 {
            cache.insert("x".into(), false, i.to_string().into(), Rc::from([]));
        }
        assert!(cache.len <= CAPACITY);
        cache.clear();
        assert!(cache.get("x", "k").is_none() && cache.exchange("x", "k").is_none());
    }

    #[test]
    fn a_pinned_route_is_found_by_the_same_strings_only_and_goes_with_the_cache() {
        let mut cache = RouteCache::default();
        let (x, k): (Rc<str>, Rc<str>) = ("x".into(), "k".into());
        // Not remembered by name: nothing to pin.
        cache.pin(&x, &k);
        assert!(cache.pinned(&x, &k).is_none());
        cache.insert("x".into(), true, "k".into(), Rc::from([QueueId(3)]));
        cache.pin(&x, &k);
        let known = cache.pinned(&x, &k).map(|k| (k.name.to_string(), k.internal, k.route.map(|q| q.to_vec())));
        assert_eq!(known, Some(("x".to_string(), true, Some(vec![QueueId(3)]))));
        // Equal strings at other addresses are not pinned (the by-name lookup answers them).
        let (x2, k2): (Rc<str>, Rc<str>) = ("x".into(), "k".into());
        assert!(cache.pinned(&x2, &k2).is_none() && cache.pinned(&x, &k2).is_none());
        // A topology change forgets pinned routes too.
        cache.clear();
        assert!(cache.pinned(&x, &k).is_none());
    }

    #[test]
    fn remembers_that_an_exchange_is_internal() {
        let mut cache = RouteCache::default();
        cache.insert("dlx".into(), true, "k".into(), Rc::from([QueueId(2)]));
        assert_eq!(cache.exchange("dlx", "other").map(|k| k.internal), Some(true));
    }

    #[test]
    fn the_hash_is_fixed_and_sees_every_byte() {
        let hash = |s: &str| {
            let mut h = WordHash::default();
            s.hash(&mut h);
            h.finish()
        };
        // No seed: the same name hashes the same in every run and on every target.
        assert_eq!(hash("bench.topic"), hash("bench.topic"));
        // A change in any byte, in a whole word or in the tail, or in the length, is seen.
        let names = ["orders.s1.info", "orders.s2.info", "orders.s1.infp", "xrders.s1.info", "orders.s1.inf", "", "a", "a\0"];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(hash(a), hash(b), "{a:?} and {b:?}");
            }
        }
    }
}
