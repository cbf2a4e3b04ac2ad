//! wasm-bindgen tests that run in headless Chromium (via chromedriver): the Yew app mounts, and
//! the topology editor reacts to clicks, pointer gestures, keys and form changes.
//!
//! Run with `bash scripts/test.sh`, or by hand:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!  CHROMEDRIVER=/usr/bin/chromedriver \
//!  cargo test --target wasm32-unknown-unknown --test wasm_browser`.
//!
//! Every test mounts its own app into a fresh element and queries inside it only.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
mod golden;

use warren::ui::App;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement, KeyboardEvent,
    KeyboardEventInit, PointerEvent, PointerEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh element of the page and waits for the first render.
async fn mount_app() -> Element {
    // Every test is a first visit: the App restores what an earlier one autosaved otherwise.
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
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

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

async fn click(root: &Element, selector: &str) {
    find(root, selector).dyn_into::<HtmlElement>().unwrap().click();
    yew::scheduler::flush().await;
}

/// Types into a field and commits it, as leaving the field does (a bubbling `change`); a
/// checkbox is ticked for "true", a select picks the option of that value.
async fn change(root: &Element, selector: &str, value: &str) {
    let el = find(root, selector);
    if let Some(input) = el.dyn_ref::<HtmlInputElement>().filter(|i| i.type_() == "checkbox") {
        input.set_checked(value == "true");
    } else if let Some(select) = el.dyn_ref::<HtmlSelectElement>() {
        select.set_value(value);
        assert_eq!(select.value(), value, "{selector} has no option {value:?}");
    } else if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    }
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
}

async fn key(name: &str, ctrl: bool, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(name);
    init.set_ctrl_key(ctrl);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    web_sys::window().unwrap().document().unwrap().body().unwrap().dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

fn centre(el: &Element) -> (f64, f64) {
    let rect = el.get_bounding_client_rect();
    (rect.left() + rect.width() / 2.0, rect.top() + rect.height() / 2.0)
}

/// A pointer event at the centre of `target` (or at an offset from it), bubbling like a real one.
async fn pointer(target: &Element, kind: &str, dx: f64, dy: f64, shift: bool) {
    let (x, y) = centre(target);
    pointer_at(target, kind, x + dx, y + dy, shift).await;
}

/// A pointer event at a point of the window, dispatched at `target`.
async fn pointer_at(target: &Element, kind: &str, x: f64, y: f64, shift: bool) {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_pointer_id(1);
    init.set_pointer_type("mouse");
    init.set_is_primary(true);
    init.set_client_x(x as i32);
    init.set_client_y(y as i32);
    init.set_shift_key(shift);
    let event = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
    yew::scheduler::flush().await;
}

/// A click on a canvas element: press and release in place.
async fn tap(root: &Element, selector: &str, shift: bool) {
    let el = find(root, selector);
    pointer(&el, "pointerdown", 0.0, 0.0, shift).await;
    pointer(&el, "pointerup", 0.0, 0.0, shift).await;
}

/// The scenario as the export text shows it.
async fn exported(root: &Element) -> serde_json::Value {
    click(root, ".import-export-open").await;
    let area: HtmlTextAreaElement = find(root, ".import-export textarea").dyn_into().unwrap();
    let json = serde_json::from_str(&area.value()).unwrap();
    click(root, ".import-export .close").await;
    json
}

/// The editor's count of whole-scenario loads (the canvas's `data-loads`).
fn loads(root: &Element) -> String {
    find(root, "svg.canvas").get_attribute("data-loads").unwrap_or_default()
}

/// Picks ready-made scenario `id` and waits until it is loaded: its file is fetched beside the
/// page (wasm-bindgen-test-runner serves the crate's `scenarios/` folder), so it loads when the
/// file arrives, not at the click.
async fn load(root: &Element, id: &str) {
    let before = loads(root);
    click(root, ".scenario-menu .menu-button").await;
    click(root, &format!("[data-scenario=\"{id}\"]")).await;
    for _ in 0..200 {
        if loads(root) != before {
            yew::scheduler::flush().await;
            return;
        }
        gloo_timers::future::TimeoutFuture::new(25).await;
    }
    panic!("ready-made scenario {id:?} was not loaded within 5 s (is scenarios/ served beside the test page?)");
}

#[wasm_bindgen_test]
async fn app_renders_title_subtitle_and_an_empty_canvas() {
    let root = mount_app().await;
    assert_eq!(text(&root, "h1"), "Warren");
    assert!(text(&root, ".subtitle").contains("RabbitMQ"));
    let canvas = find(&root, "svg.canvas");
    assert_eq!(canvas.namespace_uri().as_deref(), Some("http://www.w3.org/2000/svg"));
    assert_eq!(count(&root, "svg.canvas .node"), 0, "the canvas starts empty");
    assert!(text(&root, ".canvas-hint").contains("palette"));
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
async fn adding_a_queue_from_the_palette_renders_it_and_selects_it() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    assert_eq!(count(&root, ".node.queue"), 1);
    assert_eq!(text(&root, ".node.queue .name"), "queue-1");
    assert!(find(&root, ".node.queue").get_attribute("class").unwrap().contains("selected"));
    let name: HtmlInputElement = find(&root, ".inspector [data-field=name] input").dyn_into().unwrap();
    assert_eq!(name.value(), "queue-1");
    assert_eq!(count(&root, ".canvas-hint"), 0);
}

#[wasm_bindgen_test]
async fn an_invalid_ttl_shows_an_inline_error_and_leaves_the_model_unchanged() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    let before = exported(&root).await;

    change(&root, "[data-field=x-message-ttl] input", "-5").await;
    let field = find(&root, "[data-field=x-message-ttl]");
    assert!(field.get_attribute("class").unwrap().contains("invalid"));
    let error = text(&root, "[data-field=x-message-ttl] .field-error");
    assert!(error.contains("x-message-ttl") && error.contains("-5"), "{error}");
    assert_eq!(count(&root, ".field-error"), 1, "only the edited field shows the error");
    assert_eq!(exported(&root).await, before, "a refused edit changes nothing");
    assert_eq!(text(&root, ".node.queue .summary"), "classic queue");

    change(&root, "[data-field=x-message-ttl] input", "30000").await;
    assert_eq!(count(&root, ".field-error"), 0);
    assert_eq!(text(&root, ".node.queue .summary"), "TTL 30 s");
    assert_eq!(exported(&root).await["queues"][0]["args"]["x-message-ttl"], 30000);
}

