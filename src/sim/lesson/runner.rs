//! Running a lesson: its scenarios resolved (a file of `scenarios/`, inline, or the reference as
//! a merge patch over the start), the start run, each prediction's choices evaluated on the
//! run, and the fix-it goal evaluated on the start (it must fail) and on the reference fix (it
//! must hold). The loader is given by the caller: files natively, embedded texts in the browser.

use serde_json::Value as Json;

use super::format::{KeyMoment, Lesson, Reference, Source};
use crate::sim::scenario::write::Pretty;
use crate::sim::scenario::{self, Scenario};
use crate::sim::World;

/// Reads a scenario file by its path in the repository (`scenarios/…`).
pub type Loader<'a> = &'a dyn Fn(&str) -> Result<String, String>;

/// A lesson's scenarios, read and checked.
#[derive(Clone, Debug)]
pub struct Resolved {
    pub start: Scenario,
    pub reference: Scenario,
    /// Per prediction, the scenario of its own run (None: the start answers it).
    pub variants: Vec<Option<Scenario>>,
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
    /// Reads the scenarios (the start, the reference fix, the predictions' own runs) and checks
    /// each key moment against its scenario.
    pub fn resolve(&self, load: Loader) -> Result<Resolved, String> {
        let start = match &self.scenario {
            Source::Path(path) => load_scenario(path, "scenario.path", load)?,
            Source::Inline(s) => {
                s.validate().map_err(|e| format!("scenario.inline.{e}"))?;
                (**s).clone()
            }
        };
        let reference = variant(&start, &self.fix.reference, "fix.reference", load)?;
        let mut variants = Vec::new();
        for (i, p) in self.predictions.iter().enumerate() {
            variants.push(match &p.run {
                Some(run) => {
                    let at = format!("predictions[{i}].run");
                    let scenario = variant(&start, &run.scenario, &format!("{at}.scenario"), load)?;
                    check_moment(&run.key_moment, &scenario, &format!("{at}.key_moment"))?;
                    Some(scenario)
                }
                None => None,
            });
        }
        check_moment(&self.key_moment, &start, "key_moment")?;
        Ok(Resolved { start, reference, variants })
    }
}

/// A scenario given as a merge patch over the start, a path, or inline.
fn variant(start: &Scenario, source: &Reference, at: &str, load: Loader) -> Result<Scenario, String> {
    Ok(match source {
        Reference::Path(path) => load_scenario(path, &format!("{at}.path"), load)?,
        Reference::Inline(s) => {
            s.validate().map_err(|e| format!("{at}.inline.{e}"))?;
            (**s).clone()
        }
        Reference::Patch(patch) => {
            let mut value = start.to_json().map_err(|e| format!("scenario: {e}"))?;
            merge_patch(&mut value, &Json::Object(patch.clone()));
            scenario::parse(&Pretty::compact(&value)).map_err(|e| format!("{at}.patch: the patched scenario: {e}"))?
        }
    })
}

/// Every name a key moment lights exists in its scenario, and its time is within the run.
fn check_moment(k: &KeyMoment, scenario: &Scenario, at: &str) -> Result<(), String> {
    if k.at_ms > scenario.duration_ms {
        return Err(format!("{at}.at_ms: {} is after the end of the run ({} ms)", k.at_ms, scenario.duration_ms));
    }
    let h = &k.highlight;
    for (i, q) in h.queues.iter().enumerate() {
        if !scenario.queues.iter().any(|x| &x.name == q) {
            return Err(format!("{at}.highlight.queues[{i}]: no queue named \"{q}\""));
        }
    }
    for (i, n) in h.nodes.iter().enumerate() {
        scenario.check_node(n, &format!("{at}.highlight.nodes[{i}]"))?;
    }
    for (i, c) in h.clients.iter().enumerate() {
        if !scenario.producers.iter().map(|p| &p.name).chain(scenario.consumers.iter().map(|c| &c.name)).any(|n| n == c) {
            return Err(format!("{at}.highlight.clients[{i}]: no producer or consumer named \"{c}\""));
        }
    }
    for (i, m) in h.messages.iter().enumerate() {
        let known = crate::sim::message_id::parse(m).is_some_and(|(p, _)| scenario.producers.iter().any(|x| x.name == p));
        if !known {
            return Err(format!("{at}.highlight.messages[{i}]: \"{m}\" is not a message id of a producer (<producer>-<n>)"));
        }
    }
    Ok(())
}

/// A lesson's runs and what they show.
#[derive(Clone, Debug)]
pub struct LessonRun {
    pub start: World,
    pub reference: World,
    /// Per prediction, the run of its own variant (None: the start answers it).
    pub variants: Vec<Option<World>>,
    /// Per prediction, per choice: whether what it says its run shows holds.
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
        let variants = resolved
            .variants
            .iter()
            .enumerate()
            .map(|(p, v)| v.as_ref().map(|s| World::run(s).map_err(|e| format!("predictions[{p}].run: {e}"))).transpose())
            .collect::<Result<Vec<_>, _>>()?;
        let mut shown = Vec::new();
        for (p, prediction) in lesson.predictions.iter().enumerate() {
            let world = variants.get(p).and_then(Option::as_ref).unwrap_or(&start);
            let holds = (0..prediction.choices.len()).map(|c| lesson.shows(p, c).map(|s| s.holds(world))).collect::<Result<_, _>>()?;
            shown.push(holds);
        }
        Ok(LessonRun { goal_on_start: goal.holds(&start), goal_on_reference: goal.holds(&reference), start, reference, variants, shown })
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
