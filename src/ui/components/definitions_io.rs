use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{js_sys, HtmlInputElement};
use yew::prelude::*;

use crate::sim::definitions;
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::state::Action;

/// What the last definitions import said.
#[derive(Clone, PartialEq)]
enum Outcome {
    None,
    Imported(Rc<Vec<String>>),
    Refused(String),
}

/// RabbitMQ definitions: the topology downloaded as `definitions.json` (with what it cannot carry
/// listed), or a definitions file opened into the editor with every warning of the import shown.
/// The conversion is `sim::definitions`; a refused file leaves the work as it is.
#[component]
pub fn DefinitionsIo() -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let outcome = use_state(|| Outcome::None);
    let exported = definitions::export(&editor.scenario);
    let href = format!("data:application/json;charset=utf-8,{}", String::from(web_sys::js_sys::encode_uri_component(&exported.definitions.to_json_text())));
    let open_file = {
        let (editor, outcome) = (editor.clone(), outcome.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            let (editor, outcome) = (editor.clone(), outcome.clone());
            // once_into_js: the closure is freed after its one call (no leak per opened file).
            let loaded = Closure::once_into_js(move |text: JsValue| match definitions::import(&text.as_string().unwrap_or_default()) {
                Ok(imported) => {
                    editor.dispatch(Action::Load(Rc::new(imported.scenario)));
                    outcome.set(Outcome::Imported(Rc::new(imported.warnings)));
                }
                Err(message) => outcome.set(Outcome::Refused(message)),
            });
            // (js-sys's typed `then` takes a Closure that must then be kept; through Reflect it
            // takes the freed-after-one-call function)
            let promise = file.text();
            let then = js_sys::Reflect::get(&promise, &JsValue::from_str("then")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
            if let Some(then) = then {
                let _ = then.call1(&promise, &loaded);
            }
            input.set_value("");
        })
    };
    html! {
        <section class="definitions" aria-labelledby="definitions-title">
            <h3 id="definitions-title">{ lang.t(Key::RabbitDefinitions) }</h3>
            <p class="hint">{ lang.t(Key::DefinitionsHint) }</p>
            <div class="modal-actions">
                <a class="button download-definitions" {href} download="definitions.json">{ lang.t(Key::DownloadDefinitions) }</a>
                <label class="button file-button open-definitions">
                    { lang.t(Key::OpenDefinitions) }
                    <input type="file" accept=".json,application/json" onchange={open_file} />
                </label>
            </div>
            if !exported.notes.is_empty() {
                <p class="hint definitions-notes">{ lang.t(Key::DefinitionsNotes) }</p>
                <ul class="definitions-notes">{ for exported.notes.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
            }
            {
                match &*outcome {
                    Outcome::None => html! {},
                    Outcome::Refused(message) => html! {
                        <p class="field-error definitions-error" role="alert">{ format!("{} {message}", lang.t(Key::DefinitionsRefused)) }</p>
                    },
                    Outcome::Imported(warnings) => html! {
                        <div class="definitions-warnings" role="status">
                            <p>{ lang.t(Key::DefinitionsImported) }</p>
                            <ul>{ for warnings.iter().map(|w| html! { <li>{ w }</li> }) }</ul>
                        </div>
                    },
                }
            }
        </section>
    }
}