#[wasm_bindgen_test]
async fn a_dead_letter_exchange_that_does_not_exist_is_refused() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    change(&root, "[data-field=x-dead-letter-exchange] input", "nowhere").await;
    assert!(text(&root, "[data-field=x-dead-letter-exchange] .field-error").contains("no exchange named \"nowhere\""));
    let input: HtmlInputElement = find(&root, "[data-field=x-dead-letter-exchange] input").dyn_into().unwrap();
    assert_eq!(input.value(), "nowhere", "the field keeps what was typed while it is refused");
    assert_eq!(count(&root, ".edge.dead-letter"), 0);
}

#[wasm_bindgen_test]
async fn undo_and_redo_restore_the_scenario() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    click(&root, "[data-add=consumer]").await;
    assert_eq!((count(&root, ".node"), count(&root, ".edge.consume")), (2, 1));

    click(&root, ".toolbar .undo").await;
    assert_eq!(count(&root, ".node"), 1);
    click(&root, ".toolbar .undo").await;
    assert_eq!(count(&root, ".node"), 0);
    assert!(find(&root, ".toolbar .undo").has_attribute("disabled"));
    click(&root, ".toolbar .redo").await;
    assert_eq!(count(&root, ".node"), 1);

    // The keyboard does the same (every mounted app hears the window's keys; only ours is checked).
    key("z", true, false).await;
    assert_eq!(count(&root, ".node"), 0);
    key("Z", true, true).await;
    assert_eq!(count(&root, ".node"), 1);
    key("y", true, false).await;
    assert_eq!(count(&root, ".node"), 2);
}

#[wasm_bindgen_test]
async fn the_language_switch_changes_the_text() {
    let root = mount_app().await;
    assert_eq!(text(&root, ".palette h2"), "Add");
    click(&root, "[data-lang=zh-CN]").await;
    assert_eq!(text(&root, ".palette h2"), "添加");
    assert_eq!(text(&root, "button.theme-toggle"), "深色主题");
    assert_eq!(find(&root, "main.app").get_attribute("lang").as_deref(), Some("zh-CN"));
    click(&root, "[data-add=queue]").await;
    assert_eq!(text(&root, ".node.queue .summary"), "经典队列");
    click(&root, "[data-lang=en]").await;
    assert_eq!(text(&root, ".palette h2"), "Add");
}

#[wasm_bindgen_test]
async fn a_ready_made_scenario_loads_in_one_click() {
    let root = mount_app().await;
    load(&root, "order-fanout").await;
    assert_eq!(count(&root, ".node"), 6);
    assert_eq!(count(&root, ".edge.binding"), 2);
    assert_eq!(count(&root, ".edge.publish"), 1);
    assert_eq!(count(&root, ".edge.consume"), 2);
    assert_eq!(count(&root, ".menu-list"), 0, "the menu closes");
    click(&root, ".toolbar .undo").await;
    assert_eq!(count(&root, ".node"), 0, "loading is undoable");
}

