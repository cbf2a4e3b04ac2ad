//! The editor's selection: a set of items, kept as a sorted list.
//!
//! A selection holds a handful of items, and a `BTreeSet<Item>` of its own cost the page's wasm a
//! whole B-tree (insert, remove, rebalancing, clone, drop) for that one type. A sorted `Vec`
//! gives the same set and the same order (the items' `Ord`, each once) with a binary search.

use super::model::Item;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection(Vec<Item>);

impl Selection {
    /// The set of `items`, each once, in order.
    pub fn of(items: impl IntoIterator<Item = Item>) -> Selection {
        let mut selection = Selection::default();
        selection.extend(items);
        selection
    }

    pub fn contains(&self, item: &Item) -> bool {
        self.0.binary_search(item).is_ok()
    }

    /// Adds `item`; false if it was there already.
    pub fn insert(&mut self, item: Item) -> bool {
        crate::ordered::insert_sorted(&mut self.0, item)
    }

    /// Takes `item` out; false if it was not there.
    pub fn remove(&mut self, item: &Item) -> bool {
        match self.0.binary_search(item) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn extend(&mut self, items: impl IntoIterator<Item = Item>) {
        for item in items {
            self.insert(item);
        }
    }

    pub fn retain(&mut self, keep: impl FnMut(&Item) -> bool) {
        self.0.retain(keep);
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    /// The items in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Item> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::ui::model::Kind;

    /// The items a test plays with: nodes of two kinds and bindings, out of order.
    fn items() -> Vec<Item> {
        vec![
            Item::Binding(3),
            Item::node(Kind::Queue, "q"),
            Item::node(Kind::Consumer, "c"),
            Item::Binding(0),
            Item::node(Kind::Queue, "a"),
            Item::Binding(3),
            Item::node(Kind::Queue, "q"),
        ]
    }

    #[test]
    fn a_selection_is_the_set_a_btree_set_makes_in_its_order() {
        let (ours, theirs) = (
            Selection::of(items()),
            items().into_iter().collect::<BTreeSet<_>>(),
        );
        assert_eq!(
            ours.iter().collect::<Vec<_>>(),
            theirs.iter().collect::<Vec<_>>()
        );
        assert_eq!(ours.len(), 5, "each item once");
        assert!(items().iter().all(|i| ours.contains(i)));
        assert!(!ours.contains(&Item::Binding(1)) && !ours.is_empty());
    }

    #[test]
    fn insert_remove_and_retain_change_the_set_as_a_btree_set_would() {
        let (mut ours, mut theirs) = (Selection::default(), BTreeSet::new());
        for (i, item) in items().into_iter().enumerate() {
            assert_eq!(
                ours.insert(item.clone()),
                theirs.insert(item.clone()),
                "insert #{i}"
            );
        }
        for item in [
            Item::Binding(3),
            Item::Binding(7),
            Item::node(Kind::Queue, "a"),
            Item::Binding(3),
        ] {
            assert_eq!(ours.remove(&item), theirs.remove(&item), "remove {item:?}");
        }
        assert_eq!(
            ours.iter().collect::<Vec<_>>(),
            theirs.iter().collect::<Vec<_>>()
        );
        ours.retain(|i| matches!(i, Item::Node(_)));
        theirs.retain(|i| matches!(i, Item::Node(_)));
        assert_eq!(
            ours.iter().collect::<Vec<_>>(),
            theirs.iter().collect::<Vec<_>>()
        );
        assert_eq!(ours.len(), 2);
        ours.clear();
        assert!(ours.is_empty());
    }
}
