use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::dom;
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::fields::{entries, show_value};
use crate::ui::model::{Edit, Field, Item};

#[derive(Properties, PartialEq)]
pub struct TableEditorProps {
    pub item: Item,
    pub title: AttrValue,
    /// Keys that have their own field and are not listed here.
    #[prop_or_default]
    pub hidden: &'static [&'static str],
}

/// The rows of an argument or header table (`key = value`; values are JSON when they read as
/// JSON, text otherwise), plus a row to add one.
#[component]
pub fn TableEditor(props: &TableEditorProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let (new_key, new_value) = (use_node_ref(), use_node_ref());
    let rows = entries(&editor.scenario, &props.item, props.hidden);
    {
        // Clear the new row once its entry exists.
        let keys: Vec<String> = rows.iter().map(|(k, _)| k.clone()).collect();
        let (new_key, new_value) = (new_key.clone(), new_value.clone());
        use_effect_with(keys, move |_| {
            for input in [new_key, new_value].iter().filter_map(|r| r.cast::<HtmlInputElement>()) {
                input.set_value("");
            }
        });
    }
    let set = |old_key: String, key_of: fn(&str, &str) -> (String, String), other: String| {
        let (editor, item) = (editor.clone(), props.item.clone());
        Callback::from(move |e: Event| {
            let (key, value) = key_of(&dom::field_value(e.target()), &other);
            editor.edit(Edit::SetEntry { item: item.clone(), old_key: old_key.clone(), key, value });
        })
    };
    let add = {
        let (editor, item, new_key, new_value) =
            (editor.clone(), props.item.clone(), new_key.clone(), new_value.clone());
        move || {
            let read = |r: &NodeRef| r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            editor.edit(Edit::SetEntry {
                item: item.clone(),
                old_key: String::new(),
                key: read(&new_key),
                value: read(&new_value),
            });
        }
    };
    let on_add = {
        let add = add.clone();
        Callback::from(move |_: MouseEvent| add())
    };
    let on_enter = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" {
            add();
        }
    });
    let error_for =
        |key: &str| editor.error_at(&props.item, &Field::Entry(key.to_string())).map(|e| lang.problem(&e.problem));
    html! {
        <fieldset class="table-editor">
            <legend>{ props.title.clone() }</legend>
            for (key, value) in rows {
                <div class="entry" key={key.clone()} data-key={key.clone()}>
                    <input class="entry-key" type="text" value={key.clone()} aria-label={lang.t(Key::Key)} spellcheck="false"
                        onchange={set(key.clone(), |typed, value| (typed.trim().to_string(), value.to_string()), show_value(&value))} />
                    <span class="eq">{ "=" }</span>
                    <input class="entry-value" type="text" value={show_value(&value)} aria-label={lang.t(Key::Value)} spellcheck="false"
                        onchange={set(key.clone(), |typed, key| (key.to_string(), typed.to_string()), key.clone())} />
                    <button type="button" class="remove" title={lang.t(Key::Remove)} aria-label={lang.t(Key::Remove)}
                        onclick={
                            let (editor, item, key) = (editor.clone(), props.item.clone(), key.clone());
                            move |_: MouseEvent| editor.edit(Edit::RemoveEntry { item: item.clone(), key: key.clone() })
                        }>{ "×" }</button>
                    if let Some(message) = error_for(&key) {
                        <span class="field-error" role="alert">{ message }</span>
                    }
                </div>
            }
            <div class="entry new-entry">
                <input ref={new_key} class="entry-key" type="text" placeholder={lang.t(Key::NewKey)} aria-label={lang.t(Key::Key)} spellcheck="false" />
                <span class="eq">{ "=" }</span>
                <input ref={new_value} class="entry-value" type="text" placeholder={lang.t(Key::Value)} aria-label={lang.t(Key::Value)}
                    spellcheck="false" onkeydown={on_enter} />
                <button type="button" class="add" title={lang.t(Key::Add)} aria-label={lang.t(Key::Add)} onclick={on_add}>{ "+" }</button>
                if let Some(message) = error_for("") {
                    <span class="field-error" role="alert">{ message }</span>
                }
            </div>
        </fieldset>
    }
}