#[wasm_bindgen_test]
async fn selecting_renaming_and_deleting_on_the_canvas() {
    let root = mount_app().await;
    load(&root, "delay-queue").await;
    tap(&root, ".node.exchange", false).await;
    assert_eq!(text(&root, ".inspector-head h2"), "Exchange");
    change(&root, ".inspector [data-field=name] input", "cancel.exchange").await;
    assert_eq!(find(&root, ".node.exchange").get_attribute("data-name").as_deref(), Some("cancel.exchange"));
    // Too wide for the box: cut with an ellipsis, the full name in the node's title.
    assert_eq!(text(&root, ".node.exchange .name"), "cancel.excha…");
    let title = text(&root, ".node.exchange title");
    assert!(title.lines().next().is_some_and(|l| l.ends_with(" cancel.exchange")), "{title}");
    assert_eq!(count(&root, ".edge.dead-letter"), 1, "the queue's dead-letter exchange followed the rename");
    assert_eq!(count(&root, ".edge.binding"), 1, "the binding followed the rename");

    // Shift-click adds to the selection; Delete removes both, and what depended on them.
    tap(&root, "[data-kind=queue][data-name=\"order.cancel\"]", true).await;
    assert_eq!(text(&root, ".inspector-head h2"), "2 selected");
    key("Delete", false, false).await;
    assert_eq!(count(&root, ".node"), 2, "the consumer of the deleted queue went with it");
    assert_eq!(count(&root, ".edge"), 1);
}

#[wasm_bindgen_test]
async fn dragging_from_a_dot_connects_and_dragging_a_node_moves_it() {
    let root = mount_app().await;
    click(&root, "[data-add=exchange][data-type=topic]").await;
    click(&root, "[data-add=queue]").await;
    let svg = find(&root, "svg.canvas");
    let port = find(&root, ".node.exchange .port-hit");
    let (qx, qy) = centre(&find(&root, ".node.queue"));
    pointer(&port, "pointerdown", 0.0, 0.0, false).await;
    pointer_at(&svg, "pointermove", qx, qy, false).await;
    assert!(find(&root, ".node.queue").get_attribute("class").unwrap().contains("drop-target"));
    pointer_at(&svg, "pointerup", qx, qy, false).await;
    assert_eq!(count(&root, ".edge.binding"), 1);
    assert_eq!(text(&root, ".inspector-head h2"), "Binding");
    change(&root, ".inspector [data-field=key] input", "order.*").await;
    assert_eq!(text(&root, ".edge.binding .label text"), "order.*");

    let y = |json: serde_json::Value| json["layout"]["queues"]["queue-1"]["y"].as_f64().unwrap();
    let before = y(exported(&root).await);
    let queue = find(&root, ".node.queue");
    pointer(&queue, "pointerdown", 0.0, 0.0, false).await;
    pointer(&queue, "pointermove", 40.0, 60.0, false).await;
    pointer(&queue, "pointerup", 40.0, 60.0, false).await;
    let after = y(exported(&root).await);
    assert!((after - before - 60.0).abs() <= 5.0, "moved down by 60, snapped to the grid: {before} → {after}");
    assert_eq!(after % 10.0, 0.0);
}

#[wasm_bindgen_test]
async fn user_entered_names_are_text_never_markup() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    let evil = "<img src=x onerror=alert(1)>";
    change(&root, ".inspector [data-field=name] input", evil).await;
    // The title names the entity: its kind, then its name (as text), then its summary.
    let title = text(&root, ".node.queue title");
    assert!(title.lines().next().is_some_and(|first| first.ends_with(evil)), "{title}");
    assert_eq!(count(&root, "img"), 0);
}

#[wasm_bindgen_test]
async fn a_bad_import_shows_the_parse_error_and_keeps_the_work() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    click(&root, ".import-export-open").await;
    change(
        &root,
        ".import-export textarea",
        r#"{"version": 1, "duration_ms": 1000, "queues": [{"name": "q", "colour": "red"}]}"#,
    )
    .await;
    click(&root, ".apply-import").await;
    let error = text(&root, ".import-error");
    assert!(error.contains("queues[0]") && error.contains("colour"), "{error}");
    assert_eq!(text(&root, ".node.queue .name"), "queue-1");
    let area: HtmlTextAreaElement = find(&root, ".import-export textarea").dyn_into().unwrap();
    assert!(area.value().contains("colour"), "the text being imported stays for fixing");

    change(
        &root,
        ".import-export textarea",
        r#"{"version": 1, "duration_ms": 1000, "queues": [{"name": "imported"}]}"#,
    )
    .await;
    click(&root, ".apply-import").await;
    assert_eq!(count(&root, ".import-error"), 0);
    assert_eq!(text(&root, ".node.queue .name"), "imported");
}

#[wasm_bindgen_test]
async fn the_help_popover_lists_the_shortcuts() {
    let root = mount_app().await;
    click(&root, ".toolbar .help-toggle").await;
    assert!(text(&root, ".help").contains("Ctrl+Z"));
    key("Escape", false, false).await;
    assert_eq!(count(&root, ".help"), 0);
}

#[wasm_bindgen_test]
fn the_standard_random_run_reproduces_the_native_trace_in_chromium() {
    assert_eq!(golden::standard_trace_hash(), golden::STANDARD_TRACE_HASH);
}

/// Same seed, same run in the browser too: the chaos scenarios (broker, client and chaos streams
/// all in play) give the native fingerprint.
#[wasm_bindgen_test]
fn the_chaos_scenarios_reproduce_the_native_fingerprint_in_chromium() {
    assert_eq!(golden::chaos_world_hash(), golden::CHAOS_WORLD_HASH);
}

