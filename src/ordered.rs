//! Ordered maps and sets built one insert at a time.
//!
//! `collect()` into a `BTreeMap` or `BTreeSet` first sorts a buffer of the items with the
//! standard library's stable sort, and every key/value type collected that way gets a copy of
//! that sort of its own in the page's wasm (a few KB each before wasm-opt). Inserting one item
//! at a time uses the map's `insert`, which the code that fills the map later has anyway. The
//! result is the same map: for a repeated key the last value wins, as with `collect()`.

use std::collections::{BTreeMap, BTreeSet};

/// The map of `pairs`, as `pairs.into_iter().collect()` would make it, without a sort.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in pairs {
        map.insert(key, value);
    }
    map
}

/// The set of `items`, as `items.into_iter().collect()` would make it, without a sort.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

/// Sorts `items` by `key` keeping equal keys in their order, as `sort_by_key` would. The sort
/// itself is of `(key, index)` pairs, one copy of it for the whole crate, where `sort_by_key`
/// would add a stable sort per element type (and per caller, inside a generic function).
pub fn sort_by_u64<T>(items: &mut Vec<T>, key: fn(&T) -> u64) {
    let mut order: Vec<(u64, usize)> = items.iter().enumerate().map(|(i, item)| (key(item), i)).collect();
    // The index breaks ties, so an unstable sort of the pairs gives the stable order.
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    // Every index is in `order` once, so every slot is taken once.
    items.extend(order.into_iter().filter_map(|(_, i)| slots[i].take()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_and_the_set_are_those_collect_makes_repeated_keys_included() {
        let pairs = [
            (3, "c"),
            (1, "a"),
            (2, "b"),
            (1, "last a"),
            (0, "z"),
            (3, "last c"),
        ];
        let collected: BTreeMap<_, _> = pairs.into_iter().collect();
        assert_eq!(map_of(pairs), collected);
        assert_eq!(
            map_of(pairs).get(&1),
            Some(&"last a"),
            "the last value of a repeated key wins"
        );
        let items = ["q", "b", "q", "a", ""];
        let collected: BTreeSet<_> = items.into_iter().collect();
        assert_eq!(set_of(items), collected);
        assert_eq!(
            set_of(items).into_iter().collect::<Vec<_>>(),
            ["", "a", "b", "q"]
        );
        assert!(map_of(Vec::<(u8, u8)>::new()).is_empty() && set_of(Vec::<u8>::new()).is_empty());
    }

    #[test]
    fn sort_by_u64_is_the_stable_sort_by_key() {
        let items = [(5, 'a'), (1, 'b'), (5, 'c'), (0, 'd'), (1, 'e'), (9, 'f'), (5, 'g'), (0, 'h')];
        let mut ours = items.to_vec();
        sort_by_u64(&mut ours, |p| p.0);
        let mut std = items.to_vec();
        std.sort_by_key(|p| p.0);
        assert_eq!(ours, std, "equal keys keep their order");
        assert_eq!(ours.iter().map(|p| p.1).collect::<String>(), "dhbeacgf");
        let mut empty: Vec<(u64, char)> = vec![];
        sort_by_u64(&mut empty, |p| p.0);
        assert!(empty.is_empty());
    }
}
