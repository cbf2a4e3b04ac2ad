use yew::prelude::*;

use super::{choices, FieldInput, Input, QUEUES};
use crate::ui::hooks::use_lang;
use crate::ui::i18n::Key;
use crate::ui::model::{Field, Item, Kind};

#[derive(Properties, PartialEq)]
pub struct ConsumerFormProps {
    pub name: AttrValue,
}

/// A simulated consumer: its queue, acknowledgement, prefetch, priority, processing time,
/// failures and idempotency.
#[component]
pub fn ConsumerForm(props: &ConsumerFormProps) -> Html {
    let lang = use_lang();
    let item = Item::node(Kind::Consumer, props.name.to_string());
    let field = |field: Field, key: Key, input: Input| {
        html! { <FieldInput item={item.clone()} {field} label={lang.t(key)} {input} /> }
    };
    let on_failure = choices(lang, &[("reject", Key::Reject), ("requeue", Key::Requeue)]);
    let idempotency =
        choices(lang, &[("none", Key::IdemNone), ("dedup_set", Key::IdemDedup), ("unique_key", Key::IdemUnique)]);
    html! {
        <div class="form consumer-form">
            { field(Field::Name, Key::Name, Input::Text) }
            <FieldInput item={item.clone()} field={Field::Queue} label={lang.t(Key::Queue)} input={Input::Text} list={QUEUES} />
            <div class="checks">{ field(Field::AutoAck, Key::AutoAck, Input::Check) }</div>
            <div class="pair">
                { field(Field::Prefetch, Key::Prefetch, Input::Number) }
                { field(Field::Priority, Key::Priority, Input::Number) }
            </div>
            <div class="pair">
                { field(Field::ProcessingMin, Key::ProcessingMin, Input::Number) }
                { field(Field::ProcessingMax, Key::ProcessingMax, Input::Number) }
            </div>
            <fieldset class="ratio">
                <legend>{ lang.t(Key::Failure) }</legend>
                <div class="pair">
                    { field(Field::FailureNumerator, Key::FailureN, Input::Number) }
                    { field(Field::FailureDenominator, Key::FailureD, Input::Number) }
                </div>
            </fieldset>
            { field(Field::OnFailure, Key::OnFailure, on_failure) }
            { field(Field::Idempotency, Key::Idempotency, idempotency) }
            { field(Field::Start, Key::Start, Input::Number) }
        </div>
    }
}
