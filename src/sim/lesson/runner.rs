//! Running a lesson: its scenarios resolved (a file of `scenarios/`, inline, or the reference as
//! a merge patch over the start), the start run, each prediction's choices evaluated on the
//! run, and the fix-it goal evaluated on the start (it must fail) and on the reference fix (it
//! must hold). The loader is given by the caller: files natively, embedded texts in the browser.

use serde_json::Value as Json;

use super::format::{Lesson, Reference, Source};
use crate::sim::scenario::{self, Scenario};
use crate::sim::World;

/// Reads a scenario file by its path in the repository (`scenarios/…`).
pub type Loader<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// A lesson's scenarios, read and checked.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub start: Scenario,
    pub reference: Scenario,
}

/// A path a lesson may name: a JSON file under `scenarios/`, nothing outside it.
fn check_path(path: &str, at: &str) -> Result<(), String> {
    if !path.starts_with("scenarios/") || !path.ends_with(".json") || path.split('/').any(|p| p == ".." || p.is_empty()) {
        return Err(format!("{at}: \"{path}\" is not a .json file under scenarios/"));
    }
    Ok(())
}

fn load_scenario(path: &str, at: &str, load: Loader) -> Result<Scenario, String> {
    check_path(path, at)?;
    let text = load(path).map_err(|e| format!("{at}: {e}"))?;
    scenario::parse(&text).map_err(|e| format!("{at}: {path}: {e}"))
}

/// RFC 7386: objects merge key by key, `null` removes a key, anything else replaces.
pub fn merge_patch(target: &mut Json, patch: &Json) {
    let Json::Object(patch) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Json::Object(Default::default());
    }
    let Json::Object(fields) = target else { return };
    for (key, value) in patch {
        if value.is_null() {
            fields.remove(key);
        } else {
            merge_patch(fields.entry(key.clone()).or_insert(Json::Null), value);
        }
    }
}

impl Lesson {
    /// Reads the scenarios and checks the key moment against the start.
    pub fn resolve(&self, load: Loader) -> Result<Resolved, String> {
        let start = match &self.scenario {
            Source::Path(path) => load_scenario(path, "scenario.path", load)?,
            Source::Inline(s) => {
                s.validate().map_err(|e| format!("scenario.inline.{e}"))?;
                (**s).clone()
            }
        };
        let reference = match &self.fix.reference {
            Reference::Path(path) => load_scenario(path, "fix.reference.path", load)?,
            Reference::Inline(s) => {
                s.validate().map_err(|e| format!("fix.reference.inline.{e}"))?;
                (**s).clone()
            }
            Reference::Patch(patch) => {
                let mut value = serde_json::to_value(&start).map_err(|e| format!("scenario: {e}"))?;
                merge_patch(&mut value, &Json::Object(patch.clone()));
                scenario::parse(&value.to_string()).map_err(|e| format!("fix.reference.patch: the patched scenario: {e}"))?
            }
        };
        self.check_moment(&start)?;
        Ok(Resolved { start, reference })
    }

    fn check_moment(&self, start: &Scenario) -> Result<(), String> {
        let k = &self.key_moment;
        if k.at_ms > start.duration_ms {
            return Err(format!("key_moment.at_ms: {} is after the end of the run ({} ms)", k.at_ms, start.duration_ms));
        }
        let h = &k.highlight;
        for (i, q) in h.queues.iter().enumerate() {
            if !start.queues.iter().any(|x| &x.name == q) {
                return Err(format!("key_moment.highlight.queues[{i}]: no queue named \"{q}\""));
            }
        }
        for (i, n) in h.nodes.iter().enumerate() {
            start.check_node(n, &format!("key_moment.highlight.nodes[{i}]"))?;
        }
        for (i, c) in h.clients.iter().enumerate() {
            if !start.producers.iter().map(|p| &p.name).chain(start.consumers.iter().map(|c| &c.name)).any(|n| n == c) {
                return Err(format!("key_moment.highlight.clients[{i}]: no producer or consumer named \"{c}\""));
            }
        }
        for (i, m) in h.messages.iter().enumerate() {
            let known = crate::sim::message_id::parse(m).is_some_and(|(p, _)| start.producers.iter().any(|x| x.name == p));
            if !known {
                return Err(format!("key_moment.highlight.messages[{i}]: \"{m}\" is not a message id of a producer (<producer>-<n>)"));
            }
        }
        Ok(())
    }
}

/// A lesson's runs and what they show.
#[derive(Clone, Debug)]
pub struct LessonRun {
    pub start: World,
    pub reference: World,
    /// Per prediction, per choice: whether what it says the run shows holds.
    pub shown: Vec<Vec<bool>>,
    pub goal_on_start: bool,
    pub goal_on_reference: bool,
}

impl LessonRun {
    /// Runs the start and the reference fix and evaluates the lesson's predicates on them.
    pub fn new(lesson: &Lesson, resolved: &Resolved) -> Result<LessonRun, String> {
        let start = World::run(&resolved.start).map_err(|e| format!("scenario: {e}"))?;
        let reference = World::run(&resolved.reference).map_err(|e| format!("fix.reference: {e}"))?;
        let goal = lesson.goal()?;
        let mut shown = Vec::new();
        for (p, prediction) in lesson.predictions.iter().enumerate() {
            let holds = (0..prediction.choices.len()).map(|c| lesson.shows(p, c).map(|s| s.holds(&start))).collect::<Result<_, _>>()?;
            shown.push(holds);
        }
        Ok(LessonRun { goal_on_start: goal.holds(&start), goal_on_reference: goal.holds(&reference), start, reference, shown })
    }

    /// The lesson teaches what it claims: each prediction's answer is the one choice the run
    /// shows, the goal fails on the start and holds on the reference fix.
    pub fn check(&self, lesson: &Lesson) -> Result<(), String> {
        for (p, (prediction, shown)) in lesson.predictions.iter().zip(&self.shown).enumerate() {
            let holding: Vec<usize> = shown.iter().enumerate().filter(|(_, h)| **h).map(|(c, _)| c).collect();
            if holding != [prediction.answer] {
                return Err(format!("predictions[{p}]: the run shows choices {holding:?}, the answer is {}", prediction.answer));
            }
        }
        if self.goal_on_start {
            return Err("fix.goal: already met by the starting scenario".into());
        }
        if !self.goal_on_reference {
            return Err("fix.goal: not met by the reference fix".into());
        }
        Ok(())
    }
}
