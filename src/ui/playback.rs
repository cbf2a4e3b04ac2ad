//! Playback state: the [`Timeline`] of the scenario being edited, whether it plays and how fast,
//! which message is being inspected, and the panel tab. Components dispatch [`Play`] actions;
//! the reducer is the only place that moves time.
//!
//! The timeline is large (a world and its snapshots), so it is shared behind `Rc<RefCell<_>>` and
//! mutated in place; `version` changes on every action so Yew still sees a new state.

use std::cell::{Ref, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::core::Time;
use crate::sim::scenario::Scenario;
use crate::sim::inspect::Tally;
use crate::ui::i18n::Key;
use crate::sim::problem::SimProblem;
use crate::sim::Timeline;

/// Playback speeds: virtual milliseconds per wall millisecond.
pub const MIN_SPEED: f64 = 0.1;
pub const MAX_SPEED: f64 = 100.0;
/// A frame longer than this (a background tab) advances as if it were this long.
const MAX_FRAME_MS: f64 = 100.0;
/// The most instants with work (see `World::advance_within`) one animation frame simulates: a
/// run that cannot keep up at the chosen speed falls behind (and says so) instead of freezing
/// the tab. The busiest shipped run, `bench/chaos-5p10c.json`, has at most 1,989 instants with
/// events in 1.6 s of virtual time (one 60 fps frame at 100×) and 12,065 in 10 s (the longest
/// frame, 100 ms, at 100×), counted from `warren-cli run --trace`.
pub const FRAME_BUDGET: u64 = 20_000;
/// While playing, the ledger's processed / backlog / lost figures are recounted this often (ms): twice a second.
const SETTLE_EVERY_MS: f64 = 500.0;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Tab {
    #[default]
    Events,
    Message,
    Charts,
}

#[derive(Clone, Debug)]
pub struct Playback {
    timeline: Rc<RefCell<Timeline>>,
    pub playing: bool,
    pub speed: f64,
    /// Wall-clock time of the last frame (ms), while playing.
    last_frame: Option<f64>,
    last_settle: Option<f64>,
    /// Per-consumer and per-producer counts read off the log, kept up to date incrementally.
    tally: Rc<RefCell<Tally>>,
    /// The message being inspected (its message id).
    pub selected: Option<Rc<str>>,
    pub tab: Tab,
    /// Why the last action was refused (an injected fault, a seed, a scenario that cannot run).
    pub error: Option<Refusal>,
    /// The last frame could not simulate all the time it should have (the run is behind the
    /// chosen speed).
    pub behind: bool,
    /// Changes on every action but a frame, and on a frame that settles the ledger (a few times
    /// a second): views too costly to redraw every frame redraw when it changes.
    slow: u64,
    /// The editor's load count this timeline follows (a new load starts over).
    loads: u32,
    version: u64,
}

impl PartialEq for Playback {
    fn eq(&self, other: &Playback) -> bool {
        Rc::ptr_eq(&self.timeline, &other.timeline) && self.version == other.version
    }
}

/// Why the last playback action was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum Refusal {
    /// The simulation's refusal (a fault naming nothing, an edit it cannot run).
    Sim(SimProblem),
    /// A message of the UI's translation table (a bad seed).
    Ui(Key),
    /// The run cannot go on (it stopped short of its end, or cannot start): the simulation's
    /// refusal or halt.
    Stopped(SimProblem),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Play {
    /// The editor's scenario changed: a loaded scenario starts over, an edit forks at now.
    Scenario { scenario: Rc<Scenario>, loads: u32 },
    Play,
    Pause,
    /// Play if paused, pause if playing (the Space key).
    Toggle,
    /// One animation frame at this wall-clock time (ms).
    Frame(f64),
    Seek(Time),
    Step,
    Restart,
    SetSpeed(f64),
    Select(Option<Rc<str>>),
    Tab(Tab),
    /// Show why something was refused (a bad seed).
    Refuse(Key),
    DismissError,
}

impl Playback {
    /// Playback of `scenario`; one that cannot run (the editor refuses those, but a caller might
    /// not) plays the blank scenario and shows why.
    pub fn new(scenario: &Scenario) -> Playback {
        let (timeline, error) = match Timeline::new(scenario) {
            Ok(timeline) => (timeline, None),
            Err(e) => (blank_timeline(), Some(Refusal::Stopped(e))),
        };
        Playback {
            timeline: Rc::new(RefCell::new(timeline)),
            playing: false,
            speed: 1.0,
            last_frame: None,
            last_settle: None,
            tally: Rc::new(RefCell::new(Tally::default())),
            selected: None,
            tab: Tab::default(),
            error,
            behind: false,
            slow: 0,
            loads: 0,
            version: 0,
        }
    }

    pub fn timeline(&self) -> Ref<'_, Timeline> {
        self.timeline.borrow()
    }

    /// Counts read off the log (processed per consumer, sent per producer), as of now.
    pub fn tally(&self) -> Ref<'_, Tally> {
        self.tally.borrow()
    }

    /// See the field: a counter for views that redraw a few times a second while playing.
    pub fn slow(&self) -> u64 {
        self.slow
    }

    /// The editor's load count whose scenario this playback runs (a lesson waits for its load
    /// before taking the run to a key moment).
    pub fn loads(&self) -> u32 {
        self.loads
    }

    pub fn now(&self) -> Time {
        self.timeline.borrow().now()
    }
}

