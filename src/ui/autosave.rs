//! Autosave: the scenario being edited, the canvas view, the language and the theme, kept in the
//! browser's localStorage on every change and restored on the next visit.
//!
//! The saved text is versioned (`schema`). A saved state that does not parse, was written by a
//! newer Warren, or holds a scenario this build refuses is refused with a message naming the
//! problem; the app then starts fresh and the refused text is moved to a backup key, so nothing is
//! lost and nothing blocks. Encoding and decoding are pure (tested natively); only `load`, `save`
//! and `clear` touch the browser.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::i18n::Lang;
use super::model::view::{View, MAX_ZOOM, MIN_ZOOM};
use super::Theme;
use crate::sim::scenario::{parse, Scenario};

/// The localStorage key of the saved state.
pub const KEY: &str = "warren.autosave";
/// Where a refused saved state is moved, so a newer or damaged save is never lost.
pub const REFUSED_KEY: &str = "warren.autosave.refused";
/// Where the user's own work is kept when a share link opens someone else's scenario.
pub const BEFORE_LINK_KEY: &str = "warren.autosave.before-link";
/// The schema this build writes and reads (older schemas would be migrated here, by number).
pub const SCHEMA: u64 = 1;

/// What is kept between visits.
#[derive(Clone, Debug, PartialEq)]
pub struct Saved {
    pub scenario: Scenario,
    pub view: View,
    pub lang: Lang,
    pub theme: Theme,
}

/// The stored form (strict: an unknown field is refused by name).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Stored {
    schema: u64,
    scenario: Json,
    view: StoredView,
    lang: String,
    theme: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StoredView {
    x: f64,
    y: f64,
    zoom: f64,
}

