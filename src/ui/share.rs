//! Share links: the scenario (and, optionally, a playback time and a selected message) in the
//! URL fragment — JSON, deflated (`miniz_oxide`), in base64url (`base64`) — so a link opens the
//! same run at the same moment. The fragment never reaches a server: nothing is sent anywhere.
//!
//! A link that is too long, damaged or holds a scenario this build refuses is refused with a
//! message naming the problem; the page then goes on with the autosaved work, untouched.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{Map, Value as Json};

use crate::lang::Lang;
use crate::sim::scenario::read::{read_record, required};
use crate::sim::scenario::write::Pretty;
use crate::sim::scenario::{Invalid, Scenario};
use crate::tr;

/// The fragment's prefix: `#share=<data>`.
pub const PREFIX: &str = "#share=";
/// The longest link data this build writes or reads (characters): longer links are cut by chat
/// apps and mail clients, so such a scenario is better shared as a file.
pub const MAX_LINK_CHARS: usize = 32_768;
/// The most a link may expand to (bytes of JSON): a guard against a deflate bomb.
const MAX_JSON_BYTES: usize = 4_000_000;
/// The payload's schema.
const SCHEMA: u64 = 1;

/// Why a link cannot be made or read, as data: rendered in the page's language.
#[derive(Clone, Debug, PartialEq)]
pub enum LinkProblem {
    /// The scenario does not fit in a link of `MAX_LINK_CHARS`.
    TooBigToShare { chars: usize },
    TooLong { chars: usize },
    NotBase64 { detail: String },
    ExpandsTooFar,
    NoDecompress,
    NotUtf8,
    /// The JSON reader's words (English, as the import's are).
    Damaged { detail: String },
    Schema { got: u64 },
    /// The scenario's JSON does not read (the reader's words).
    ScenarioText { detail: String },
    /// The scenario's validation refuses it (rendered per language).
    Scenario(Invalid),
    AfterEnd { at_ms: u64, duration_ms: u64 },
    /// Serialising the scenario failed (never expected).
    Internal { detail: String },
}

impl LinkProblem {
    pub fn render(&self, lang: Lang) -> String {
        let max = MAX_LINK_CHARS;
        match self {
            LinkProblem::TooBigToShare { chars } => tr!(
                lang,
                "the link would be {chars} characters long (at most {max}); download the scenario as a file instead",
                "链接将长达 {chars} 个字符（最多 {max}）；请改为下载场景文件",
            ),
            LinkProblem::TooLong { chars } => tr!(lang, "the link is too long: {chars} characters (at most {max})", "链接过长：{chars} 个字符（最多 {max}）"),
            LinkProblem::NotBase64 { detail } => tr!(lang, "the link is damaged: not base64url ({detail})", "链接已损坏：不是 base64url（{detail}）"),
            LinkProblem::ExpandsTooFar => tr!(lang, "the link expands beyond {MAX_JSON_BYTES} bytes", "链接解压后超过 {MAX_JSON_BYTES} 字节"),
            LinkProblem::NoDecompress => lang.pick("the link is damaged: its data does not decompress (cut short?)", "链接已损坏：数据无法解压（被截断了？）").into(),
            LinkProblem::NotUtf8 => lang.pick("the link is damaged: not UTF-8 text", "链接已损坏：不是 UTF-8 文本").into(),
            LinkProblem::Damaged { detail } => tr!(lang, "the link is damaged: {detail}", "链接已损坏：{detail}"),
            LinkProblem::Schema { got } => tr!(
                lang,
                "the link was made by another Warren (link schema {got}; this build reads {SCHEMA})",
                "该链接由另一版本的 Warren 生成（链接格式 {got}；此版本读取 {SCHEMA}）",
            ),
            LinkProblem::ScenarioText { detail } => tr!(lang, "the link's scenario is refused: {detail}", "链接中的场景被拒绝：{detail}"),
            LinkProblem::Scenario(invalid) => format!("{}{}", lang.pick("the link's scenario is refused: ", "链接中的场景被拒绝："), invalid.render(lang)),
            LinkProblem::AfterEnd { at_ms, duration_ms } => tr!(
                lang,
                "at_ms: {at_ms} is after the end of the run ({duration_ms} ms)",
                "at_ms：{at_ms} 晚于运行结束（{duration_ms} 毫秒）",
            ),
            LinkProblem::Internal { detail } => detail.clone(),
        }
    }
}