fn blank_timeline() -> Timeline {
    Timeline::new(&super::state::blank()).expect("the built-in blank scenario runs")
}

impl Default for Playback {
    fn default() -> Playback {
        Playback::new(&super::state::blank())
    }
}

impl Reducible for Playback {
    type Action = Play;

    fn reduce(self: Rc<Self>, action: Play) -> Rc<Self> {
        let mut next = (*self).clone();
        next.version += 1;
        if !matches!(action, Play::Frame(_)) {
            next.slow += 1;
        }
        let mut t = next.timeline.borrow_mut();
        match action {
            Play::Scenario { scenario, loads } => {
                // One seed, the scenario's: the seed fields of the playback bar and of the
                // scenario panel both edit it, and a new seed is a new run from time 0.
                let fresh = loads != next.loads || scenario.seed != t.base().seed;
                next.loads = loads;
                let same = *t.base() == *scenario;
                if fresh {
                    match Timeline::new(&scenario) {
                        Ok(timeline) => *t = timeline,
                        Err(e) => next.error = Some(Refusal::Stopped(e)),
                    }
                    next.playing = false;
                    next.selected = None;
                } else if !same {
                    if let Err(e) = t.edit(&scenario) {
                        next.error = Some(Refusal::Sim(e));
                    }
                }
            }
            Play::Toggle if next.playing => {
                next.playing = false;
                t.settle();
            }
            Play::Play | Play::Toggle => {
                if t.at_end() {
                    t.seek(Time::ZERO);
                }
                next.playing = true;
                next.last_frame = None;
            }
            Play::Pause => {
                next.playing = false;
                next.behind = false;
                // Paused, the ledger shows the figures of the instant it stopped at.
                t.settle();
            }
            Play::Frame(wall) => {
                if next.playing {
                    let elapsed = next.last_frame.map_or(0.0, |last| (wall - last).clamp(0.0, MAX_FRAME_MS));
                    next.last_frame = Some(wall);
                    next.behind = !t.advance_within((elapsed * next.speed * 1_000.0) as u64, FRAME_BUDGET);
                    if t.at_end() {
                        next.playing = false;
                        next.behind = false;
                        if let Some(why) = t.halted() {
                            next.error = Some(Refusal::Stopped(why.clone()));
                        }
                    }
                    // The ledger's end-of-run figures cost a pass over every message: a few times a second.
                    if !next.playing || next.last_settle.is_none_or(|at| wall - at >= SETTLE_EVERY_MS) {
                        t.settle();
                        next.last_settle = Some(wall);
                        next.slow += 1;
                    }
                }
            }
            Play::Seek(at) => t.seek(at),
            Play::Step => {
                next.playing = false;
                t.step();
            }
            Play::Restart => {
                t.restart();
                next.last_frame = None;
            }
            Play::SetSpeed(speed) => next.speed = speed.clamp(MIN_SPEED, MAX_SPEED),
            Play::Select(body) => {
                if body.is_some() {
                    next.tab = Tab::Message;
                }
                next.selected = body;
            }
            Play::Tab(tab) => next.tab = tab,
            Play::Refuse(why) => next.error = Some(Refusal::Ui(why)),
            Play::DismissError => next.error = None,
        }
        next.tally.borrow_mut().update(t.branch(), t.log(), &t.world().scenario);
        drop(t);
        Rc::new(next)
    }
}

/// The speed slider's position (0..=300) for a speed, on a log scale from 0.1× to 100×.
pub fn speed_to_slider(speed: f64) -> u32 {
    ((speed.clamp(MIN_SPEED, MAX_SPEED).log10() + 1.0) * 100.0).round() as u32
}

