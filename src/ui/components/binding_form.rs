use yew::prelude::*;

use super::{FieldInput, Input, TableEditor, EXCHANGES, QUEUES};
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::{Field, Item};
use crate::ui::state::Editor;

/// A binding: source exchange, destination (a queue or an exchange), binding key and arguments
/// (`x-match` and the headers to match, for a headers exchange); `key` (the binding's) remounts
/// its fields when another one is selected.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn binding_form(editor: &Editor, lang: Lang, index: usize, key: String) -> Html {
    let item = Item::Binding(index);
    let Some(binding) = editor.scenario.bindings.get(index) else { return html! {} };
    let dest_list = if binding.to_exchange { EXCHANGES } else { QUEUES };
    let field = |field: Field, key: Key, input: Input, list: Option<&'static str>| {
        html! { <FieldInput item={item.clone()} {field} label={lang.t(key)} {input} list={list.map(AttrValue::from)} /> }
    };
    html! {
        <div key={key} class="form binding-form">
            { field(Field::Source, Key::Source, Input::Text, Some(EXCHANGES)) }
            { field(Field::Dest, Key::Destination, Input::Text, Some(dest_list)) }
            { field(Field::ToExchange, Key::ToExchange, Input::Check, None) }
            { field(Field::Key, Key::BindingKey, Input::Text, None) }
            <TableEditor item={item.clone()} title={lang.t(Key::Arguments)} />
        </div>
    }
}
