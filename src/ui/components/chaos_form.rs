use yew::prelude::*;

use super::{FieldInput, Input};
use crate::sim::scenario::ChaosKind;
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::{Field, Item};

/// The label of a chaos kind (the same words as the fault schedule's).
pub fn chaos_kind_key(kind: ChaosKind) -> Key {
    match kind {
        ChaosKind::CrashConsumer => Key::CrashConsumer,
        ChaosKind::CrashProducer => Key::CrashProducer,
        ChaosKind::LoseNextAck => Key::LoseNextAck,
        ChaosKind::LoseNextConfirm => Key::LoseNextConfirm,
        ChaosKind::KillConnection => Key::KillConnection,
        ChaosKind::DropMessage => Key::DropMessage,
        ChaosKind::DelayMessage => Key::DelayMessage,
        ChaosKind::RestartBroker => Key::RestartBroker,
        ChaosKind::KillNode => Key::KillNode,
        ChaosKind::StopNode => Key::StopNode,
        ChaosKind::Partition => Key::Partition,
    }
}

/// Chaos mode: on or off, when, and a rate per simulated second for each kind of fault (empty:
/// never). Node kinds are offered only with a cluster of two or more nodes, as the scenario allows.
#[component]
pub fn ChaosForm() -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let field = |field: Field, key: Key, input: Input| {
        html! { <FieldInput item={Item::Scenario} {field} label={lang.t(key)} {input} /> }
    };
    let nodes = editor.scenario.node_names().len();
    let kinds = ChaosKind::ALL
        .into_iter()
        .filter(|k| nodes >= 2 || !matches!(k, ChaosKind::KillNode | ChaosKind::StopNode | ChaosKind::Partition));
    html! {
        <fieldset class="section chaos" data-section="chaos">
            <legend>{ lang.t(Key::Chaos) }</legend>
            <div class="checks">{ field(Field::Chaos, Key::ChaosOn, Input::Check) }</div>
            if editor.scenario.chaos.is_some() {
                <div class="pair">
                    { field(Field::ChaosStart, Key::ChaosStart, Input::Number) }
                    { field(Field::ChaosEnd, Key::ChaosEnd, Input::Number) }
                </div>
                { field(Field::ChaosDelay, Key::ChaosDelay, Input::Number) }
                <p class="hint">{ lang.t(Key::ChaosRatesHint) }</p>
                <div class="rates">
                    for kind in kinds {
                        <FieldInput item={Item::Scenario} field={Field::ChaosRate(kind)} label={lang.t(chaos_kind_key(kind))}
                            input={Input::Number} placeholder={lang.t(Key::Never)} />
                    }
                </div>
            }
        </fieldset>
    }
}