// ----- playback -----

/// Moves the scrubber to `ms` as a drag does: set the value, fire a bubbling `input`.
async fn scrub(root: &Element, ms: u64) {
    let input: HtmlInputElement = find(root, ".scrubber input").dyn_into().unwrap();
    input.set_value(&ms.to_string());
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
}

fn now_ms(root: &Element) -> u64 {
    find(root, ".clock").get_attribute("data-now-ms").unwrap().parse().unwrap()
}

fn ledger(root: &Element, id: &str) -> u64 {
    text(root, &format!("[data-ledger=\"{id}\"] dd")).parse().unwrap()
}

#[wasm_bindgen_test]
async fn step_and_scrub_move_time_and_the_ledger_follows() {
    let root = mount_app().await;
    load(&root, "work-queue").await;
    assert_eq!(now_ms(&root), 0);
    click(&root, "[data-action=step]").await;
    let first = now_ms(&root);
    assert!(first > 0, "step went to the first event after 0");
    assert!(count(&root, ".event-log tr") > 0);
    scrub(&root, 5_000).await;
    assert_eq!(now_ms(&root), 5_000);
    let published = ledger(&root, "published");
    assert!(published >= 40, "{published}");
    assert!(text(&root, "[data-badge=\"queue/tasks\"]").starts_with("ready "));
    scrub(&root, 1_000).await;
    assert!(ledger(&root, "published") < published, "scrubbing back rewinds the ledger");
    click(&root, "[data-action=restart]").await;
    assert_eq!(now_ms(&root), 0);
}

#[wasm_bindgen_test]
async fn play_runs_on_the_frame_loop_and_pause_stops_it() {
    let root = mount_app().await;
    load(&root, "work-queue").await;
    click(&root, "[data-action=play]").await;
    assert_eq!(find(&root, "[data-action=play]").get_attribute("aria-pressed").as_deref(), Some("true"));
    gloo_timers::future::TimeoutFuture::new(300).await;
    yew::scheduler::flush().await;
    click(&root, "[data-action=play]").await;
    let paused = now_ms(&root);
    assert!(paused > 0, "the interval advanced virtual time");
    gloo_timers::future::TimeoutFuture::new(100).await;
    yew::scheduler::flush().await;
    assert_eq!(now_ms(&root), paused, "paused time stands still");
}

#[wasm_bindgen_test]
async fn a_crash_from_the_fault_menu_forks_the_run_and_scrubbing_back_undoes_it() {
    let root = mount_app().await;
    load(&root, "work-queue").await;
    assert_eq!(count(&root, "[data-fault-action=crash_consumer]"), 0, "no consumer selected");
    scrub(&root, 4_321).await;
    tap(&root, ".node[data-name=\"worker-1\"] .shape", false).await;
    click(&root, "[data-fault-action=crash_consumer]").await;
    assert_eq!(now_ms(&root), 4_321);
    scrub(&root, 6_000).await;
    assert!(ledger(&root, "redelivered") >= 1, "the crashed worker's task was redelivered");
    scrub(&root, 3_000).await;
    assert_eq!(ledger(&root, "redelivered"), 0);

    change(&root, ".seed input", "-3").await;
    click(&root, ".seed button").await;
    assert!(text(&root, ".fault-error").contains("seed"), "a bad seed is refused");
    assert_eq!(now_ms(&root), 3_000, "and changes nothing");
}

#[wasm_bindgen_test]
async fn clicking_a_message_opens_its_lifecycle_and_charts_draw_the_run() {
    let root = mount_app().await;
    load(&root, "delay-queue").await;
    scrub(&root, 20_000).await;
    let glyph = find(&root, ".messages .msg[data-msg]");
    let id = glyph.get_attribute("data-msg").unwrap();
    pointer(&glyph, "pointerdown", 0.0, 0.0, false).await;
    assert_eq!(find(&root, ".message-detail").get_attribute("data-message"), Some(id.clone()));
    assert!(text(&root, ".lifecycle").contains("published by checkout"));
    assert!(text(&root, ".fate").contains("Still queued in “order.delay”"), "{}", text(&root, ".fate"));
    scrub(&root, 59_000).await;
    assert!(text(&root, ".lifecycle").contains("dead-lettered to “cancel.x”"), "{}", text(&root, ".lifecycle"));
    assert!(!text(&root, ".fate").contains("Still queued in “order.delay”"), "{}", text(&root, ".fate"));
    assert!(count(&root, ".x-death tr") >= 1);

    click(&root, "[data-tab=charts]").await;
    assert_eq!(count(&root, ".chart[data-chart=depth] polyline"), 2, "one line per queue");
    assert_eq!(count(&root, ".chart[data-chart=rates] polyline"), 3);
    assert_eq!(count(&root, ".chart[data-chart=latency] polyline"), 1);
    assert!(text(&root, ".chart[data-chart=latency] .max").contains("max 30"), "orders wait the 30 s TTL");
}

