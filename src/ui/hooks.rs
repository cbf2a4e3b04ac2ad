//! Shared state through contexts, behind hooks with domain methods.

use std::ops::Deref;
use std::rc::Rc;

use yew::prelude::*;

use super::i18n::Lang;
use super::model::Edit;
use super::playback::{Play, Playback};
use super::state::{Action, Editor, Select};
use crate::core::Time;
use crate::sim::scenario::{Fault, ScheduledFault};

/// What the editor context holds.
pub type EditorContext = UseReducerHandle<Editor>;

/// The editor's state with the actions components need.
#[derive(Clone, PartialEq)]
pub struct EditorHandle(EditorContext);

impl Deref for EditorHandle {
    type Target = Editor;
    fn deref(&self) -> &Editor {
        &self.0
    }
}

impl EditorHandle {
    pub fn dispatch(&self, action: Action) {
        self.0.dispatch(action);
    }
    /// Changes the scenario (validated; a refused edit only sets `error`).
    pub fn edit(&self, edit: Edit) {
        self.dispatch(Action::Edit(edit));
    }
    pub fn select(&self, how: Select) {
        self.dispatch(Action::Select(how));
    }
    /// Injects a fault at virtual time `at` (playback's now): an edit that schedules it there, so
    /// it is listed, undone, exported and replayed like any other (in the past, it forks the run).
    pub fn inject(&self, at: Time, fault: Fault) {
        self.edit(Edit::InjectFault(ScheduledFault { at_ms: at.as_millis(), fault }));
    }
    /// A dispatcher that stays the same across renders (for listeners installed once).
    pub fn dispatcher(&self) -> UseReducerDispatcher<Editor> {
        self.0.dispatcher()
    }
}

/// The editor's state, from the nearest `ContextProvider<EditorContext>`.
#[hook]
pub fn use_editor() -> EditorHandle {
    EditorHandle(use_context::<EditorContext>().expect("components live inside the App's editor context"))
}

/// The UI language.
#[hook]
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// What the playback context holds.
pub type PlaybackContext = UseReducerHandle<Playback>;

/// The playback state with the actions components need.
#[derive(Clone, PartialEq)]
pub struct PlaybackHandle(PlaybackContext);

impl Deref for PlaybackHandle {
    type Target = Playback;
    fn deref(&self) -> &Playback {
        &self.0
    }
}

impl PlaybackHandle {
    pub fn dispatch(&self, action: Play) {
        self.0.dispatch(action);
    }
    /// Play if paused, pause if playing.
    pub fn toggle(&self) {
        self.dispatch(Play::Toggle);
    }
    /// To the next event (and pause).
    pub fn step(&self) {
        self.dispatch(Play::Step);
    }
    pub fn seek(&self, at: Time) {
        self.dispatch(Play::Seek(at));
    }
    /// Opens a message's lifecycle (`None` closes it).
    pub fn select(&self, message: Option<Rc<str>>) {
        self.dispatch(Play::Select(message));
    }
    /// A dispatcher that stays the same across renders (for loops and listeners).
    pub fn dispatcher(&self) -> UseReducerDispatcher<Playback> {
        self.0.dispatcher()
    }
}

/// The playback state, from the nearest `ContextProvider<PlaybackContext>`.
#[hook]
pub fn use_playback() -> PlaybackHandle {
    PlaybackHandle(use_context::<PlaybackContext>().expect("components live inside the App's playback context"))
}
