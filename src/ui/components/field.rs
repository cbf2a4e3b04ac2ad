use yew::prelude::*;

use crate::ui::dom;
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::model::{fields, Edit, Field, Item};

/// How a field is entered.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Text,
    /// Text with a numeric keyboard (a plain text box, so that "-5" can be entered and refused).
    Number,
    Area,
    Check,
    /// `(value, label)` pairs.
    Select(Vec<(AttrValue, AttrValue)>),
}

#[derive(Properties, PartialEq)]
pub struct FieldInputProps {
    pub item: Item,
    pub field: Field,
    pub label: AttrValue,
    pub input: Input,
    /// The AMQP name of the setting, shown beside the label (`x-message-ttl`).
    #[prop_or_default]
    pub arg: Option<&'static str>,
    /// The id of a `<datalist>` of suggestions.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
}

/// One field of the property panel. A change is one `Edit::Set`; if the edit is refused, the
/// field keeps what was entered and shows why, right under it.
#[component]
pub fn FieldInput(props: &FieldInputProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let select_ref = use_node_ref();
    let error = editor.error_at(&props.item, &props.field);
    let shown = error.map_or_else(|| fields::get(&editor.scenario, &props.item, &props.field), |e| e.text.clone());
    {
        // A <select> has no value attribute: set the property after each render.
        let (select_ref, shown) = (select_ref.clone(), shown.clone());
        use_effect(move || {
            if let Some(select) = select_ref.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(&shown);
            }
        });
    }
    let onchange = {
        let (editor, item, field) = (editor.clone(), props.item.clone(), props.field.clone());
        Callback::from(move |e: Event| {
            editor.edit(Edit::Set { item: item.clone(), field: field.clone(), value: dom::field_value(e.target()) })
        })
    };
    let invalid = error.is_some().then_some("invalid");
    let aria_invalid = error.is_some().then_some("true");
    let control = match &props.input {
        Input::Text | Input::Number => html! {
            <input type="text" value={shown.clone()} {onchange} list={props.list.clone()} placeholder={props.placeholder.clone()}
                inputmode={(props.input == Input::Number).then_some("numeric")} aria-invalid={aria_invalid} spellcheck="false" />
        },
        Input::Area => html! {
            <textarea rows="3" value={shown.clone()} {onchange} placeholder={props.placeholder.clone()} aria-invalid={aria_invalid} spellcheck="false" />
        },
        Input::Check => {
            html! { <input type="checkbox" checked={shown == "true"} {onchange} aria-invalid={aria_invalid} /> }
        }
        Input::Select(options) => html! {
            <select ref={select_ref} {onchange} aria-invalid={aria_invalid}>
                for (value, label) in options.iter() {
                    <option value={value.clone()} selected={value.as_str() == shown}>{ label.clone() }</option>
                }
            </select>
        },
    };
    let label = html! {
        <span class="field-label">
            { props.label.clone() }
            if let Some(arg) = props.arg { <code class="arg">{ arg }</code> }
        </span>
    };
    let check = props.input == Input::Check;
    html! {
        <label class={classes!("field", check.then_some("check"), invalid)} data-field={props.field.slug()}>
            if check { { control } { label } } else { { label } { control } }
            if let Some(e) = error {
                <span class="field-error" role="alert">{ lang.problem(&e.problem) }</span>
            }
        </label>
    }
}

/// A select of fixed values with translated labels.
pub fn choices(lang: crate::ui::i18n::Lang, pairs: &[(&'static str, crate::ui::i18n::Key)]) -> Input {
    Input::Select(pairs.iter().map(|(value, key)| (AttrValue::from(*value), AttrValue::from(lang.t(*key)))).collect())
}

/// A select whose labels are its values.
pub fn plain_choices(values: &[&'static str]) -> Input {
    Input::Select(values.iter().map(|v| (AttrValue::from(*v), AttrValue::from(*v))).collect())
}
