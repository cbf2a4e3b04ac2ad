use yew::prelude::*;

use super::{ChaosForm, ClusterForm, FaultRow, FieldInput, Input};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::{Edit, Field, Item};

/// The scenario's own settings: title, description, seed, duration, the external stores, the
/// fault schedule and chaos.
#[component]
pub fn ScenarioForm() -> Html {
    let editor = use_editor();
    let lang = use_lang();
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
            <ClusterForm />
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
                    <FaultRow key={index} {index} />
                }
                <button type="button" class="button add-fault" onclick={add_fault}>{ lang.t(Key::AddFault) }</button>
            </fieldset>
            <ChaosForm />
        </div>
    }
}
