//! A consumer's deliveries in progress, by job number. Job numbers are handed out in order and
//! most jobs finish in about that order, so they are a window of slots (the first unfinished job
//! at the front), not a search tree: finding one is an index, and finishing the oldest moves
//! nothing (a tree shifted every later entry of its node).

use std::collections::VecDeque;
use std::ops::Index;

#[derive(Clone, Debug)]
pub(super) struct Jobs<T> {
    /// The job number of `slots[0]`.
    first: u64,
    /// Jobs `first..`: None once finished. The front one is never None.
    slots: VecDeque<Option<T>>,
}

impl<T> Default for Jobs<T> {
    fn default() -> Jobs<T> {
        Jobs {
            first: 0,
            slots: VecDeque::new(),
        }
    }
}

impl<T> Jobs<T> {
    /// Starts a job; its number (one more than the last one's).
    pub(super) fn push(&mut self, value: T) -> u64 {
        self.slots.push_back(Some(value));
        self.first + self.slots.len() as u64 - 1
    }

    fn position(&self, job: u64) -> Option<usize> {
        usize::try_from(job.checked_sub(self.first)?)
            .ok()
            .filter(|at| *at < self.slots.len())
    }

    pub(super) fn get(&self, job: u64) -> Option<&T> {
        self.slots.get(self.position(job)?)?.as_ref()
    }

    pub(super) fn get_mut(&mut self, job: u64) -> Option<&mut T> {
        let at = self.position(job)?;
        self.slots.get_mut(at)?.as_mut()
    }

    /// Finishes a job: its value, if it was in progress.
    pub(super) fn remove(&mut self, job: u64) -> Option<T> {
        let at = self.position(job)?;
        let value = self.slots.get_mut(at)?.take();
        while self.slots.front().is_some_and(Option::is_none) {
            self.slots.pop_front();
            self.first += 1;
        }
        value
    }

    /// The jobs in progress, in job order.
    pub(super) fn values(&self) -> impl Iterator<Item = &T> {
        self.slots.iter().flatten()
    }

    /// Finishes every job (a crash): their values in job order. Numbers go on from where they were.
    pub(super) fn take_all(&mut self) -> Vec<T> {
        self.first += self.slots.len() as u64;
        self.slots.drain(..).flatten().collect()
    }
}

impl<T> Index<&u64> for Jobs<T> {
    type Output = T;

    /// The job in progress (as a map's index: it must be there).
    fn index(&self, job: &u64) -> &T {
        self.get(*job).expect("a job in progress")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jobs_are_numbered_in_order_and_found_until_finished_in_any_order() {
        let mut jobs = Jobs::default();
        assert_eq!((jobs.push("a"), jobs.push("b"), jobs.push("c")), (0, 1, 2));
        assert_eq!(jobs.remove(1), Some("b"));
        assert_eq!(jobs.remove(1), None, "already finished");
        assert_eq!(
            (jobs.get(0), jobs.get(1), jobs[&2]),
            (Some(&"a"), None, "c")
        );
        assert_eq!(jobs.remove(0), Some("a"));
        // The window moved past the finished jobs; numbers go on.
        assert_eq!(jobs.values().copied().collect::<Vec<_>>(), ["c"]);
        assert_eq!(jobs.push("d"), 3);
        *jobs.get_mut(3).expect("in progress") = "D";
        assert_eq!((jobs.get(0), jobs.get(7)), (None, None));
        assert!(jobs.get_mut(0).is_none());
        assert_eq!(jobs.take_all(), ["c", "D"]);
        assert_eq!((jobs.values().count(), jobs.get(2)), (0, None));
        assert_eq!(jobs.push("e"), 4, "numbers go on after a crash");
        assert_eq!(jobs.remove(4), Some("e"));
        assert_eq!(jobs.remove(u64::MAX), None);
    }
}
