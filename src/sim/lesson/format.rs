//! A lesson file (`lessons/*.json`): data, read by the same strict reader as scenarios
//! (`input.rs`), then checked here; a broken lesson is refused with the field named
//! (`predictions[0].choices[2].shows: no figure named "lsot"`). Every text is given in English
//! and Chinese.

use serde_json::{Map, Value as Json};

use super::predicate::Predicate;
use crate::lang::Lang;
use crate::sim::scenario::{limits, Scenario};

/// The lesson schema version this build reads.
pub const LESSON_VERSION: u32 = 1;
/// The topics of the interview note (1–11) and the bonus (12).
pub const TOPICS: u32 = 12;
/// Narration steps, predictions, choices per prediction and hints, each at most this many.
pub const MAX_STEPS: usize = 30;
pub const MAX_PREDICTIONS: usize = 5;
pub const MAX_CHOICES: usize = 6;
pub const MAX_HINTS: usize = 10;
/// One text, in bytes per language.
pub const MAX_TEXT_BYTES: usize = 4_000;

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Text {
    pub en: String,
    pub zh: String,
}

impl Text {
    pub fn pick(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.zh)
    }

    fn check(&self, at: &str) -> Result<(), String> {
        for (lang, text) in [("en", &self.en), ("zh", &self.zh)] {
            if text.trim().is_empty() {
                return Err(format!("{at}.{lang}: must not be empty"));
            }
            if text.len() > MAX_TEXT_BYTES {
                return Err(format!("{at}.{lang}: at most {MAX_TEXT_BYTES} bytes, not {}", text.len()));
            }
        }
        // The Chinese text must be Chinese, not the English one copied.
        if !self.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            return Err(format!("{at}.zh: must be written in Chinese"));
        }
        Ok(())
    }
}

/// Where a scenario comes from: a file of the repository (`scenarios/…`) or inline.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum Source {
    Path(String),
    Inline(Box<Scenario>),
}

/// The reference fix: a JSON merge patch (RFC 7386) over the starting scenario, or a whole one.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
#[cfg_attr(test, serde(rename_all = "snake_case"))]
pub enum Reference {
    Patch(Map<String, Json>),
    Path(String),
    Inline(Box<Scenario>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Choice {
    pub text: Text,
    /// What the run shows if this choice is right: a predicate over the run's figures.
    pub shows: String,
}

/// A multiple-choice question asked before the key moment; the run answers it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Prediction {
    pub question: Text,
    pub choices: Vec<Choice>,
    /// The index of the right choice: the one whose `shows` holds on the run.
    pub answer: usize,
    /// The run that answers this question, when it is not the start's: a variant of the start
    /// (e.g. lesson 4's mirrored queue beside its classic one) the student can watch.
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    pub run: Option<Variant>,
}

/// A run of its own for one prediction: its scenario (a merge patch over the start, a path, or
/// inline), and where that run pauses and what it lights.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Variant {
    pub scenario: Reference,
    pub key_moment: KeyMoment,
}

/// What to highlight at the key moment, by name in the scenario, and the ledger's figures.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Highlight {
    pub queues: Vec<String>,
    pub nodes: Vec<String>,
    pub clients: Vec<String>,
    /// Message ids (`<producer>-<n>`).
    pub messages: Vec<String>,
    pub figures: Vec<String>,
}

/// Where the run pauses: the virtual time and what to look at then.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct KeyMoment {
    pub at_ms: u64,
    pub highlight: Highlight,
}

/// The "fix it" task: change the scenario until `goal` holds on its run.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Fix {
    pub task: Text,
    pub goal: String,
    pub reference: Reference,
}

#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Interview {
    pub question: Text,
    pub answer: Text,
}

#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct Lesson {
    pub version: u32,
    /// A short stable name (progress is kept under it).
    pub id: String,
    /// The topic's number in the interview note (1–11; 12 the bonus).
    pub topic: u32,
    pub title: Text,
    pub scenario: Source,
    pub steps: Vec<Text>,
    pub predictions: Vec<Prediction>,
    pub key_moment: KeyMoment,
    pub explanation: Text,
    pub fix: Fix,
    pub hints: Vec<Text>,
    pub interview: Interview,
}

