use yew::prelude::*;

use super::{FieldInput, Input};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::stores::{self, Store};
use crate::ui::model::{Field, Item};

#[derive(Properties, PartialEq)]
pub struct StoreFormProps {
    pub store: Store,
}

/// An external store: its latency, and which consumers use it (set in each consumer's form).
#[component]
pub fn StoreForm(props: &StoreFormProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let users: Vec<String> = editor
        .scenario
        .consumers
        .iter()
        .filter(|c| !stores::uses(c, props.store).is_empty())
        .map(|c| c.name.clone())
        .collect();
    let hint = match props.store {
        Store::Redis => Key::RedisHint,
        Store::Mysql => Key::MysqlHint,
    };
    html! {
        <div class="form store-form">
            <p class="hint">{ lang.t(hint) }</p>
            <FieldInput item={Item::Store(props.store)} field={Field::Latency} label={lang.t(Key::StoreLatency)} input={Input::Number} />
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
