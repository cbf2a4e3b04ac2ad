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
}
