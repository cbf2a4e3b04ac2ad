use yew::prelude::*;

use super::{FieldInput, Input, TableEditor, EXCHANGES, QUEUES};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::{Field, Item};

#[derive(Properties, PartialEq)]
pub struct BindingFormProps {
    pub index: usize,
}

/// A binding: source exchange, destination (a queue or an exchange), binding key and arguments
/// (`x-match` and the headers to match, for a headers exchange).
#[component]
pub fn BindingForm(props: &BindingFormProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let item = Item::Binding(props.index);
    let Some(binding) = editor.scenario.bindings.get(props.index) else { return html! {} };
    let dest_list = if binding.to_exchange { EXCHANGES } else { QUEUES };
    let field = |field: Field, key: Key, input: Input, list: Option<&'static str>| {
        html! { <FieldInput item={item.clone()} {field} label={lang.t(key)} {input} list={list.map(AttrValue::from)} /> }
    };
    html! {
        <div class="form binding-form">
            { field(Field::Source, Key::Source, Input::Text, Some(EXCHANGES)) }
            { field(Field::Dest, Key::Destination, Input::Text, Some(dest_list)) }
            { field(Field::ToExchange, Key::ToExchange, Input::Check, None) }
            { field(Field::Key, Key::BindingKey, Input::Text, None) }
            <TableEditor item={item.clone()} title={lang.t(Key::Arguments)} />
        </div>
    }
}
