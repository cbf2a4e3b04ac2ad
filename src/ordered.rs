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

/// Adds `item` to a list kept sorted, unless it is there (false then): a set's `insert` on a
/// sorted `Vec`, for the few items of a look-up the page makes per frame or per click, without a
/// B-tree type of their own in its wasm.
pub fn insert_sorted<T: Ord>(items: &mut Vec<T>, item: T) -> bool {
    match items.binary_search(&item) {
        Ok(_) => false,
        Err(at) => {
            items.insert(at, item);
            true
        }
    }
}

/// The value of `key` in a list of pairs kept sorted by key, added from `new` if absent: a
/// map's `entry(key).or_insert_with(new)` on a sorted `Vec`.
pub fn entry_sorted<K: Ord, V>(pairs: &mut Vec<(K, V)>, key: K, new: impl FnOnce() -> V) -> &mut V {
    let at = match pairs.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(at) => at,
        Err(at) => {
            pairs.insert(at, (key, new()));
            at
        }
    };
    &mut pairs[at].1
}

/// The value of `key` in a list of pairs kept sorted by key: a map's `get` on a sorted `Vec`.
pub fn get_sorted<'a, K: Ord, V>(pairs: &'a [(K, V)], key: &K) -> Option<&'a V> {
    pairs.binary_search_by(|(k, _)| k.cmp(key)).ok().map(|at| &pairs[at].1)
}

/// Sets the value of `key` in a list of pairs kept sorted by key, adding the pair if absent: a
/// map's `insert` on a sorted `Vec` (a value there before is dropped).
pub fn put_sorted<K: Ord, V>(pairs: &mut Vec<(K, V)>, key: K, value: V) {
    match pairs.binary_search_by(|(k, _)| k.cmp(&key)) {
        Ok(at) => pairs[at].1 = value,
        Err(at) => pairs.insert(at, (key, value)),
    }
}

/// Adds `item` to a short list unless it is there (false then): a set of a handful of items
/// kept in their first-seen order, searched in order.
pub fn push_new<T: PartialEq>(items: &mut Vec<T>, item: T) -> bool {
    let new = !items.contains(&item);
    if new {
        items.push(item);
    }
    new
}

/// A set kept as a sorted list: `BTreeSet`'s order, equality, `Debug` text and reading (an
/// array, repeats allowed), for the few small sets of the page (a lesson's progress, ticked
/// nodes, skipped names) without a B-tree type of their own in its wasm.
#[derive(Clone, PartialEq, Eq)]
pub struct SortedSet<T>(Vec<T>);

impl<T> Default for SortedSet<T> {
    fn default() -> SortedSet<T> {
        SortedSet(Vec::new())
    }
}

impl<T: Ord> SortedSet<T> {
    pub fn new() -> SortedSet<T> {
        SortedSet::default()
    }
    /// Adds `item` unless it is there (false then).
    pub fn insert(&mut self, item: T) -> bool {
        insert_sorted(&mut self.0, item)
    }
    /// Takes `item` out if it is there (false if it was not).
    pub fn remove<Q: Ord + ?Sized>(&mut self, item: &Q) -> bool
    where
        T: std::borrow::Borrow<Q>,
    {
        match self.0.binary_search_by(|x| x.borrow().cmp(item)) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }
    pub fn contains<Q: Ord + ?Sized>(&self, item: &Q) -> bool
    where
        T: std::borrow::Borrow<Q>,
    {
        self.0.binary_search_by(|x| x.borrow().cmp(item)).is_ok()
    }
    /// The items in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for SortedSet<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.iter()).finish()
    }
}

/// Read as serde reads a `BTreeSet`: an array (the same errors), repeats kept once.
impl<'de, T: Ord + serde::Deserialize<'de>> serde::Deserialize<'de> for SortedSet<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<SortedSet<T>, D::Error> {
        let mut set = SortedSet::new();
        for item in Vec::<T>::deserialize(deserializer)? {
            set.insert(item);
        }
        Ok(set)
    }
}

/// Written as serde writes a `BTreeSet` (the tests' reference writers).
#[cfg(test)]
impl<T: serde::Serialize> serde::Serialize for SortedSet<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The list helpers answer as the B-tree set and map they stand for.
    #[test]
    fn the_sorted_lists_are_the_set_and_the_map() {
        let keys = [5, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        let (mut list, mut set) = (Vec::new(), BTreeSet::new());
        let (mut pairs, mut map) = (Vec::new(), BTreeMap::new());
        let mut seen = Vec::new();
        for (i, k) in keys.into_iter().enumerate() {
            assert_eq!(insert_sorted(&mut list, k), set.insert(k));
            *entry_sorted(&mut pairs, k, || 0) += i;
            *map.entry(k).or_insert(0) += i;
            assert_eq!(push_new(&mut seen, k), !keys[..i].contains(&k));
        }
        assert!(list.iter().eq(set.iter()));
        assert!(pairs.iter().map(|(k, v)| (k, v)).eq(map.iter()));
        assert_eq!(seen, [5, 1, 4, 9, 2, 6, 3], "each once, in first-seen order");
    }

    /// The sorted set answers, prints and reads as the `BTreeSet` it stands for.
    #[test]
    fn the_sorted_set_is_the_b_tree_set() {
        let words = ["q", "b", "q", "a", "", "b", "zz", "a"];
        let (mut ours, mut theirs) = (SortedSet::new(), BTreeSet::new());
        for (i, w) in words.into_iter().enumerate() {
            assert_eq!(ours.insert(w.to_string()), theirs.insert(w.to_string()));
            if i % 3 == 2 {
                assert_eq!(ours.remove(words[i / 2]), theirs.remove(words[i / 2]));
            }
            assert!(ours.iter().eq(theirs.iter()));
            assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
            assert!(words.iter().all(|w| ours.contains(*w) == theirs.contains(*w)));
            assert_eq!((ours.len(), ours.is_empty()), (theirs.len(), theirs.is_empty()));
        }
        for text in [r#"["b", "a", "b"]"#, "[]", "[1]", r#""a""#, "null", "{}"] {
            let read = serde_json::from_str::<SortedSet<String>>(text).map(|s| format!("{s:?}"));
            let reference = serde_json::from_str::<BTreeSet<String>>(text).map(|s| format!("{s:?}"));
            assert_eq!(read.map_err(|e| e.to_string()), reference.map_err(|e| e.to_string()), "{text}");
        }
    }

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