pub fn slider_to_speed(position: u32) -> f64 {
    let speed = 10f64.powf(f64::from(position.min(300)) / 100.0 - 1.0);
    // Round to a readable figure: 0.1, 0.25, 1, 3.2, 50 …
    let digits = if speed < 1.0 { 100.0 } else if speed < 10.0 { 10.0 } else { 1.0 };
    (speed * digits).round() / digits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::{Fault, ScheduledFault};
    use crate::ui::model::templates::Template;

    fn reduce(p: Rc<Playback>, actions: impl IntoIterator<Item = Play>) -> Rc<Playback> {
        actions.into_iter().fold(p, |p, a| p.reduce(a))
    }

    #[test]
    fn a_fault_injected_live_is_part_of_the_scenario_and_replays_on_every_seek_and_restart() {
        let s = Template::by_id("work-queue").unwrap().scenario().unwrap();
        let p = reduce(Rc::new(Playback::new(&s)), [Play::Scenario { scenario: Rc::new(s.clone()), loads: 1 }, Play::Seek(Time::from_millis(4_321))]);
        // What the fault menu does: the editor schedules the fault at now, playback follows.
        let mut edited = s.clone();
        let consumer = s.consumers[0].name.clone();
        edited.faults.push(ScheduledFault { at_ms: 4_321, fault: Fault::CrashConsumer { consumer } });
        let p = reduce(p, [Play::Scenario { scenario: Rc::new(edited.clone()), loads: 1 }]);
        assert_eq!(p.now(), Time::from_millis(4_321), "injecting does not move time");
        assert_eq!(p.timeline().scenario(), edited, "the run is the edited scenario, with no hidden actions");
        let p = reduce(p, [Play::Seek(Time::from_millis(8_000))]);
        let forked = p.timeline().log().to_vec();
        let fresh = reduce(Rc::new(Playback::new(&edited)), [Play::Seek(Time::from_millis(8_000))]);
        assert_eq!(forked, fresh.timeline().log(), "the fork is a plain run of the edited scenario");
        let plain = reduce(Rc::new(Playback::new(&s)), [Play::Seek(Time::from_millis(8_000))]);
        assert_ne!(forked, plain.timeline().log(), "the fault changed the run");
        // Scrubbing back and forth, and restarting, replay it.
        let p = reduce(p, [Play::Seek(Time::from_millis(1_000)), Play::Seek(Time::from_millis(8_000))]);
        assert_eq!(p.timeline().log(), forked);
        let p = reduce(p, [Play::Restart, Play::Seek(Time::from_millis(8_000))]);
        assert_eq!(p.timeline().log(), forked);
        // Undo in the editor gives back the scenario without it: the run without it.
        let p = reduce(p, [Play::Scenario { scenario: Rc::new(s.clone()), loads: 1 }, Play::Seek(Time::from_millis(8_000))]);
        assert_eq!(p.timeline().log(), plain.timeline().log());
    }
}

#[cfg(test)]
mod seed_tests {
    use super::*;
    use crate::ui::model::templates::Template;

    #[test]
    fn the_scenario_seed_is_the_one_seed_a_new_one_runs_from_time_zero() {
        let s = Template::by_id("work-queue").unwrap().scenario().unwrap();
        let load = |s: &Scenario| Play::Scenario { scenario: Rc::new(s.clone()), loads: 1 };
        let p = Rc::new(Playback::new(&s)).reduce(load(&s)).reduce(Play::Seek(Time::from_millis(3_000)));
        let first = p.timeline().log().to_vec();
        let mut reseeded = s.clone();
        reseeded.seed = s.seed + 73;
        let p = p.reduce(load(&reseeded));
        assert_eq!(p.now(), Time::ZERO, "a new seed starts over");
        assert_eq!(p.timeline().base().seed, reseeded.seed, "the run's seed is the scenario's");
        let p = p.reduce(Play::Seek(Time::from_millis(3_000)));
        assert_ne!(p.timeline().log(), first, "another seed, another run");
        // Any other edit keeps the scenario's seed and the time.
        let mut edited = reseeded.clone();
        edited.duration_ms += 1_000;
        let p = p.reduce(load(&edited));
        assert_eq!((p.timeline().base().seed, p.now()), (reseeded.seed, Time::from_millis(3_000)));
        // Back to the first seed (an undo): the first run again.
        let p = p.reduce(load(&s)).reduce(Play::Seek(Time::from_millis(3_000)));
        assert_eq!(p.timeline().log(), first);
    }
}
