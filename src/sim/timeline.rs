//! Time travel over a running scenario: snapshots plus replay, as in RaftScope.
//!
//! A [`Timeline`] owns a scenario, the [`World`] running it at the current virtual time, the
//! events of the current branch and a snapshot (a `World` clone) every `every` of virtual time.
//! [`Timeline::seek`] restores the latest snapshot at or before the target and replays to it; a
//! forward seek just continues. A fault injected at the current time is an *action*: when it is
//! made in the past, the future is discarded (later snapshots, events and actions) and the run is
//! recomputed as a fresh run of the scenario with that fault scheduled, so a fork replays from
//! its seed and its action list alone.
//!
//! The timeline knows nothing about a UI: the browser drives it with wall-clock time, the tests
//! and `examples/seek_latency.rs` drive it directly.

use super::client_event::ClientEvent;
use super::fate::FateTally;
use super::scenario::{Fault, Scenario, ScheduledFault};
use super::problem::SimProblem;
use super::world::measures::Measures;
use super::{Guarantees, World};
use crate::core::{Stamped, Time};

/// Default distance between snapshots, in virtual milliseconds.
pub const SNAPSHOT_EVERY_MS: u64 = 1_000;

#[derive(Clone, Debug)]
struct Snapshot {
    world: World,
    /// How many events of the branch had happened at the snapshot's time.
    log_len: usize,
    /// How many client steps of the branch had happened then.
    client_len: usize,
}

#[derive(Clone, Debug)]
pub struct Timeline {
    /// The scenario as loaded (or re-seeded), without the injected actions.
    base: Scenario,
    /// Faults injected during playback, in the order (and at the times) they were made.
    actions: Vec<ScheduledFault>,
    /// The world at the current time; its own `log` is always drained into `log`.
    world: World,
    /// Every event of the current branch up to `horizon`.
    log: Vec<Stamped>,
    horizon: Time,
    /// How many events of `log` had happened at the current time.
    cursor: usize,
    /// The clients' steps of the current branch up to `horizon`, and how many had happened.
    client_log: Vec<ClientEvent>,
    client_cursor: usize,
    snapshots: Vec<Snapshot>,
    every: Time,
    /// Counts forks and restarts: views that cache what they read off the log start over when
    /// it changes.
    branch: u64,
    /// Whether the ledger's end-of-run figures (processed, backlog, lost) are as of now.
    settled: bool,
    /// The ledger and the fates as of the last settle: every figure read from the same moment,
    /// so a lazily recounted one (processed, lost) is never shown next to newer ones (acked).
    shown: (Guarantees, FateTally, Measures),
}

/// A world at time 0 of `scenario`, or why not (the refusal kept as data, per language).
fn world_of(scenario: &Scenario) -> Result<World, SimProblem> {
    scenario.validate()?;
    World::new(scenario).map_err(|text| SimProblem::Broker { text })
}

impl Timeline {
    /// A timeline at time 0 of `scenario` (everything due at 0 has happened).
    pub fn new(scenario: &Scenario) -> Result<Timeline, SimProblem> {
        Timeline::with_snapshots_every(scenario, SNAPSHOT_EVERY_MS)
    }

    pub fn with_snapshots_every(scenario: &Scenario, every_ms: u64) -> Result<Timeline, SimProblem> {
        if every_ms == 0 {
            return Err(SimProblem::SnapshotEveryZero);
        }
        let world = world_of(scenario)?;
        let mut timeline = Timeline {
            base: scenario.clone(),
            actions: Vec::new(),
            world,
            log: Vec::new(),
            horizon: Time::ZERO,
            cursor: 0,
            client_log: Vec::new(),
            client_cursor: 0,
            snapshots: Vec::new(),
            every: Time::from_millis(every_ms),
            branch: 0,
            settled: false,
            shown: Default::default(),
        };
        timeline.start();
        Ok(timeline)
    }

    /// Runs the time-0 wakeups and takes the first snapshot.
    fn start(&mut self) {
        self.world.advance_to(Time::ZERO);
        self.log = std::mem::take(&mut self.world.log);
        self.cursor = self.log.len();
        self.client_log = std::mem::take(&mut self.world.client_log);
        self.client_cursor = self.client_log.len();
        self.horizon = Time::ZERO;
        self.snapshots = vec![Snapshot { world: self.world.clone(), log_len: self.cursor, client_len: self.client_cursor }];
        self.branch += 1;
        self.settled = false;
        self.settle();
    }

    /// Counts the ledger's processed, processed-twice, backlog and lost figures as of now. Every
    /// move but [`Timeline::advance`] does it; playback calls it a few times a second.
    pub fn settle(&mut self) {
        if !self.settled {
            self.world.finish();
            self.settled = true;
            self.shown = (self.world.guarantees.clone(), self.world.fates.clone(), self.world.measures.clone());
        }
    }

