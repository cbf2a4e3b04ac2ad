//! Small DOM helpers shared by the components (the only place that reads layout from the page).

use wasm_bindgen::JsCast;
use web_sys::{Element, EventTarget, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::NodeRef;

use super::model::Point;

/// A pointer position relative to the top-left of `element`, in CSS pixels.
pub fn local_point(element: &NodeRef, client_x: f64, client_y: f64) -> Point {
    match element.cast::<Element>() {
        Some(el) => {
            let rect = el.get_bounding_client_rect();
            Point::new(client_x - rect.left(), client_y - rect.top())
        }
        None => Point::new(client_x, client_y),
    }
}

/// The size of an element in CSS pixels.
pub fn size(element: &NodeRef) -> Option<(f64, f64)> {
    let rect = element.cast::<Element>()?.get_bounding_client_rect();
    (rect.width() > 0.0 && rect.height() > 0.0).then(|| (rect.width(), rect.height()))
}

/// The nearest element at or above an event target that matches a CSS selector.
pub fn closest(target: Option<EventTarget>, selector: &str) -> Option<Element> {
    target?.dyn_into::<Element>().ok()?.closest(selector).ok()?
}

/// Whether keys typed at this target belong to a form field rather than to the shortcuts.
pub fn is_text_entry(target: Option<EventTarget>) -> bool {
    closest(target, "input, textarea, select, [contenteditable]").is_some()
}

/// The value of the input, text area or select an event came from.
pub fn field_value(target: Option<EventTarget>) -> String {
    let Some(target) = target else { return String::new() };
    if let Some(input) = target.dyn_ref::<HtmlInputElement>() {
        if input.type_() == "checkbox" {
            return input.checked().to_string();
        }
        return input.value();
    }
    if let Some(area) = target.dyn_ref::<HtmlTextAreaElement>() {
        return area.value();
    }
    target.dyn_ref::<HtmlSelectElement>().map(HtmlSelectElement::value).unwrap_or_default()
}

/// The top and bottom on screen of every element matching a CSS selector.
pub fn vertical_spans(selector: &str) -> Vec<(f64, f64)> {
    let Some(list) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.query_selector_all(selector).ok()) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .map(|el| {
            let rect = el.get_bounding_client_rect();
            (rect.top(), rect.bottom())
        })
        .collect()
}

/// Whether the page matches a CSS media query.
pub fn matches_media(query: &str) -> bool {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten()).is_some_and(|m| m.matches())
}

/// The viewport's height in CSS pixels.
pub fn viewport_height() -> f64 {
    web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(0.0)
}

/// Scrolls the page down by `dy` CSS pixels (up if negative).
pub fn scroll_page_by(dy: f64) {
    if let Some(w) = web_sys::window() {
        w.scroll_by_with_x_and_y(0.0, dy);
    }
}
