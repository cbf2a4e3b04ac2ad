//! Autosave: the scenario being edited, the canvas view, the language and the theme, kept in the
//! browser's localStorage on every change and restored on the next visit.
//!
//! The saved text is versioned (`schema`). A saved state that does not parse, was written by a
//! newer Warren, or holds a scenario this build refuses is refused with a message naming the
//! problem; the app then starts fresh and the refused text is moved to a backup key, so nothing is
//! lost and nothing blocks. Encoding and decoding are pure (tested natively); only `load`, `save`
//! and `clear` touch the browser.

use serde_json::{Map, Value as Json};

use super::i18n::Lang;
use super::model::view::{View, MAX_ZOOM, MIN_ZOOM};
use super::Theme;
use crate::sim::scenario::read::{read_record, required};
use crate::sim::scenario::write::Pretty;
use crate::sim::scenario::{Invalid, Scenario};
use crate::tr;

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

/// The stored form (strict: an unknown field is refused by name), read by the shared record
/// reader and written as a JSON value.
#[cfg_attr(test, derive(Debug))]
struct Stored {
    /// Checked on the raw value first (to tell a newer save from a damaged one); a field here so
    /// that the record accepts it.
    #[allow(dead_code)]
    schema: u64,
    scenario: Json,
    view: StoredView,
    lang: String,
    theme: String,
}

#[cfg_attr(test, derive(Debug))]
struct StoredView {
    x: f64,
    y: f64,
    zoom: f64,
}

read_record!(Stored {
    schema: required!(schema),
    scenario: required!(scenario),
    view: required!(view),
    lang: required!(lang),
    theme: required!(theme),
});

read_record!(StoredView {
    x: required!(x),
    y: required!(y),
    zoom: required!(zoom),
});

pub fn encode(saved: &Saved) -> String {
    // Written through `Value` and the page's one JSON writer instead of a derive of its own.
    // Inserted one at a time: a collect into the map would sort a buffer first (a sort copy).
    let object = |entries: Vec<(&str, Json)>| {
        let mut map = Map::new();
        for (key, value) in entries {
            map.insert(key.to_string(), value);
        }
        Json::Object(map)
    };
    let view = object(vec![("x", saved.view.x.into()), ("y", saved.view.y.into()), ("zoom", saved.view.zoom.into())]);
    Pretty::compact(&object(vec![
        ("schema", SCHEMA.into()),
        ("scenario", saved.scenario.to_json().unwrap_or(Json::Null)),
        ("view", view),
        ("lang", saved.lang.tag().into()),
        ("theme", saved.theme.as_str().into()),
    ]))
}

/// Why a saved state is refused, as data: rendered in the page's language.
#[derive(Clone, Debug, PartialEq)]
pub enum SavedProblem {
    /// The JSON reader's words (English).
    NotJson { detail: String },
    SchemaMissing,
    SchemaNewer { got: u64 },
    SchemaOld { got: u64 },
    SchemaNotNumber,
    /// A field the reader refuses (its words).
    Format { detail: String },
    /// The scenario's JSON does not read (the reader's words).
    ScenarioText { detail: String },
    /// The scenario's validation refuses it (rendered per language).
    Scenario(Invalid),
    ViewNotFinite,
    Zoom { zoom: f64 },
    Lang { tag: String },
    Theme { name: String },
}

impl SavedProblem {
    pub fn render(&self, lang: Lang) -> String {
        match self {
            SavedProblem::NotJson { detail } => tr!(lang, "not JSON ({detail})", "不是 JSON（{detail}）"),
            SavedProblem::SchemaMissing => lang.pick("schema: missing (not a Warren autosave)", "schema：缺失（不是 Warren 的自动保存）").into(),
            SavedProblem::SchemaNewer { got } => tr!(
                lang,
                "schema: {got} was written by a newer Warren (this build reads {SCHEMA})",
                "schema：{got} 由更新版本的 Warren 写入（此版本读取 {SCHEMA}）",
            ),
            SavedProblem::SchemaOld { got } => tr!(
                lang,
                "schema: {got} is no longer read (this build reads {SCHEMA})",
                "schema：{got} 已不再读取（此版本读取 {SCHEMA}）",
            ),
            SavedProblem::SchemaNotNumber => lang.pick("schema: must be a whole number", "schema：必须是整数").into(),
            SavedProblem::Format { detail } => format!("{}{detail}", lang.pick("", "格式错误：")),
            SavedProblem::ScenarioText { detail } => format!("scenario.{detail}"),
            SavedProblem::Scenario(invalid) => format!("{}{}", lang.pick("scenario.", "场景 scenario."), invalid.render(lang)),
            SavedProblem::ViewNotFinite => lang.pick("view: x and y must be finite", "view：x 和 y 必须是有限数").into(),
            SavedProblem::Zoom { zoom } => tr!(
                lang,
                "view.zoom: {zoom} is not between {MIN_ZOOM} and {MAX_ZOOM}",
                "view.zoom：{zoom} 不在 {MIN_ZOOM} 与 {MAX_ZOOM} 之间",
            ),
            SavedProblem::Lang { tag } => tr!(lang, "lang: \"{tag}\" is not a language of Warren", "lang：“{tag}” 不是 Warren 的语言"),
            SavedProblem::Theme { name } => tr!(lang, "theme: \"{name}\" is not light or dark", "theme：“{name}” 不是 light 或 dark"),
        }
    }
}