/// What a link carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    pub scenario: Scenario,
    /// The playback time, in virtual milliseconds.
    pub at_ms: Option<u64>,
    /// The message id whose lifecycle is open.
    pub message: Option<String>,
}

/// The link's JSON (`{"v": 1, "scenario": {…}, "at_ms": 4500, "message": "p-3"}`): read by the
/// shared record reader (strict: an unknown field is refused by name), written as a JSON value.
#[cfg_attr(test, derive(Debug))]
struct Payload {
    v: u64,
    scenario: Json,
    at_ms: Option<u64>,
    message: Option<String>,
}

read_record!(Payload {
    v: required!(v),
    scenario: required!(scenario),
    at_ms: None,
    message: None,
});

/// The fragment (`#share=…`) for a shared run, or why it cannot be a link.
pub fn encode(shared: &Shared) -> Result<String, LinkProblem> {
    let internal = |e: serde_json::Error| LinkProblem::Internal { detail: e.to_string() };
    // Written through `Value` and the page's one JSON writer instead of a derive of its own.
    let mut payload = Map::new();
    payload.insert("v".into(), SCHEMA.into());
    payload.insert("scenario".into(), shared.scenario.to_json().map_err(internal)?);
    if let Some(at) = shared.at_ms {
        payload.insert("at_ms".into(), at.into());
    }
    if let Some(message) = &shared.message {
        payload.insert("message".into(), message.clone().into());
    }
    let json = Pretty::compact(&Json::Object(payload)).into_bytes();
    let data = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, 9));
    if data.len() > MAX_LINK_CHARS {
        return Err(LinkProblem::TooBigToShare { chars: data.len() });
    }
    Ok(format!("{PREFIX}{data}"))
}

/// Reads a fragment: None if it is not a share link at all.
pub fn decode(fragment: &str) -> Option<Result<Shared, LinkProblem>> {
    let data = fragment.strip_prefix(PREFIX)?;
    Some(decode_data(data))
}

fn decode_data(data: &str) -> Result<Shared, LinkProblem> {
    if data.len() > MAX_LINK_CHARS {
        return Err(LinkProblem::TooLong { chars: data.len() });
    }
    let deflated = URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|e| LinkProblem::NotBase64 { detail: e.to_string() })?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_JSON_BYTES).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkProblem::ExpandsTooFar,
        _ => LinkProblem::NoDecompress,
    })?;
    let text = String::from_utf8(json).map_err(|_| LinkProblem::NotUtf8)?;
    let payload: Payload = crate::script::format::from_json(&text).map_err(|e| LinkProblem::Damaged { detail: e.trim_start_matches("?: ").to_string() })?;
    if payload.v != SCHEMA {
        return Err(LinkProblem::Schema { got: payload.v });
    }
    let scenario: Scenario = crate::input::from_json(&Pretty::compact(&payload.scenario)).map_err(|detail| LinkProblem::ScenarioText { detail })?;
    scenario.validate().map_err(LinkProblem::Scenario)?;
    if let Some(at) = payload.at_ms.filter(|at| *at > scenario.duration_ms) {
        return Err(LinkProblem::AfterEnd { at_ms: at, duration_ms: scenario.duration_ms });
    }
    Ok(Shared { scenario, at_ms: payload.at_ms, message: payload.message })
}

/// The page's own fragment, read once at start and then removed from the address bar (so a
/// reload goes on with the autosaved copy of the edits made since).
pub fn take_from_location() -> Option<Result<Shared, LinkProblem>> {
    let window = web_sys::window()?;
    let location = window.location();
    let hash = location.hash().ok()?;
    let shared = decode(&hash)?;
    if let (Ok(history), Ok(path), Ok(search)) = (window.history(), location.pathname(), location.search()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{search}")));
    }
    Some(shared)
}

