//! The Yew front end: a topology editor over [`Scenario`](crate::sim::scenario::Scenario).
//!
//! - [`model`]: the editor's pure model (entities, layout, edits, fields, ready-made scenarios);
//! - [`state`]: the app state (`Editor`), its `Action`s and the reducer;
//! - [`hooks`]: the contexts and the hooks components read them through;
//! - [`gesture`]: canvas pointer gestures as data (`pointer` turns DOM events into them);
//! - [`selection`]: the selected items, a sorted list;
//! - [`i18n`]: the translation table (English, Simplified Chinese);
//! - [`components`]: one component per file; they only dispatch actions and render.
pub mod components;
pub mod autosave;
mod dom;
mod fetch;
mod frames;
pub mod gesture;
pub mod hooks;
pub mod i18n;
pub mod keys;
mod lesson_progress;
pub mod model;
pub mod motion;
pub mod playback;
mod pointer;
pub mod selection;
pub mod share;
pub mod state;
mod summary;
mod theme;
mod write_later;
pub mod throttle;

pub use components::App;
pub use theme::Theme;
