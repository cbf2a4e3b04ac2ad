use yew::prelude::*;

use super::{plain_choices, FieldInput, Input, TableEditor, EXCHANGES};
use crate::ui::hooks::use_lang;
use crate::ui::i18n::Key;
use crate::ui::model::fields::ALTERNATE_EXCHANGE;
use crate::ui::model::{Field, Item, Kind};

#[derive(Properties, PartialEq)]
pub struct ExchangeFormProps {
    pub name: AttrValue,
}

/// An exchange: name, type, durable, internal, alternate exchange and other arguments.
#[component]
pub fn ExchangeForm(props: &ExchangeFormProps) -> Html {
    let lang = use_lang();
    let item = Item::node(Kind::Exchange, props.name.to_string());
    let field = |field: Field, key: Key, input: Input| {
        html! { <FieldInput item={item.clone()} {field} label={lang.t(key)} {input} /> }
    };
    html! {
        <div class="form exchange-form">
            { field(Field::Name, Key::Name, Input::Text) }
            { field(Field::ExchangeType, Key::Type, plain_choices(&["direct", "fanout", "topic", "headers"])) }
            <div class="checks">
                { field(Field::Durable, Key::Durable, Input::Check) }
                { field(Field::Internal, Key::Internal, Input::Check) }
            </div>
            <FieldInput item={item.clone()} field={Field::AlternateExchange} label={lang.t(Key::AlternateExchange)}
                input={Input::Text} arg={ALTERNATE_EXCHANGE} list={EXCHANGES} />
            <TableEditor item={item.clone()} title={lang.t(Key::OtherArguments)} hidden={&[ALTERNATE_EXCHANGE][..]} />
        </div>
    }
}
