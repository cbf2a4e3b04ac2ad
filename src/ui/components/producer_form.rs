use yew::prelude::*;

use super::{choices, FieldInput, Input, TableEditor, EXCHANGES};
use crate::ui::hooks::use_lang;
use crate::ui::i18n::Key;
use crate::ui::model::{Field, Item, Kind};

#[derive(Properties, PartialEq)]
pub struct ProducerFormProps {
    pub name: AttrValue,
}

/// A simulated producer: where and how often it publishes, and with which message properties.
#[component]
pub fn ProducerForm(props: &ProducerFormProps) -> Html {
    let lang = use_lang();
    let item = Item::node(Kind::Producer, props.name.to_string());
    let field = |field: Field, key: Key, input: Input| {
        html! { <FieldInput item={item.clone()} {field} label={lang.t(key)} {input} /> }
    };
    let modes = choices(lang, &[("plain", Key::ModePlain), ("confirm", Key::ModeConfirm), ("tx", Key::ModeTx)]);
    html! {
        <div class="form producer-form">
            { field(Field::Name, Key::Name, Input::Text) }
            <FieldInput item={item.clone()} field={Field::Exchange} label={lang.t(Key::Exchange)} input={Input::Text}
                list={EXCHANGES} placeholder={lang.t(Key::DefaultExchange)} />
            { field(Field::Keys, Key::RoutingKeys, Input::Area) }
            <div class="pair">
                { field(Field::Interval, Key::Interval, Input::Number) }
                { field(Field::Start, Key::Start, Input::Number) }
            </div>
            { field(Field::Count, Key::Count, Input::Number) }
            { field(Field::Mode, Key::Mode, modes) }
            { field(Field::ConfirmTimeout, Key::ConfirmTimeout, Input::Number) }
            { field(Field::Expiration, Key::Expiration, Input::Number) }
            <div class="checks">
                { field(Field::Persistent, Key::Persistent, Input::Check) }
                { field(Field::Mandatory, Key::Mandatory, Input::Check) }
            </div>
            <TableEditor item={item.clone()} title={lang.t(Key::Headers)} />
        </div>
    }
}
