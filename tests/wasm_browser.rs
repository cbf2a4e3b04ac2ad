//! wasm-bindgen tests that run in headless Chromium (via chromedriver): the Yew app mounts
//! and reacts to clicks.
//!
//! Run with `bash scripts/test.sh`, or by hand:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!  CHROMEDRIVER=/usr/bin/chromedriver \
//!  cargo test --target wasm32-unknown-unknown --test wasm_browser`.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
mod golden;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use warren::ui::App;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh element of the page and waits for the first render.
async fn mount_app() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    root
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector:?} in {}", root.inner_html()))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn app_renders_title_subtitle_and_canvas() {
    let root = mount_app().await;
    assert_eq!(text(&root, "h1"), "Warren");
    assert!(text(&root, ".subtitle").contains("RabbitMQ"));
    let canvas = find(&root, "svg.canvas");
    assert_eq!(canvas.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"));
    assert_eq!(canvas.child_element_count(), 0, "the canvas starts empty");
}

#[wasm_bindgen_test]
async fn theme_toggle_switches_the_root_theme() {
    let root = mount_app().await;
    let app = find(&root, "main.app");
    assert_eq!(app.get_attribute("data-theme").as_deref(), Some("light"));

    let button: HtmlElement = find(&root, "button.theme-toggle").dyn_into().unwrap();
    assert_eq!(button.text_content().as_deref(), Some("Dark theme"));
    button.click();
    yew::scheduler::flush().await;
    assert_eq!(app.get_attribute("data-theme").as_deref(), Some("dark"));
    assert_eq!(button.text_content().as_deref(), Some("Light theme"));

    button.click();
    yew::scheduler::flush().await;
    assert_eq!(app.get_attribute("data-theme").as_deref(), Some("light"));
}

#[wasm_bindgen_test]
fn the_standard_random_run_reproduces_the_native_trace_in_chromium() {
    assert_eq!(golden::standard_trace_hash(), golden::STANDARD_TRACE_HASH);
}