    /// Which branch of the run this is (it changes on every fork, edit, restart and reseed).
    pub fn branch(&self) -> u64 {
        self.branch
    }

    // ----- reading -----

    pub fn now(&self) -> Time {
        self.world.now()
    }

    /// The end of the run (the scenario's duration).
    pub fn end(&self) -> Time {
        Time::from_millis(self.base.duration_ms)
    }

    /// At the end of the run, or stopped short of it (see [`Timeline::halted`]).
    pub fn at_end(&self) -> bool {
        self.now() >= self.end() || self.world.halted.is_some()
    }

    /// Why the run stopped before its end (too many live copies, a loop without time passing).
    pub fn halted(&self) -> Option<&SimProblem> {
        self.world.halted.as_ref()
    }

    /// The world at the current time.
    pub fn world(&self) -> &World {
        &self.world
    }

    /// The ledger as of the last settle (now, except during [`Timeline::advance`]): all its
    /// figures from one moment, never a stale recount next to a fresh counter.
    pub fn guarantees(&self) -> &Guarantees {
        &self.shown.0
    }

    /// The fates of the message copies, from the same moment as [`Timeline::guarantees`].
    pub fn fates(&self) -> &FateTally {
        &self.shown.1
    }

    /// The newer clients' figures (`world/measures.rs`), from the same moment as
    /// [`Timeline::guarantees`].
    pub fn measures(&self) -> &Measures {
        &self.shown.2
    }

    /// The events that have happened up to the current time.
    pub fn log(&self) -> &[Stamped] {
        &self.log[..self.cursor]
    }

    /// The clients' steps that have happened up to the current time.
    pub fn client_log(&self) -> &[ClientEvent] {
        &self.client_log[..self.client_cursor]
    }

    /// The scenario as loaded, without the injected actions.
    pub fn base(&self) -> &Scenario {
        &self.base
    }

    /// The faults injected during playback, oldest first.
    pub fn actions(&self) -> &[ScheduledFault] {
        &self.actions
    }

    /// The scenario this branch runs: the base with the injected actions added to its faults.
    pub fn scenario(&self) -> Scenario {
        let mut s = self.base.clone();
        s.faults.extend(self.actions.iter().cloned());
        s
    }

    /// How many snapshots the branch holds (for the benchmark and the tests).
    pub fn snapshot_count(&self) -> usize {
        self.snapshots.len()
    }

    /// The furthest time computed on this branch.
    pub fn horizon(&self) -> Time {
        self.horizon
    }

    // ----- moving -----

    /// Goes to time `t` (clamped to the run): restores the latest snapshot at or before `t`
    /// unless continuing from now is shorter, then replays.
    pub fn seek(&mut self, t: Time) {
        self.go(t, &mut { u64::MAX });
        self.settle();
    }

    /// Moves forward by `micros` of virtual time without settling the ledger (playback's frame
    /// step; call [`Timeline::settle`] before reading processed, backlog or lost).
    pub fn advance(&mut self, micros: u64) {
        self.go(self.now().plus_micros(micros), &mut { u64::MAX });
    }

    /// As [`Timeline::advance`], doing the work of at most `budget` instants (see
    /// [`World::advance_within`]): playback's bound per animation frame. False when the run
    /// could not keep up and stopped short of the target (it falls behind rather than freeze).
    pub fn advance_within(&mut self, micros: u64, budget: u64) -> bool {
        self.go(self.now().plus_micros(micros), &mut { budget })
    }

    fn go(&mut self, t: Time, budget: &mut u64) -> bool {
        let t = t.min(self.end());
        if t == self.now() {
            return true;
        }
        let index = self.snapshots.partition_point(|s| s.world.now() <= t).saturating_sub(1);
        let at = self.snapshots[index].world.now();
        if t < self.now() || at > self.now() {
            let snapshot = &self.snapshots[index];
            self.world = snapshot.world.clone();
            self.settled = false; // the shown ledger is another moment's
            self.cursor = snapshot.log_len;
            self.client_cursor = snapshot.client_len;
        }
        self.run_to(t, budget)
    }

    /// Goes to the time of the next event after now; `None` (and no move) when nothing more
    /// happens before the end of the run.
    pub fn step(&mut self) -> Option<Time> {
        let from = self.now();
        if let Some(e) = self.log.get(self.cursor) {
            let at = e.at;
            self.seek(at);
            return Some(at);
        }
        // Nothing computed ahead: look forward in growing chunks, then come back to the event.
        let mut chunk = 1_000; // 1 ms, in microseconds
        while !self.at_end() {
            self.advance(chunk);
            chunk = chunk.saturating_mul(2);
            if let Some(e) = self.log.get(self.log.partition_point(|e| e.at <= from)) {
                let at = e.at;
                self.seek(at);
                return Some(at);
            }
        }
        self.seek(from);
        None
    }

