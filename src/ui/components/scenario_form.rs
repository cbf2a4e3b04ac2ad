use yew::prelude::*;

use super::{chaos_form, cluster_form, fault_row, FieldInput, Input};
use crate::ui::hooks::EditorHandle;
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::{Edit, Field, Item};

/// The scenario's own settings: title, description, seed, duration, the external stores, the
/// fault schedule and chaos.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn scenario_form(editor: &EditorHandle, lang: Lang) -> Html {
    let field = |field: Field, key: Key, input: Input| {
        html! { <FieldInput item={Item::Scenario} {field} label={lang.t(key)} {input} /> }
    };
    let add_fault = {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.edit(Edit::AddFault))
    };
    html! {
        <div class="form scenario-form">
            <p class="hint">{ lang.t(Key::ScenarioHint) }</p>
            // Both languages' texts, the page's language first.
            if lang == Lang::Zh {
                { field(Field::TitleZh, Key::TitleZh, Input::Text) }
                { field(Field::DescriptionZh, Key::DescriptionZh, Input::Area) }
            }
            { field(Field::Title, Key::Title, Input::Text) }
            { field(Field::Description, Key::Description, Input::Area) }
            if lang == Lang::En {
                { field(Field::TitleZh, Key::TitleZh, Input::Text) }
                { field(Field::DescriptionZh, Key::DescriptionZh, Input::Area) }
            }
            <div class="pair">
                { field(Field::Seed, Key::Seed, Input::Number) }
                { field(Field::Duration, Key::Duration, Input::Number) }
            </div>
            { cluster_form(editor, lang) }
            <fieldset class="section stores" data-section="stores">
                <legend>{ lang.t(Key::Stores) }</legend>
                <p class="hint">{ lang.t(Key::StoresHint) }</p>
                <div class="pair">
                    { field(Field::RedisLatency, Key::RedisLatency, Input::Number) }
                    { field(Field::MysqlLatency, Key::MysqlLatency, Input::Number) }
                </div>
            </fieldset>
            <fieldset class="faults">
                <legend>{ lang.t(Key::Faults) }</legend>
                if editor.scenario.faults.is_empty() {
                    <p class="hint">{ lang.t(Key::NoFaults) }</p>
                }
                for index in 0..editor.scenario.faults.len() {
                    { fault_row(editor, lang, index) }
                }
                <button type="button" class="button add-fault" onclick={add_fault}>{ lang.t(Key::AddFault) }</button>
            </fieldset>
            { chaos_form(editor, lang) }
        </div>
    }
}