#[wasm_bindgen_test]
async fn message_ids_from_user_names_are_text_in_the_event_log() {
    let root = mount_app().await;
    click(&root, ".import-export-open").await;
    let evil = "<img src=x onerror=alert(1)>";
    let scenario = serde_json::json!({"version": 1, "duration_ms": 2000, "queues": [{"name": "q"}],
        "producers": [{"name": evil, "keys": ["q"], "interval_ms": 100}]});
    change(&root, ".import-export textarea", &scenario.to_string()).await;
    click(&root, ".apply-import").await;
    scrub(&root, 500).await;
    assert_eq!(text(&root, ".event-log button[data-msg]"), format!("{evil}-6"), "the newest message, published at 500 ms");
    assert_eq!(count(&root, "img"), 0);
}

#[wasm_bindgen_test]
async fn an_edit_made_in_the_past_forks_the_future_and_keeps_the_time() {
    let root = mount_app().await;
    load(&root, "work-queue").await;
    scrub(&root, 10_000).await;
    let acked = ledger(&root, "acked");
    scrub(&root, 4_000).await;
    tap(&root, ".node[data-name=\"worker-2\"] .shape", false).await;
    change(&root, ".inspector [data-field=processing-max] input", "1000").await;
    change(&root, ".inspector [data-field=processing-min] input", "900").await;
    assert_eq!(count(&root, ".field-error"), 0);
    assert_eq!(now_ms(&root), 4_000, "the edit forks at the current time");
    scrub(&root, 10_000).await;
    assert!(ledger(&root, "acked") < acked, "a slower worker-2 acks less by 10 s: {} vs {acked}", ledger(&root, "acked"));
}

#[wasm_bindgen_test]
async fn space_plays_and_pauses_and_full_stop_steps() {
    let root = mount_app().await;
    load(&root, "lost-ack").await;
    key(".", false, false).await;
    let stepped = now_ms(&root);
    assert!(stepped > 0);
    key(" ", false, false).await;
    assert_eq!(find(&root, "[data-action=play]").get_attribute("aria-pressed").as_deref(), Some("true"));
    key(" ", false, false).await;
    assert_eq!(find(&root, "[data-action=play]").get_attribute("aria-pressed").as_deref(), Some("false"));
}

#[wasm_bindgen_test]
async fn the_seed_field_reruns_and_the_scenario_seed_is_followed() {
    let root = mount_app().await;
    load(&root, "work-queue").await;
    change(&root, ".seed input", "77").await;
    click(&root, ".seed button").await;
    assert_eq!(now_ms(&root), 0, "a new seed starts over");
    scrub(&root, 3_000).await;
    let events_77 = text(&root, ".event-log tbody");
    // Editing something else keeps seed 77 …
    tap(&root, ".node[data-name=\"worker-2\"] .shape", false).await;
    change(&root, ".inspector [data-field=priority] input", "1").await;
    assert_eq!(find(&root, ".seed input").dyn_into::<HtmlInputElement>().unwrap().value(), "77");
    // … and the scenario's own seed field is followed.
    tap(&root, ".canvas .grid", false).await;
    change(&root, ".inspector [data-field=seed] input", "5").await;
    assert_eq!(find(&root, ".seed input").dyn_into::<HtmlInputElement>().unwrap().value(), "5");
    assert_ne!(text(&root, ".event-log tbody"), events_77, "another seed, another run");
}

#[wasm_bindgen_test]
async fn the_panel_folds_to_the_controls_and_the_ledger() {
    let root = mount_app().await;
    load(&root, "work-queue").await;
    click(&root, "[data-action=fold]").await;
    assert_eq!(count(&root, ".tab-body"), 0);
    assert_eq!(count(&root, ".fault-menu"), 0);
    assert_eq!(count(&root, ".ledger"), 1, "the ledger stays in view");
    click(&root, "[data-action=fold]").await;
    assert_eq!(count(&root, ".tab-body"), 1);
}

// ----- the cluster -----

/// The selected option of the select inside a field.
fn selected(root: &Element, field: &str) -> String {
    let select: web_sys::HtmlSelectElement = find(root, &format!("[data-field=\"{field}\"] select")).dyn_into().unwrap();
    select.value()
}

async fn choose(root: &Element, field: &str, value: &str) {
    let el = find(root, &format!("[data-field=\"{field}\"] select"));
    el.clone().dyn_into::<web_sys::HtmlSelectElement>().unwrap().set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    yew::scheduler::flush().await;
}