pub fn decode(text: &str) -> Result<Saved, SavedProblem> {
    let value: Json = serde_json::from_str(text).map_err(|e| SavedProblem::NotJson { detail: e.to_string() })?;
    match value.get("schema").map(|s| s.as_u64()) {
        None => return Err(SavedProblem::SchemaMissing),
        Some(Some(SCHEMA)) => {}
        Some(Some(got)) if got > SCHEMA => return Err(SavedProblem::SchemaNewer { got }),
        Some(Some(got)) => return Err(SavedProblem::SchemaOld { got }),
        Some(None) => return Err(SavedProblem::SchemaNotNumber),
    }
    let stored: Stored = crate::script::format::from_json(text).map_err(|detail| SavedProblem::Format { detail })?;
    let scenario: Scenario = crate::input::from_json(&Pretty::compact(&stored.scenario)).map_err(|detail| SavedProblem::ScenarioText { detail })?;
    scenario.validate().map_err(SavedProblem::Scenario)?;
    let StoredView { x, y, zoom } = stored.view;
    if !(x.is_finite() && y.is_finite()) {
        return Err(SavedProblem::ViewNotFinite);
    }
    if !(MIN_ZOOM..=MAX_ZOOM).contains(&zoom) {
        return Err(SavedProblem::Zoom { zoom });
    }
    let lang = Lang::ALL.into_iter().find(|l| l.tag() == stored.lang).ok_or_else(|| SavedProblem::Lang { tag: stored.lang.clone() })?;
    let theme = [Theme::Light, Theme::Dark]
        .into_iter()
        .find(|t| t.as_str() == stored.theme)
        .ok_or_else(|| SavedProblem::Theme { name: stored.theme.clone() })?;
    Ok(Saved { scenario, view: View { x, y, zoom }, lang, theme })
}

/// What the page found at start.
#[derive(Clone, Debug, PartialEq)]
pub enum Boot {
    /// Nothing saved (a first visit, or after "start fresh").
    Fresh,
    Restored(Box<Saved>),
    /// A saved state was refused (why); it was moved to `REFUSED_KEY`.
    Refused(SavedProblem),
    /// A share link was opened; the user's own work was kept under `BEFORE_LINK_KEY`.
    Shared(Box<crate::ui::share::Shared>),
    /// A share link was refused (why); the saved work, if any, is restored as it was.
    LinkRefused {
        why: crate::ui::share::LinkProblem,
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
    use crate::sim::scenario::parse;

    fn sample() -> Saved {
        let scenario = parse(include_str!("../../scenarios/delay-queue.json")).unwrap();
        Saved { scenario, view: View { x: 12.5, y: -40.0, zoom: 1.5 }, lang: Lang::Zh, theme: Theme::Dark }
    }

    #[test]
    fn a_saved_state_comes_back_as_it_was() {
        let saved = sample();
        assert_eq!(decode(&encode(&saved)), Ok(saved));
    }

    /// The stored form as serde's derive read it before (named and laid out alike, compared by
    /// Debug text): the reference the record reader equals, on right and wrong states.
    #[test]
    fn the_stored_reader_is_the_derive() {
        #[allow(dead_code)] // Read through Debug only.
        mod derived {
            use serde_json::Value as Json;
            #[derive(Debug, serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct Stored {
                schema: u64,
                scenario: Json,
                view: StoredView,
                lang: String,
                theme: String,
            }
            #[derive(Debug, serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct StoredView {
                x: f64,
                y: f64,
                zoom: f64,
            }
        }
        let good: Json = serde_json::from_str(&encode(&sample())).unwrap();
        let mut texts = vec![serde_json::to_string_pretty(&good).unwrap()];
        for key in ["schema", "scenario", "view", "lang", "theme"] {
            let mut v = good.clone();
            v.as_object_mut().unwrap().remove(key);
            texts.push(serde_json::to_string_pretty(&v).unwrap());
            for wrong in ["null", "1", "-1", "1.5", "\"x\"", "[]", "{}", "{\"x\": 1, \"y\": 2, \"zoom\": 3}", "{\"x\": 1, \"y\": 2}", "{\"x\": 1, \"y\": 2, \"zoom\": 3, \"w\": 4}"] {
                if key == "view" && wrong == "[]" {
                    // A record as an array: refused on purpose (see `sim/scenario/read.rs`).
                    continue;
                }
                let mut v = good.clone();
                v[key] = serde_json::from_str(wrong).unwrap();
                texts.push(serde_json::to_string_pretty(&v).unwrap());
            }
        }
        let pretty = serde_json::to_string_pretty(&good).unwrap();
        texts.push(pretty.replacen('{', "{\n  \"extra\": 1,", 1));
        texts.push(pretty.replacen('{', "{\n  \"lang\": \"en\",", 1));
        texts.push(pretty.replacen("\"zoom\"", "\"zoom\": 1, \"zoom\"", 1));
        texts.extend(["5", "{}", "{\"schema\": 1, \"scen"].map(String::from));
        for text in &texts {
            let hand = format!("{:?}", crate::script::format::from_json::<super::Stored>(text));
            let derived = format!("{:?}", crate::script::format::from_json::<derived::Stored>(text));
            assert_eq!(hand, derived, "{text}");
        }
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
            let problem = decode(&text).unwrap_err();
            let error = problem.render(Lang::En);
            assert!(error.contains(expected), "{text}: {error:?} does not say {expected:?}");
            let zh = problem.render(Lang::Zh);
            assert_ne!(zh, error, "{problem:?} has a Chinese text");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
        }
    }
}
