use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::input::{too_large, MAX_INPUT_BYTES};

use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::state::Action;

use super::DefinitionsIo;

#[derive(Properties, PartialEq)]
pub struct ImportExportProps {
    pub on_close: Callback<()>,
}

/// The scenario as JSON: edit and apply it, open a file, or download it. A text that does not
/// parse is refused with the parser's message, and the current work stays as it is.
#[component]
pub fn ImportExport(props: &ImportExportProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let area = use_node_ref();
    let json = editor.scenario.to_pretty_json();
    {
        // The text follows the scenario, but is left alone when an import is refused.
        let (area, json) = (area.clone(), json.clone());
        use_effect_with(editor.scenario.clone(), move |_| {
            if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                area.set_value(&json);
            }
        });
    }
    let apply = {
        let (editor, area) = (editor.clone(), area.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                editor.dispatch(Action::Import(area.value()));
            }
        })
    };
    let open_file = {
        let (editor, area) = (editor.clone(), area.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            // A file over the cap is refused unread: reading a huge file could exhaust the tab.
            if file.size() > MAX_INPUT_BYTES as f64 {
                editor.dispatch(Action::ImportRefused(too_large(file.size() as u64)));
                return;
            }
            let (editor, area, text) = (editor.clone(), area.clone(), JsFuture::from(file.text()));
            // Awaited once and dropped: nothing is leaked per file opened.
            spawn_local(async move {
                let text = text.await.ok().and_then(|t| t.as_string()).unwrap_or_default();
                if let Some(area) = area.cast::<HtmlTextAreaElement>() {
                    area.set_value(&text);
                }
                editor.dispatch(Action::Import(text));
            });
        })
    };
    let file_name = match editor.scenario.name.trim() {
        "" => "scenario.json".to_string(),
        name => format!("{}.json", name.replace(|c: char| !c.is_alphanumeric() && c != '-', "-")),
    };
    let href =
        format!("data:application/json;charset=utf-8,{}", String::from(web_sys::js_sys::encode_uri_component(&json)));
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="modal-backdrop">
            <div class="modal import-export" role="dialog" aria-modal="true" aria-label={lang.t(Key::ImportExport)}>
                <div class="popover-head">
                    <h2>{ lang.t(Key::ImportExport) }</h2>
                    <button type="button" class="close" aria-label={lang.t(Key::Close)} onclick={close.clone()}>{ "×" }</button>
                </div>
                <label class="field">
                    <span class="field-label">{ lang.t(Key::ScenarioJson) }</span>
                    <textarea ref={area} class="json" rows="18" spellcheck="false" />
                </label>
                if let Some(problem) = &editor.import_error {
                    <p class="field-error import-error" role="alert">{ format!("{} {}", lang.t(Key::ImportRefused), lang.import_problem(problem)) }</p>
                }
                <div class="modal-actions">
                    <button type="button" class="button primary apply-import" onclick={apply}>{ lang.t(Key::Apply) }</button>
                    <label class="button file-button">
                        { lang.t(Key::OpenFile) }
                        <input type="file" accept=".json,application/json" onchange={open_file} />
                    </label>
                    <a class="button download" {href} download={file_name}>{ lang.t(Key::Download) }</a>
                    <span class="spacer" />
                    <button type="button" class="button" onclick={close}>{ lang.t(Key::Close) }</button>
                </div>
                <DefinitionsIo />
            </div>
        </div>
    }
}
