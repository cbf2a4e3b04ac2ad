use yew::prelude::*;

use super::{plain_choices, FieldInput, Input, TableEditor, EXCHANGES};
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::fields::ALTERNATE_EXCHANGE;
use crate::ui::model::{Field, Item, Kind};

/// An exchange: name, type, durable, internal, alternate exchange and other arguments; `key`
/// (the exchange's) remounts its fields when another one is selected.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn exchange_form(lang: Lang, name: &str, key: String) -> Html {
    let item = Item::node(Kind::Exchange, name.to_string());
    let field = |field: Field, key: Key, input: Input| {
        html! { <FieldInput item={item.clone()} {field} label={lang.t(key)} {input} /> }
    };
    html! {
        <div key={key} class="form exchange-form">
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