#[wasm_bindgen_test]
async fn broker_nodes_are_drawn_and_queues_get_a_type_and_a_node() {
    let root = mount_app().await;
    click(&root, "[data-add=\"queue\"]").await;
    assert_eq!(count(&root, "[data-field=\"cluster-node\"]"), 0, "no node choice without a cluster");
    click(&root, "[data-add=\"node\"]").await;
    click(&root, "[data-add=\"node\"]").await;
    assert_eq!(count(&root, ".cluster-form .node-item"), 3);
    assert_eq!(count(&root, "svg.canvas .broker-node"), 3);
    let json = exported(&root).await;
    assert_eq!(json["cluster"]["nodes"], serde_json::json!(["rabbit1", "rabbit2", "rabbit3"]));

    tap(&root, ".node[data-kind=\"queue\"][data-name=\"queue-1\"] .shape", false).await;
    choose(&root, "cluster-node", "rabbit3").await;
    choose(&root, "cluster-queue-type", "mirrored").await;
    assert_eq!(selected(&root, "cluster-queue-type"), "mirrored");
    assert_eq!(selected(&root, "cluster-sync-mode"), "manual");
    choose(&root, "cluster-sync-mode", "automatic").await;
    let json = exported(&root).await;
    assert_eq!(json["queues"][0]["node"], "rabbit3");
    assert_eq!(json["policies"][0]["pattern"], "^queue-1$");
    assert_eq!(json["policies"][0]["definition"]["ha-sync-mode"], "automatic");
    // The queue sits in rabbit3's frame: the frame encloses it.
    let frame = find(&root, "svg.canvas .broker-node[data-node=\"rabbit3\"] .node-frame").get_bounding_client_rect();
    let queue = find(&root, ".node[data-kind=\"queue\"][data-name=\"queue-1\"] .shape").get_bounding_client_rect();
    assert!(frame.left() <= queue.left() && frame.right() >= queue.right() && frame.top() <= queue.top() && frame.bottom() >= queue.bottom());

    // 4.x has no mirrored queues: the broker refuses the policy, shown inline; nothing changes.
    tap(&root, "svg.canvas .grid", false).await;
    choose(&root, "cluster-profile", "4.x").await;
    assert!(text(&root, "[data-field=\"cluster-profile\"] .field-error").contains("'ha-mode' is not a policy key in RabbitMQ 4.x"));
    assert_eq!(exported(&root).await["cluster"]["profile"], "3.x");
    // A node in use cannot be removed.
    click(&root, "[data-remove-node=\"rabbit3\"]").await;
    assert!(text(&root, ".cluster-form .node-error").contains("still used by queue-1"));
    assert_eq!(count(&root, ".cluster-form .node-item"), 3);

    // The chaos switch with node-fault rates; a rate that is not a number is refused in place.
    click(&root, "[data-field=\"chaos\"] input").await;
    let rate = "[data-field=\"chaos-rate-kill-node\"] input";
    change(&root, rate, "2.5").await;
    change(&root, rate, "often").await;
    assert!(text(&root, "[data-field=\"chaos-rate-kill-node\"] .field-error").contains("number"));
    let json = exported(&root).await;
    assert_eq!(json["chaos"]["rates_per_s"]["kill_node"], 2.5);

    // A client gets a node too.
    tap(&root, ".node[data-kind=\"queue\"][data-name=\"queue-1\"] .shape", false).await;
    click(&root, "[data-add=\"consumer\"]").await;
    choose(&root, "cluster-node", "rabbit2").await;
    assert_eq!(exported(&root).await["consumers"][0]["node"], "rabbit2");
}

#[wasm_bindgen_test]
async fn node_faults_show_on_the_nodes_and_go_back_with_time() {
    let root = mount_app().await;
    load(&root, "mirrored-vs-quorum").await;
    assert_eq!(count(&root, ".node-card"), 3);
    scrub(&root, 800).await;
    let card = "[data-node=\"rabbit2\"]";
    assert_eq!(find(&root, &format!(".node-card{card}")).get_attribute("data-state").as_deref(), Some("up"));
    assert!(text(&root, ".node-card[data-node=\"rabbit2\"]").contains("ha.orders"), "rabbit2 leads the mirrored queue");
    assert!(text(&root, ".replica-badge[data-queue=\"qq.orders\"]").contains("leader rabbit2 · term 1"));

    // Stop rabbit1 by hand at 0.8 s: its card and frame say so.
    click(&root, ".node-card[data-node=\"rabbit1\"] [data-fault-action=\"stop_node\"]").await;
    assert_eq!(now_ms(&root), 800);
    assert_eq!(find(&root, ".node-card[data-node=\"rabbit1\"]").get_attribute("data-state").as_deref(), Some("stopped"));
    assert_eq!(find(&root, "svg.canvas .broker-node[data-node=\"rabbit1\"]").get_attribute("data-state").as_deref(), Some("stopped"));
    click(&root, ".node-card[data-node=\"rabbit1\"] [data-fault-action=\"start_node\"]").await;
    assert_eq!(find(&root, ".node-card[data-node=\"rabbit1\"]").get_attribute("data-state").as_deref(), Some("up"));

    // The scheduled crash of rabbit2 at 1 s: a quorum leader elsewhere, in a later term.
    scrub(&root, 1500).await;
    assert_eq!(find(&root, &format!(".node-card{card}")).get_attribute("data-state").as_deref(), Some("crashed"));
    let badge = text(&root, ".replica-badge[data-queue=\"qq.orders\"]");
    assert!(!badge.contains("rabbit2") && badge.contains("term"), "{badge}");

    // Partition rabbit3 off by ticking it; the cards say which side.
    let tick: HtmlInputElement = find(&root, ".node-card[data-node=\"rabbit3\"] input[type=checkbox]").dyn_into().unwrap();
    tick.click();
    yew::scheduler::flush().await;
    click(&root, ".partition-actions [data-fault-action=\"partition\"]").await;
    let three = text(&root, ".node-card[data-node=\"rabbit3\"] .node-status");
    let one = text(&root, ".node-card[data-node=\"rabbit1\"] .node-status");
    assert!(three.contains("side") && one.contains("side") && three != one, "{three} / {one}");
    click(&root, ".partition-actions [data-fault-action=\"heal\"]").await;
    assert_eq!(count(&root, ".fault-error"), 0, "the heal was accepted");

    // Back before the crash: up again.
    scrub(&root, 500).await;
    assert_eq!(find(&root, &format!(".node-card{card}")).get_attribute("data-state").as_deref(), Some("up"));
}

