use yew::prelude::*;

use super::{FieldInput, Input};
use crate::sim::scenario::FaultKind;
use crate::ui::i18n::{Key, Lang};
use crate::ui::state::Editor;
use crate::ui::model::fault_actions::fault_kind_key;
use crate::ui::model::{Field, Item};

/// Chaos mode: on or off, when, and a rate per simulated second for each kind of fault (empty:
/// never). Node kinds are offered only with a cluster of two or more nodes, as the scenario allows.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn chaos_form(editor: &Editor, lang: Lang) -> Html {
    let field = |field: Field, key: Key, input: Input| {
        html! { <FieldInput item={Item::Scenario} {field} label={lang.t(key)} {input} /> }
    };
    let nodes = editor.scenario.node_names().len();
    let kinds = FaultKind::chaos_kinds().filter(|k| nodes >= 2 || !k.needs_cluster());
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
                        <FieldInput item={Item::Scenario} field={Field::ChaosRate(kind)} label={lang.t(fault_kind_key(kind))}
                            input={Input::Number} placeholder={lang.t(Key::Never)} />
                    }
                </div>
            }
        </fieldset>
    }
}