pub fn encode(saved: &Saved) -> String {
    let stored = Stored {
        schema: SCHEMA,
        scenario: serde_json::to_value(&saved.scenario).unwrap_or(Json::Null),
        view: StoredView { x: saved.view.x, y: saved.view.y, zoom: saved.view.zoom },
        lang: saved.lang.tag().into(),
        theme: saved.theme.as_str().into(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

pub fn decode(text: &str) -> Result<Saved, String> {
    let value: Json = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
    match value.get("schema").map(|s| s.as_u64()) {
        None => return Err("schema: missing (not a Warren autosave)".into()),
        Some(Some(SCHEMA)) => {}
        Some(Some(n)) if n > SCHEMA => return Err(format!("schema: {n} was written by a newer Warren (this build reads {SCHEMA})")),
        Some(Some(n)) => return Err(format!("schema: {n} is no longer read (this build reads {SCHEMA})")),
        Some(None) => return Err("schema: must be a whole number".into()),
    }
    let stored: Stored = crate::script::format::from_json(text)?;
    let scenario = parse(&stored.scenario.to_string()).map_err(|e| format!("scenario.{e}"))?;
    let StoredView { x, y, zoom } = stored.view;
    if !(x.is_finite() && y.is_finite()) {
        return Err("view: x and y must be finite".into());
    }
    if !(MIN_ZOOM..=MAX_ZOOM).contains(&zoom) {
        return Err(format!("view.zoom: {zoom} is not between {MIN_ZOOM} and {MAX_ZOOM}"));
    }
    let lang = Lang::ALL.into_iter().find(|l| l.tag() == stored.lang).ok_or_else(|| format!("lang: \"{}\" is not a language of Warren", stored.lang))?;
    let theme = [Theme::Light, Theme::Dark]
        .into_iter()
        .find(|t| t.as_str() == stored.theme)
        .ok_or_else(|| format!("theme: \"{}\" is not light or dark", stored.theme))?;
    Ok(Saved { scenario, view: View { x, y, zoom }, lang, theme })
}

/// What the page found at start.
#[derive(Clone, Debug, PartialEq)]
pub enum Boot {
    /// Nothing saved (a first visit, or after "start fresh").
    Fresh,
    Restored(Box<Saved>),
    /// A saved state was refused (why); it was moved to `REFUSED_KEY`.
    Refused(String),
    /// A share link was opened; the user's own work was kept under `BEFORE_LINK_KEY`.
    Shared(Box<crate::ui::share::Shared>),
    /// A share link was refused (why); the saved work, if any, is restored as it was.
    LinkRefused {
        why: String,
        saved: Option<Box<Saved>>,
    },
}

impl Boot {
    /// What the page starts from: a share link in the address, else the saved work.
    pub fn at_start() -> Boot {
        match crate::ui::share::take_from_location() {
            None => load(),
            Some(Ok(shared)) => {
                if let Some(storage) = storage() {
                    if let Some(own) = storage.get_item(KEY).ok().flatten() {
                        let _ = storage.set_item(BEFORE_LINK_KEY, &own);
                    }
                }
                Boot::Shared(Box::new(shared))
            }
            Some(Err(why)) => Boot::LinkRefused {
                why,
                saved: match load() {
                    Boot::Restored(saved) => Some(saved),
                    _ => None,
                },
            },
        }
    }

    /// The saved work this start restores, if any.
    pub fn saved(&self) -> Option<&Saved> {
        match self {
            Boot::Restored(saved) | Boot::LinkRefused { saved: Some(saved), .. } => Some(saved),
            _ => None,
        }
    }
}

/// The user's own work as it was before a share link replaced it.
pub fn before_link() -> Option<Saved> {
    decode(&storage()?.get_item(BEFORE_LINK_KEY).ok().flatten()?).ok()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Reads the saved state (outside a browser, or with storage blocked: nothing).
pub fn load() -> Boot {
    let Some(storage) = storage() else { return Boot::Fresh };
    let Some(text) = storage.get_item(KEY).ok().flatten() else { return Boot::Fresh };
    match decode(&text) {
        Ok(saved) => Boot::Restored(Box::new(saved)),
        Err(why) => {
            let _ = storage.set_item(REFUSED_KEY, &text);
            let _ = storage.remove_item(KEY);
            Boot::Refused(why)
        }
    }
}

/// Saves (a full or blocked storage is not an error the user can act on: ignored).
pub fn save(saved: &Saved) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(KEY, &encode(saved));
    }
}

pub fn clear() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Saved {
        let scenario = parse(include_str!("../../scenarios/delay-queue.json")).unwrap();
        Saved { scenario, view: View { x: 12.5, y: -40.0, zoom: 1.5 }, lang: Lang::Zh, theme: Theme::Dark }
    }

    #[test]
    fn a_saved_state_comes_back_as_it_was() {
        let saved = sample();
        assert_eq!(decode(&encode(&saved)), Ok(saved));
    }

    #[test]
    fn damaged_or_foreign_states_are_refused_naming_the_problem() {
        let good: Json = serde_json::from_str(&encode(&sample())).unwrap();
        let with = |key: &str, value: Json| {
            let mut v = good.clone();
            v[key] = value;
            v.to_string()
        };
        let cases = [
            ("{\"schema\": 1, \"scen".to_string(), "not JSON"),
            ("[]".to_string(), "schema: missing"),
            (with("schema", 2.into()), "schema: 2 was written by a newer Warren (this build reads 1)"),
            (with("schema", 0.into()), "schema: 0 is no longer read"),
            (with("schema", "1".into()), "schema: must be a whole number"),
            (with("lang", "fr".into()), "lang: \"fr\" is not a language of Warren"),
            (with("theme", "blue".into()), "theme: \"blue\" is not light or dark"),
            (with("view", serde_json::json!({"x": 0, "y": 0, "zoom": 50})), "view.zoom: 50 is not between"),
            (with("extra", true.into()), "unknown field `extra`"),
            (with("scenario", serde_json::json!({"version": 1, "duration_ms": 0})), "scenario.duration_ms: must be at least 1"),
            (with("scenario", serde_json::json!({"version": 9, "duration_ms": 10})), "scenario.version: this build reads version 1, not 9"),
        ];
        for (text, expected) in cases {
            let error = decode(&text).unwrap_err();
            assert!(error.contains(expected), "{text}: {error:?} does not say {expected:?}");
        }
    }
}
