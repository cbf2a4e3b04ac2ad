use yew::prelude::*;

use super::{choices, FieldInput, Input, TableEditor, EXCHANGES};
use crate::sim::scenario::PublishMode;
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::fields::schedule_of;
use crate::ui::model::{Field, Item, Kind};
use crate::ui::state::Editor;

/// A simulated producer, in sections: where it publishes, when (interval, rate or bursts), the
/// messages' properties, and the delivery guarantee (plain, confirms or transactions). Fields
/// that mean something only in one schedule or mode are shown only there. `key` (the
/// producer's) remounts its fields when another one is selected.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn producer_form(editor: &Editor, lang: Lang, name: &str, key: String) -> Html {
    let Some(spec) = editor.scenario.producers.iter().find(|p| p.name == name) else { return html! {} };
    let item = Item::node(Kind::Producer, name.to_string());
    let field = |field: Field, key: Key, input: Input| {
        html! { <FieldInput item={item.clone()} {field} label={lang.t(key)} {input} /> }
    };
    let modes = choices(lang, &[("plain", Key::ModePlain), ("confirm", Key::ModeConfirm), ("tx", Key::ModeTx)]);
    let schedules =
        choices(lang, &[("interval", Key::ScheduleInterval), ("rate", Key::ScheduleRate), ("burst", Key::ScheduleBurst)]);
    let schedule = match schedule_of(spec) {
        "rate" => field(Field::Rate, Key::Rate, Input::Number),
        "burst" => html! {
            <>
                { field(Field::BurstSize, Key::BurstSize, Input::Number) }
                { field(Field::BurstAt, Key::BurstAt, Input::Text) }
            </>
        },
        _ => field(Field::Interval, Key::Interval, Input::Number),
    };
    html! {
        <div key={key} class="form producer-form">
            { field(Field::Name, Key::Name, Input::Text) }
            <fieldset class="section" data-section="route">
                <legend>{ lang.t(Key::SectionRoute) }</legend>
                <FieldInput item={item.clone()} field={Field::Exchange} label={lang.t(Key::Exchange)} input={Input::Text}
                    list={EXCHANGES} placeholder={lang.t(Key::DefaultExchange)} />
                { field(Field::Keys, Key::RoutingKeys, Input::Area) }
            </fieldset>
            <fieldset class="section" data-section="schedule">
                <legend>{ lang.t(Key::SectionSchedule) }</legend>
                { field(Field::Schedule, Key::Schedule, schedules) }
                { schedule }
                <div class="pair">
                    { field(Field::Count, Key::Count, Input::Number) }
                    if schedule_of(spec) != "burst" { { field(Field::Start, Key::Start, Input::Number) } }
                </div>
            </fieldset>
            <fieldset class="section" data-section="guarantee">
                <legend>{ lang.t(Key::SectionGuarantee) }</legend>
                { field(Field::Mode, Key::Mode, modes) }
                if spec.mode == PublishMode::Confirm {
                    { field(Field::ConfirmTimeout, Key::ConfirmTimeout, Input::Number) }
                }
                if spec.mode == PublishMode::Tx {
                    { field(Field::TxBatch, Key::TxBatch, Input::Number) }
                    <div class="ratio">
                        <span class="field-label">{ lang.t(Key::TxRollback) }</span>
                        <div class="pair">
                            { field(Field::TxRollbackNumerator, Key::RollbackN, Input::Number) }
                            { field(Field::TxRollbackDenominator, Key::FailureD, Input::Number) }
                        </div>
                    </div>
                }
            </fieldset>
            <fieldset class="section" data-section="messages">
                <legend>{ lang.t(Key::SectionMessages) }</legend>
                <div class="checks">
                    { field(Field::Persistent, Key::Persistent, Input::Check) }
                    { field(Field::MessageIds, Key::MessageIds, Input::Check) }
                    { field(Field::Mandatory, Key::Mandatory, Input::Check) }
                </div>
                { field(Field::Expiration, Key::Expiration, Input::Number) }
            </fieldset>
            <TableEditor item={item.clone()} title={lang.t(Key::Headers)} />
        </div>
    }
}
