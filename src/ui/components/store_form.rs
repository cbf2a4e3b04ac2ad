use yew::prelude::*;

use super::{FieldInput, Input};
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::stores::{self, Store};
use crate::ui::model::{Field, Item};
use crate::ui::state::Editor;

/// An external store: its latency, and which consumers use it (set in each consumer's form);
/// `key` (the store's) remounts its fields when the other one is selected.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn store_form(editor: &Editor, lang: Lang, store: Store, key: String) -> Html {
    let users: Vec<String> = editor
        .scenario
        .consumers
        .iter()
        .filter(|c| !stores::uses(c, store).is_empty())
        .map(|c| c.name.clone())
        .collect();
    let hint = match store {
        Store::Redis => Key::RedisHint,
        Store::Mysql => Key::MysqlHint,
    };
    html! {
        <div key={key} class="form store-form">
            <p class="hint">{ lang.t(hint) }</p>
            <FieldInput item={Item::Store(store)} field={Field::Latency} label={lang.t(Key::StoreLatency)} input={Input::Number} />
            <fieldset class="section">
                <legend>{ lang.t(Key::UsedBy) }</legend>
                if users.is_empty() {
                    <p class="hint">{ lang.t(Key::NoUsers) }</p>
                } else {
                    <ul class="users">
                        for name in users { <li>{ name }</li> }
                    </ul>
                }
            </fieldset>
        </div>
    }
}