    /// Injects `fault` at the current time. In the past of the computed branch this forks: the
    /// later actions, snapshots and events are dropped and the run is recomputed with the fault.
    /// A fault naming an entity the scenario does not have is refused and changes nothing.
    pub fn inject(&mut self, fault: Fault) -> Result<(), SimProblem> {
        let at = self.now();
        let mut actions: Vec<ScheduledFault> =
            self.actions.iter().filter(|a| Time::from_millis(a.at_ms) <= at).cloned().collect();
        actions.push(ScheduledFault { at_ms: at.as_millis(), fault });
        let mut scenario = self.base.clone();
        scenario.faults.extend(actions.iter().cloned());
        scenario.validate().map_err(SimProblem::FaultNotInjected)?;
        self.rebuild(scenario, actions, at)
    }

    /// The scenario was edited (in the editor) at the current time: the run forks into the
    /// edited scenario, keeping the actions made up to now that still apply to it, and stays at
    /// the current time. An invalid scenario is refused and changes nothing.
    pub fn edit(&mut self, scenario: &Scenario) -> Result<(), SimProblem> {
        scenario.validate()?;
        let at = self.now().min(Time::from_millis(scenario.duration_ms));
        let mut actions = Vec::new();
        for a in self.actions.iter().filter(|a| Time::from_millis(a.at_ms) <= at) {
            let mut candidate = scenario.clone();
            candidate.faults.extend(actions.iter().cloned());
            candidate.faults.push(a.clone());
            if candidate.validate().is_ok() {
                actions.push(a.clone());
            }
        }
        let mut effective = scenario.clone();
        effective.faults.extend(actions.iter().cloned());
        self.base = scenario.clone();
        self.rebuild(effective, actions, at)
    }

    /// Back to time 0 of the loaded scenario, same seed, injected actions dropped.
    pub fn restart(&mut self) {
        let base = self.base.clone();
        self.rebuild(base, Vec::new(), Time::ZERO).expect("the base scenario ran before");
    }

    /// Back to time 0 with another seed (injected actions dropped).
    pub fn set_seed(&mut self, seed: u64) {
        self.base.seed = seed;
        self.restart();
    }

    fn rebuild(&mut self, scenario: Scenario, actions: Vec<ScheduledFault>, to: Time) -> Result<(), SimProblem> {
        let world = world_of(&scenario)?;
        self.world = world;
        self.actions = actions;
        self.start();
        self.run_to(to, &mut { u64::MAX });
        self.settle();
        Ok(())
    }

    /// Runs the world forward to `t` (not before now), stopping at every snapshot boundary and at
    /// the horizon: replayed events are checked against the branch's, new ones are appended.
    /// False when the budget ran out (or the run halted) before `t`.
    fn run_to(&mut self, t: Time, budget: &mut u64) -> bool {
        while self.now() < t {
            let now = self.now();
            let boundary = Time((now.0 / self.every.0).saturating_add(1).saturating_mul(self.every.0));
            let mut stop = t.min(boundary);
            if now < self.horizon {
                stop = stop.min(self.horizon);
            }
            let reached = self.world.advance_within(stop, budget);
            // Stopped short: what happened so far is recorded up to now.
            let stop = if reached { stop } else { self.now() };
            let events = std::mem::take(&mut self.world.log);
            let steps = std::mem::take(&mut self.world.client_log);
            if stop <= self.horizon {
                debug_assert!(self.client_log[self.client_cursor..].starts_with(&steps), "a replay's client steps diverged");
                self.client_cursor += steps.len();
                debug_assert!(
                    self.log[self.cursor..].starts_with(&events),
                    "a replay to {stop} diverged from the recorded branch"
                );
                self.cursor += events.len();
            } else {
                debug_assert_eq!(self.cursor, self.log.len());
                self.log.extend(events);
                self.cursor = self.log.len();
                self.client_log.extend(steps);
                self.client_cursor = self.client_log.len();
                self.horizon = stop;
            }
            if reached && stop == boundary && self.snapshots.last().is_some_and(|s| s.world.now() < stop) {
                self.snapshots.push(Snapshot { world: self.world.clone(), log_len: self.cursor, client_len: self.client_cursor });
            }
            self.settled = false;
            if !reached {
                return false;
            }
        }
        true
    }
}