#[wasm_bindgen_test]
async fn choosing_tx_mode_shows_the_batch_fields_and_a_zero_batch_is_refused_inline() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    click(&root, "[data-add=producer]").await;
    assert_eq!(count(&root, "[data-field=tx-batch]"), 0, "plain mode has no batch");
    assert_eq!(count(&root, "[data-field=confirm-timeout]"), 0);

    change(&root, "[data-field=mode] select", "tx").await;
    assert_eq!(count(&root, "[data-field=tx-batch]"), 1);
    assert_eq!(count(&root, "[data-field=tx-rollback-numerator]"), 1);
    assert_eq!(count(&root, "[data-field=tx-rollback-denominator]"), 1);
    let before = exported(&root).await;
    assert_eq!(before["producers"][0]["mode"], "tx");

    change(&root, "[data-field=tx-batch] input", "0").await;
    let error = text(&root, "[data-field=tx-batch] .field-error");
    assert!(error.contains("producers[0].tx_batch: must be at least 1"), "{error}");
    assert_eq!(exported(&root).await, before, "a refused edit changes nothing");
    change(&root, "[data-field=tx-batch] input", "20").await;
    assert_eq!(count(&root, ".field-error"), 0);
    assert_eq!(exported(&root).await["producers"][0]["tx_batch"], 20);

    change(&root, "[data-field=mode] select", "confirm").await;
    assert_eq!(count(&root, "[data-field=tx-batch]"), 0);
    assert_eq!(count(&root, "[data-field=confirm-timeout]"), 1);
    assert!(exported(&root).await["producers"][0].get("tx_batch").is_none(), "leaving tx drops its batch");

    change(&root, "[data-field=schedule] select", "rate").await;
    assert_eq!(count(&root, "[data-field=interval]"), 0);
    change(&root, "[data-field=rate] input", "-5").await;
    assert!(count(&root, "[data-field=rate] .field-error") == 1);
    change(&root, "[data-field=rate] input", "200").await;
    assert_eq!(exported(&root).await["producers"][0]["rate_per_s"], 200);
}

#[wasm_bindgen_test]
async fn an_invalid_probability_or_range_shows_an_inline_error_and_leaves_the_scenario_unchanged() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    click(&root, "[data-add=consumer]").await;
    let before = exported(&root).await;

    change(&root, "[data-field=failure-numerator] input", "3").await;
    let error = text(&root, "[data-field=failure-numerator] .field-error");
    assert!(error.contains("consumers[0].failure: 3/1 is not a probability"), "{error}");
    assert_eq!(exported(&root).await, before);
    assert_eq!(count(&root, "[data-field=on-failure]"), 0, "no failures, nothing to do on one");

    change(&root, "[data-field=processing-min] input", "500").await;
    let error = text(&root, "[data-field=processing-min] .field-error");
    assert!(error.contains("min 500 is above max 100"), "{error}");
    assert_eq!(count(&root, ".field-error"), 1, "only the last refused field shows an error");
    assert_eq!(exported(&root).await, before);

    change(&root, "[data-field=failure-denominator] input", "4").await;
    change(&root, "[data-field=failure-numerator] input", "1").await;
    assert_eq!(count(&root, "[data-field=on-failure]"), 1);
    let failure = &exported(&root).await["consumers"][0]["failure"];
    assert_eq!((failure["numerator"].as_u64(), failure["denominator"].as_u64()), (Some(1), Some(4)));
}

