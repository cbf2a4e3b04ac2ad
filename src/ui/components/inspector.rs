use yew::prelude::*;

use super::{
    BindingForm, ConsumerForm, Datalists, ExchangeForm, NodeField, ProducerForm, QueueForm, ScenarioForm, StoreForm,
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
        (0, _) | (1, Some(Item::Scenario)) => (lang.t(Key::Scenario).to_string(), html! { <ScenarioForm /> }),
        (1, Some(Item::Store(store))) => (
            lang.t(super::store_layer::store_key(*store)).to_string(),
            html! { <StoreForm key={store.key()} store={*store} /> },
        ),
        (1, Some(Item::Binding(i))) => {
            (lang.t(Key::Binding).to_string(), html! { <BindingForm key={format!("b{i}")} index={*i} /> })
        }
        (1, Some(Item::Node(n))) => {
            let name = AttrValue::from(n.name.clone());
            let key = format!("{}/{}", n.kind.css(), n.name);
            let form = match n.kind {
                Kind::Exchange => html! { <ExchangeForm {key} {name} /> },
                Kind::Queue => html! { <QueueForm {key} {name} /> },
                // A client's node sits under its form, which another part of the editor owns.
                Kind::Producer => html! { <><ProducerForm {key} {name} /><div class="form node-form"><NodeField item={Item::Node(n.clone())} /></div></> },
                Kind::Consumer => html! { <><ConsumerForm {key} {name} /><div class="form node-form"><NodeField item={Item::Node(n.clone())} /></div></> },
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
            <Datalists />
        </aside>
    }
}
