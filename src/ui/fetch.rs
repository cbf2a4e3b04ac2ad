//! Files shipped beside the page (Trunk copies `lessons/` and `scenarios/` into dist/, see
//! index.html), fetched when needed instead of built into the wasm. URLs are relative to the
//! page, so dist/ works under any sub-path (e2e/subpath.test.mjs) and offline from a local server.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::js_sys;
use wasm_bindgen_futures::JsFuture;

/// The text of the file at `url`, or why not (naming the file), never a panic.
pub async fn text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or_else(|| format!("{url}: no window"))?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| failed(url, &e))?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| failed(url, &e))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let body = response.text().map_err(|e| failed(url, &e))?;
    let body = JsFuture::from(body).await.map_err(|e| failed(url, &e))?;
    body.as_string().ok_or_else(|| format!("{url}: not text"))
}

/// A rejected fetch (offline, refused) as a line naming the file.
fn failed(url: &str, error: &JsValue) -> String {
    let why = error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the request failed".to_string());
    format!("{url}: {why}")
}