#[wasm_bindgen_test]
async fn a_distribution_a_lock_and_a_cache_show_their_own_fields() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    click(&root, "[data-add=consumer]").await;
    assert_eq!(count(&root, "[data-field=processing-min]"), 1);
    change(&root, "[data-field=processing-dist] select", "exponential").await;
    assert_eq!(count(&root, "[data-field=processing-min]"), 0);
    assert_eq!(find(&root, "[data-field=processing-mean] input").dyn_into::<HtmlInputElement>().unwrap().value(), "75");

    assert_eq!(count(&root, "[data-field=lock-lease]"), 0);
    change(&root, "[data-field=lock] input", "true").await;
    change(&root, "[data-field=lock-lease] input", "300").await;
    change(&root, "[data-field=cache] input", "true").await;
    change(&root, "[data-field=idempotency] select", "dedup_set").await;
    let c = exported(&root).await["consumers"][0].clone();
    assert_eq!(c["processing"], serde_json::json!({"dist": "exponential", "mean_ms": 75}));
    assert_eq!(c["lock"], serde_json::json!({"key": "lock:queue-1", "lease_ms": 300, "retry_ms": 10}));
    assert_eq!(c["cache"], serde_json::json!({"ttl_ms": 10000}));
    assert_eq!(c["idempotency"], "dedup_set");
}

#[wasm_bindgen_test]
async fn the_scenario_panel_sets_store_latency_every_client_fault_and_chaos() {
    let root = mount_app().await;
    click(&root, "[data-add=queue]").await;
    click(&root, "[data-add=producer]").await;
    click(&root, "[data-add=consumer]").await;
    key("Escape", false, false).await;
    assert!(count(&root, ".scenario-form") == 1, "nothing selected shows the scenario");

    change(&root, "[data-field=mysql-latency] input", "20").await;
    click(&root, ".add-fault").await;
    let kinds = root.query_selector_all("[data-field=fault-kind-0] option").unwrap().length();
    assert_eq!(kinds, 8);
    change(&root, "[data-field=fault-kind-0] select", "delay_message").await;
    let targets = root.query_selector_all("[data-field=fault-target-0] option").unwrap().length();
    assert_eq!(targets, 2, "a delay can hit the producer or the consumer");
    change(&root, "[data-field=fault-target-0] select", "producer-1").await;
    change(&root, "[data-field=fault-delay-0] input", "0").await;
    assert!(text(&root, "[data-field=fault-delay-0] .field-error").contains("faults[0].fault.delay_ms: must be > 0"));
    change(&root, "[data-field=fault-delay-0] input", "400").await;

    assert_eq!(count(&root, "[data-field=chaos-rate-kill-connection]"), 0);
    change(&root, "[data-field=chaos] input", "true").await;
    assert_eq!(count(&root, "[data-field=chaos-rate-kill-node]"), 0, "node chaos needs a cluster");
    change(&root, "[data-field=chaos-rate-kill-connection] input", "2000").await;
    assert!(text(&root, "[data-field=chaos-rate-kill-connection] .field-error").contains("at most 1000"));
    change(&root, "[data-field=chaos-rate-kill-connection] input", "0.5").await;

    let s = exported(&root).await;
    assert_eq!(s["stores"]["mysql"]["latency_ms"], 20);
    assert_eq!(s["faults"][0]["fault"], serde_json::json!({"kind": "delay_message", "client": "producer-1", "delay_ms": 400}));
    assert_eq!(s["chaos"]["rates_per_s"]["kill_connection"], 0.5);
}

#[wasm_bindgen_test]
async fn stores_are_placed_from_the_palette_drawn_with_their_users_and_their_latency_edited() {
    let root = mount_app().await;
    click(&root, "[data-add-store=redis]").await;
    assert_eq!(count(&root, "[data-store=redis]"), 1);
    assert!(find(&root, "[data-store=redis]").get_attribute("class").unwrap().contains("selected"));
    assert_eq!(count(&root, ".store-form"), 1);
    change(&root, ".store-form [data-field=latency] input", "-1").await;
    assert_eq!(count(&root, ".store-form .field-error"), 1);
    change(&root, ".store-form [data-field=latency] input", "7").await;
    assert_eq!(text(&root, "[data-store=redis] .summary"), "7 ms / op");
    assert_eq!(exported(&root).await["stores"]["redis"]["latency_ms"], 7);

    // A consumer using MySQL draws that store and an edge labelled with the use.
    assert_eq!(count(&root, "[data-store=mysql]"), 0);
    click(&root, "[data-add=queue]").await;
    click(&root, "[data-add=consumer]").await;
    change(&root, "[data-field=idempotency] select", "unique_key").await;
    assert_eq!(count(&root, "[data-store=mysql]"), 1);
    assert_eq!(text(&root, "[data-store-edge=\"consumer-1/mysql\"] text"), "unique key");
    assert_eq!(count(&root, "[data-store-edge=\"consumer-1/redis\"]"), 0);

    // Pressing a store selects it; deleting it takes it off the canvas.
    pointer(&find(&root, "[data-store=redis] .shape"), "pointerdown", 0.0, 0.0, false).await;
    assert_eq!(count(&root, ".store-form"), 1);
    click(&root, ".delete-selected").await;
    assert_eq!(count(&root, "[data-store=redis]"), 0);
    assert_eq!(count(&root, "[data-store=mysql]"), 1, "a store in use stays");
}
