//! The external stores on the canvas. A scenario always has one Redis-like and one MySQL-like
//! store (`Scenario.stores`: only their latency); the canvas draws a store once the user placed
//! it from the palette (its position is kept in `layout.stores`) or once a consumer uses it, with
//! an edge from each consumer that uses it, labelled with the use.

use serde_json::{json, Map, Value as Json};

use super::layout::{self, Point, Rect, NODE_H, NODE_W};
use super::entity::Kind;
use crate::sim::scenario::{ConsumerSpec, Idempotency, Scenario};

/// One of the two stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Store {
    Redis,
    Mysql,
}

/// What a consumer does with a store (the label of its edge).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    Dedup,
    Lock,
    Cache,
    UniqueKey,
}

impl Store {
    pub const ALL: [Store; 2] = [Store::Redis, Store::Mysql];

    /// Its key in `Scenario.stores` and `layout.stores`, and its CSS class.
    pub fn key(self) -> &'static str {
        match self {
            Store::Redis => "redis",
            Store::Mysql => "mysql",
        }
    }

    pub fn latency_ms(self, s: &Scenario) -> u64 {
        match self {
            Store::Redis => s.stores.redis.latency_ms,
            Store::Mysql => s.stores.mysql.latency_ms,
        }
    }

    pub fn set_latency_ms(self, s: &mut Scenario, ms: u64) {
        match self {
            Store::Redis => s.stores.redis.latency_ms = ms,
            Store::Mysql => s.stores.mysql.latency_ms = ms,
        }
    }

    /// Where it is drawn when the user has not placed it: right of the topology.
    fn default_at(self, s: &Scenario) -> Point {
        let row = Store::ALL.iter().position(|x| *x == self).unwrap_or(0) as f64;
        let (right, top) = layout::bounds(&layout::placed(s))
            .map_or((layout::column(Kind::Consumer) + NODE_W, 40.0), |b| (b.max.x, b.min.y));
        Point::new(((right + 90.0) / 10.0).round() * 10.0, ((top + row * 120.0) / 10.0).round() * 10.0)
    }
}

/// What one consumer does with a store, in stage order.
pub fn uses(c: &ConsumerSpec, store: Store) -> Vec<Use> {
    let mut out = Vec::new();
    match store {
        Store::Redis => {
            if c.idempotency == Idempotency::DedupSet {
                out.push(Use::Dedup);
            }
            if c.lock.is_some() {
                out.push(Use::Lock);
            }
            if c.cache.is_some() {
                out.push(Use::Cache);
            }
        }
        Store::Mysql => {
            if c.cache.is_some() {
                out.push(Use::Cache);
            }
            if c.idempotency == Idempotency::UniqueKey {
                out.push(Use::UniqueKey);
            }
        }
    }
    out
}

fn stored(s: &Scenario, store: Store) -> Option<Point> {
    let at = s.layout.get("stores")?.get(store.key())?;
    Some(Point::new(at.get("x")?.as_f64()?, at.get("y")?.as_f64()?))
}

/// The stores drawn on the canvas, with their top-left corners.
pub fn drawn(s: &Scenario) -> Vec<(Store, Point)> {
    Store::ALL
        .into_iter()
        .filter_map(|store| {
            let used = s.consumers.iter().any(|c| !uses(c, store).is_empty());
            stored(s, store).or_else(|| used.then(|| store.default_at(s))).map(|at| (store, at))
        })
        .collect()
}

/// Places a store: at its stored position if it has one, else at the right edge of `area` (the
/// part of the canvas in view), one row per store.
pub fn place(s: &mut Scenario, store: Store, area: Rect) {
    if stored(s, store).is_some() {
        return;
    }
    let row = Store::ALL.iter().position(|x| *x == store).unwrap_or(0) as f64;
    let x = (area.max.x - NODE_W - 20.0).max(area.min.x);
    let y = (area.min.y + 20.0 + row * (NODE_H + 60.0)).min(area.max.y - NODE_H).max(area.min.y);
    let (x, y) = ((x / 10.0).round() * 10.0, (y / 10.0).round() * 10.0);
    let stores = s.layout.entry("stores").or_insert_with(|| Json::Object(Map::new()));
    if let Some(stores) = stores.as_object_mut() {
        stores.insert(store.key().into(), json!({"x": x as i64, "y": y as i64}));
    }
}

/// Takes a store off the canvas (it stays drawn while a consumer uses it).
pub fn remove(s: &mut Scenario, store: Store) {
    if let Some(stores) = s.layout.get_mut("stores").and_then(Json::as_object_mut) {
        stores.remove(store.key());
        if stores.is_empty() {
            s.layout.remove("stores");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::parse;

    fn scenario(consumer: &str) -> Scenario {
        parse(&format!(
            r#"{{"version": 1, "duration_ms": 1000, "queues": [{{"name": "q"}}],
                 "consumers": [{{"name": "c", "queue": "q"{consumer}}}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn a_store_is_drawn_when_placed_or_used_and_the_edges_say_how_it_is_used() {
        let mut s = scenario("");
        assert_eq!(drawn(&s), vec![]);
        let area = Rect::spanning(Point::new(0.0, 0.0), Point::new(1000.0, 600.0));
        place(&mut s, Store::Mysql, area);
        assert_eq!(drawn(&s), vec![(Store::Mysql, Point::new(830.0, 130.0))]);
        s.validate().expect("a placed store is only layout");
        remove(&mut s, Store::Mysql);
        assert_eq!(drawn(&s), vec![]);
        assert!(s.layout.is_empty());

        let s = scenario(r#", "idempotency": "dedup_set", "cache": {"ttl_ms": 10}"#);
        assert_eq!(drawn(&s).iter().map(|(st, _)| *st).collect::<Vec<_>>(), Store::ALL);
        assert_eq!(uses(&s.consumers[0], Store::Redis), vec![Use::Dedup, Use::Cache]);
        assert_eq!(uses(&s.consumers[0], Store::Mysql), vec![Use::Cache]);
        let s = scenario(r#", "idempotency": "unique_key""#);
        assert_eq!(drawn(&s).iter().map(|(st, _)| *st).collect::<Vec<_>>(), vec![Store::Mysql]);
    }
}
