use yew::prelude::*;

use super::{choices, FieldInput, Input, QUEUES};
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::fields::dist_of;
use crate::ui::model::{Field, Item, Kind};
use crate::ui::state::Editor;

/// A simulated consumer, in sections: its queue and acknowledgement, its processing time and
/// failures, and what it does with the external stores (idempotency, a lock, cache-aside reads).
/// Fields of a distribution, a lock or a cache are shown only when that is chosen. `key` (the
/// consumer's) remounts its fields when another one is selected.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn consumer_form(editor: &Editor, lang: Lang, name: &str, key: String) -> Html {
    let Some(spec) = editor.scenario.consumers.iter().find(|c| c.name == name) else { return html! {} };
    let item = Item::node(Kind::Consumer, name.to_string());
    let field = |field: Field, key: Key, input: Input| {
        html! { <FieldInput item={item.clone()} {field} label={lang.t(key)} {input} /> }
    };
    let on_failure = choices(lang, &[("reject", Key::Reject), ("requeue", Key::Requeue)]);
    let idempotency =
        choices(lang, &[("none", Key::IdemNone), ("dedup_set", Key::IdemDedup), ("unique_key", Key::IdemUnique)]);
    let dists =
        choices(lang, &[("fixed", Key::DistFixed), ("uniform", Key::DistUniform), ("exponential", Key::DistExponential)]);
    let dist = match dist_of(spec.processing) {
        "fixed" => field(Field::ProcessingFixed, Key::ProcessingFixed, Input::Number),
        "exponential" => field(Field::ProcessingMean, Key::ProcessingMean, Input::Number),
        _ => html! {
            <div class="pair">
                { field(Field::ProcessingMin, Key::ProcessingMin, Input::Number) }
                { field(Field::ProcessingMax, Key::ProcessingMax, Input::Number) }
            </div>
        },
    };
    html! {
        <div key={key} class="form consumer-form">
            { field(Field::Name, Key::Name, Input::Text) }
            <fieldset class="section" data-section="consume">
                <legend>{ lang.t(Key::SectionConsume) }</legend>
                <FieldInput item={item.clone()} field={Field::Queue} label={lang.t(Key::Queue)} input={Input::Text} list={QUEUES} />
                <div class="checks">{ field(Field::AutoAck, Key::AutoAck, Input::Check) }</div>
                <div class="pair">
                    { field(Field::Prefetch, Key::Prefetch, Input::Number) }
                    { field(Field::Priority, Key::Priority, Input::Number) }
                </div>
                { field(Field::Start, Key::Start, Input::Number) }
            </fieldset>
            <fieldset class="section" data-section="processing">
                <legend>{ lang.t(Key::SectionProcessing) }</legend>
                { field(Field::ProcessingDist, Key::ProcessingDist, dists) }
                { dist }
                <div class="ratio">
                    <span class="field-label">{ lang.t(Key::Failure) }</span>
                    <div class="pair">
                        { field(Field::FailureNumerator, Key::FailureN, Input::Number) }
                        { field(Field::FailureDenominator, Key::FailureD, Input::Number) }
                    </div>
                </div>
                if spec.failure.numerator > 0 {
                    { field(Field::OnFailure, Key::OnFailure, on_failure) }
                }
            </fieldset>
            <fieldset class="section" data-section="stores">
                <legend>{ lang.t(Key::SectionStores) }</legend>
                { field(Field::Idempotency, Key::Idempotency, idempotency) }
                <div class="checks">{ field(Field::Lock, Key::Lock, Input::Check) }</div>
                if spec.lock.is_some() {
                    { field(Field::LockKey, Key::LockKey, Input::Text) }
                    <div class="pair">
                        { field(Field::LockLease, Key::LockLease, Input::Number) }
                        { field(Field::LockRetry, Key::LockRetry, Input::Number) }
                    </div>
                }
                <div class="checks">{ field(Field::Cache, Key::Cache, Input::Check) }</div>
                if spec.cache.is_some() {
                    { field(Field::CacheTtl, Key::CacheTtl, Input::Number) }
                }
            </fieldset>
        </div>
    }
}