/// The full link for a fragment: this page's address without its own fragment.
pub fn link(fragment: &str) -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}{fragment}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::parse;

    fn sample() -> Shared {
        let scenario = parse(include_str!("../../scenarios/mirrored-vs-quorum.json")).unwrap();
        Shared { scenario, at_ms: Some(4_500), message: Some("shop-a-17".into()) }
    }

    #[test]
    fn a_link_brings_back_the_same_run_and_moment() {
        let fragment = encode(&sample()).unwrap();
        assert!(fragment.starts_with(PREFIX));
        assert!(fragment[PREFIX.len()..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "URL-safe: {fragment}");
        assert_eq!(decode(&fragment), Some(Ok(sample())));
        // Deflate halves a topology's JSON (Chinese prose, three bytes a character, compresses
        // less, so the bound is checked without the scenario's Chinese texts).
        let mut plain = sample();
        plain.scenario.zh = None;
        let fragment = encode(&plain).unwrap();
        let json_len = serde_json::to_string(&plain.scenario).unwrap().len();
        assert!(fragment.len() < json_len / 2, "compressed: {} vs {json_len} bytes of JSON", fragment.len());
    }

    /// The payload as serde's derive read it before (named and laid out alike, compared by
    /// Debug text): the reference the record reader equals, on right and wrong payloads (a
    /// record as an array is refused on purpose: see `sim/scenario/read.rs`).
    #[test]
    fn the_payload_reader_is_the_derive() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)] // Read through Debug only.
        struct Payload {
            v: u64,
            scenario: Json,
            #[serde(default)]
            at_ms: Option<u64>,
            #[serde(default)]
            message: Option<String>,
        }
        let texts = [
            "{\"v\": 1, \"scenario\": {\"a\": [1]}, \"at_ms\": 5, \"message\": \"p-1\"}",
            "{\"scenario\": 3, \"v\": 7}",
            "{\"v\": 1}",
            "{\"scenario\": {}}",
            "{\"v\": \"1\", \"scenario\": {}}",
            "{\"v\": -1, \"scenario\": {}}",
            "{\"v\": 1, \"scenario\": {},\n \"at_ms\": 1.5}",
            "{\"v\": 1, \"scenario\": {}, \"at_ms\": null, \"message\": null}",
            "{\"v\": 1, \"scenario\": {}, \"message\": 5}",
            "{\"v\": 1, \"scenario\": {},\n \"extra\": true}",
            "{\"v\": 1, \"v\": 1, \"scenario\": {}}",
            "{\"v\": 1, \"scenario\": {}, \"scenario\": {}}",
            "{}",
            "5",
            "null",
            "{\"v\": 1, \"scen",
        ];
        for text in texts {
            let hand = format!("{:?}", crate::script::format::from_json::<super::Payload>(text));
            let derived = format!("{:?}", crate::script::format::from_json::<Payload>(text));
            assert_eq!(hand, derived, "{text}");
        }
    }

    #[test]
    fn other_fragments_are_not_links() {
        assert_eq!(decode(""), None);
        assert_eq!(decode("#top"), None);
    }

    #[test]
    fn damaged_or_too_long_links_are_refused_by_name() {
        let good = encode(&sample()).unwrap();
        let deflate = |json: &str| format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9)));
        let cases = [
            (format!("{PREFIX}{}", "A".repeat(MAX_LINK_CHARS + 1)), "the link is too long"),
            (format!("{PREFIX}ab*cd"), "not base64url"),
            (good[..PREFIX.len() + (good.len() - PREFIX.len()) / 8 * 4].to_string(), "does not decompress"),
            (format!("{good}x"), "not base64url"),
            (deflate("{\"v\": 1, \"scen"), "the link is damaged: EOF while parsing"),
            (deflate("{\"v\": 2, \"scenario\": {}}"), "link schema 2"),
            (deflate("{\"v\": 1, \"scenario\": {\"version\": 1, \"duration_ms\": 0}}"), "the link's scenario is refused: duration_ms: must be at least 1"),
            (deflate("{\"v\": 1, \"scenario\": {\"version\": 1, \"duration_ms\": 10}, \"at_ms\": 11}"), "at_ms: 11 is after the end of the run"),
            (deflate(&format!("{{\"v\": 1, \"pad\": \"{}\"}}", " ".repeat(MAX_JSON_BYTES))), "expands beyond"),
        ];
        for (fragment, expected) in cases {
            let problem = decode(&fragment).unwrap().unwrap_err();
            let error = problem.render(Lang::En);
            assert!(error.contains(expected), "{error:?} does not say {expected:?}");
            let zh = problem.render(Lang::Zh);
            assert_ne!(zh, error, "{problem:?} has a Chinese text");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{zh}");
        }
    }

    #[test]
    fn a_scenario_too_big_for_a_link_is_said_so() {
        let mut big = sample();
        // Incompressible text: distinct pseudo-random names.
        let mut x: u64 = 1;
        big.scenario.description = (0..40_000)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                char::from(b'a' + (x >> 59) as u8 % 26)
            })
            .collect();
        let problem = encode(&big).unwrap_err();
        assert!(problem.render(Lang::En).contains("download the scenario as a file instead"));
        assert!(problem.render(Lang::Zh).contains("请改为下载场景文件"));
    }
}
