//! A column of values by sequence number that grows in fixed chunks, for the stores' per-message
//! keys (`stores.rs`): growing never moves what it already holds. A vector grown one message at
//! a time doubles and copies everything it holds; in wasm each such copy of a few megabytes is a
//! call out of the module (about 0.8 % of a cluster run). A slot is found by a shift and a mask.

/// Slots per chunk (a power of two).
const CHUNK_BITS: u32 = 12;
const CHUNK: usize = 1 << CHUNK_BITS;

#[derive(Clone, Debug)]
pub(super) struct Column<V> {
    chunks: Vec<Box<[Option<V>]>>,
}

impl<V> Default for Column<V> {
    fn default() -> Column<V> {
        Column { chunks: Vec::new() }
    }
}

impl<V> Column<V> {
    pub(super) fn get(&self, n: usize) -> Option<&V> {
        self.chunks
            .get(n >> CHUNK_BITS)?
            .get(n & (CHUNK - 1))?
            .as_ref()
    }

    /// Empties slot `n`: what it held.
    pub(super) fn take(&mut self, n: usize) -> Option<V> {
        self.chunks
            .get_mut(n >> CHUNK_BITS)?
            .get_mut(n & (CHUNK - 1))?
            .take()
    }

    /// Slot `n`, adding empty chunks up to it.
    pub(super) fn slot(&mut self, n: usize) -> &mut Option<V> {
        let chunk = n >> CHUNK_BITS;
        while self.chunks.len() <= chunk {
            self.chunks
                .push(std::iter::repeat_with(|| None).take(CHUNK).collect());
        }
        &mut self.chunks[chunk][n & (CHUNK - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_across_chunks_hold_their_values_and_empty_ones_read_as_none() {
        let mut column = Column::default();
        let places = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7];
        for (value, n) in places.iter().enumerate() {
            assert_eq!(column.slot(*n).replace(value), None, "{n}");
        }
        for (value, n) in places.iter().enumerate() {
            assert_eq!(column.get(*n), Some(&value), "{n}");
        }
        assert_eq!(
            (column.get(2), column.get(2 * CHUNK), column.get(9 * CHUNK)),
            (None, None, None)
        );
        assert_eq!(column.take(CHUNK), Some(3));
        assert_eq!(column.take(CHUNK), None, "already taken");
        assert_eq!(column.get(CHUNK), None);
        assert_eq!(column.take(9 * CHUNK), None, "past the last chunk");
        assert_eq!(column.slot(1).replace(10), Some(1));
        assert_eq!(column.get(1), Some(&10));
    }
}