fn count(len: usize, min: usize, max: usize, at: &str) -> Result<(), String> {
    if len < min {
        return Err(format!("{at}: needs at least {min}"));
    }
    limits::count(len, max, at).map_err(|e| e.to_string())
}

/// A key moment's time and figures (its names are checked against the scenario in `resolve`).
fn check_moment(moment: &KeyMoment, at: &str) -> Result<(), String> {
    limits::duration(moment.at_ms, &format!("{at}.at_ms"))?;
    for (f, name) in moment.highlight.figures.iter().enumerate() {
        if !super::figures::is_figure(name) {
            return Err(format!("{at}.highlight.figures[{f}]: no figure named \"{name}\""));
        }
    }
    Ok(())
}

impl Lesson {
    /// Checks what the types cannot, except what needs the scenario (see `resolve`).
    pub fn validate(&self) -> Result<(), String> {
        if self.version != LESSON_VERSION {
            return Err(format!("version: this build reads lesson version {LESSON_VERSION}, not {}", self.version));
        }
        if self.id.is_empty() || !self.id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err("id: lowercase letters, digits and '-' only, not empty".into());
        }
        limits::name(&self.id, "id")?;
        if !(1..=TOPICS).contains(&self.topic) {
            return Err(format!("topic: 1 to {TOPICS}, not {}", self.topic));
        }
        self.title.check("title")?;
        count(self.steps.len(), 1, MAX_STEPS, "steps")?;
        self.steps.iter().enumerate().try_for_each(|(i, s)| s.check(&format!("steps[{i}]")))?;
        count(self.predictions.len(), 1, MAX_PREDICTIONS, "predictions")?;
        for (i, p) in self.predictions.iter().enumerate() {
            let at = format!("predictions[{i}]");
            p.question.check(&format!("{at}.question"))?;
            count(p.choices.len(), 2, MAX_CHOICES, &format!("{at}.choices"))?;
            for (c, choice) in p.choices.iter().enumerate() {
                choice.text.check(&format!("{at}.choices[{c}].text"))?;
                Predicate::parse(&choice.shows).map_err(|e| format!("{at}.choices[{c}].shows: {e}"))?;
            }
            if p.answer >= p.choices.len() {
                return Err(format!("{at}.answer: {} is not a choice (0 to {})", p.answer, p.choices.len() - 1));
            }
        }
        check_moment(&self.key_moment, "key_moment")?;
        for (i, p) in self.predictions.iter().enumerate() {
            if let Some(run) = &p.run {
                check_moment(&run.key_moment, &format!("predictions[{i}].run.key_moment"))?;
            }
        }
        self.explanation.check("explanation")?;
        self.fix.task.check("fix.task")?;
        self.goal().map_err(|e| format!("fix.goal: {e}"))?;
        count(self.hints.len(), 1, MAX_HINTS, "hints")?;
        self.hints.iter().enumerate().try_for_each(|(i, h)| h.check(&format!("hints[{i}]")))?;
        self.interview.question.check("interview.question")?;
        self.interview.answer.check("interview.answer")
    }

    /// The fix-it goal, parsed.
    pub fn goal(&self) -> Result<Predicate, String> {
        Predicate::parse(&self.fix.goal)
    }

    /// What the run shows for prediction `p`'s choice `c`, parsed.
    pub fn shows(&self, p: usize, c: usize) -> Result<Predicate, String> {
        let choice = self.predictions.get(p).and_then(|p| p.choices.get(c)).ok_or_else(|| format!("predictions[{p}].choices[{c}]: no such choice"))?;
        Predicate::parse(&choice.shows)
    }
}

/// Reads a lesson, naming the first problem found.
pub fn parse(text: &str) -> Result<Lesson, String> {
    let lesson: Lesson = crate::input::from_json(text)?;
    lesson.validate().map_err(|e| crate::input::one_line(&e))?;
    Ok(lesson)
}
