use yew::prelude::*;

use super::{
    binding_form, consumer_form, datalists, exchange_form, node_field, producer_form, queue_form, scenario_form, store_form,
};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::{Item, Kind};
use crate::ui::state::Action;

/// The property panel: the selected entity's form, the scenario's when nothing is selected, a
/// summary when several are.
#[component]
pub fn Inspector() -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let delete = {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.dispatch(Action::DeleteSelection))
    };
    let (title, body) = match (editor.selection.len(), editor.single()) {
        (0, _) | (1, Some(Item::Scenario)) => (lang.t(Key::Scenario).to_string(), scenario_form(&editor, lang)),
        (1, Some(Item::Store(store))) => (
            lang.t(super::store_layer::store_key(*store)).to_string(),
            store_form(&editor, lang, *store, store.key().to_string()),
        ),
        (1, Some(Item::Binding(i))) => {
            (lang.t(Key::Binding).to_string(), binding_form(&editor, lang, *i, format!("b{i}")))
        }
        (1, Some(Item::Node(n))) => {
            let (name, key) = (n.name.as_str(), format!("{}/{}", n.kind.css(), n.name));
            let node = || html! { <div class="form node-form">{ node_field(&editor, lang, &Item::Node(n.clone())) }</div> };
            let form = match n.kind {
                Kind::Exchange => exchange_form(lang, name, key),
                Kind::Queue => queue_form(&editor, lang, name, key),
                // A client's node sits under its form, which another part of the editor owns.
                Kind::Producer => html! { <>{ producer_form(&editor, lang, name, key) }{ node() }</> },
                Kind::Consumer => html! { <>{ consumer_form(&editor, lang, name, key) }{ node() }</> },
            };
            (lang.kind(n.kind).to_string(), form)
        }
        (n, _) => (format!("{n} {}", lang.t(Key::Selected)), html! {
            <div class="form several-selected">
                <ul>
                    for item in editor.selection.iter() {
                        <li>{ match item {
                            Item::Node(n) => format!("{} {}", lang.kind(n.kind), n.name),
                            Item::Binding(i) => format!("{} {}", lang.t(Key::Binding), i + 1),
                            Item::Store(store) => lang.t(super::store_layer::store_key(*store)).to_string(),
                            Item::Scenario => lang.t(Key::Scenario).to_string(),
                        } }</li>
                    }
                </ul>
                <p class="hint">{ lang.t(Key::SeveralSelectedHint) }</p>
            </div>
        }),
    };
    let deletable = !editor.selection.is_empty();
    html! {
        <aside class="inspector" aria-label={title.clone()}>
            <div class="inspector-head">
                <h2>{ title }</h2>
                if deletable {
                    <button type="button" class="button danger delete-selected" onclick={delete}>{ lang.t(Key::Delete) }</button>
                }
            </div>
            <div class="inspector-body">{ body }</div>
            { datalists(&editor) }
        </aside>
    }
}
