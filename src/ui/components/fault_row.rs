use yew::prelude::*;

use super::{FieldInput, Input};
use crate::sim::scenario::{Fault, FaultKind, FaultTarget};
use crate::ui::hooks::EditorHandle;
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::fault_actions::fault_kind_key;
use crate::ui::model::fields::fault_targets;
use crate::ui::model::{Edit, Field, Item};

/// Scheduled fault `i`: when, what, to which client, and for how long (a delay); keyed by its
/// index, as its list's rows are.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn fault_row(editor: &EditorHandle, lang: Lang, i: usize) -> Html {
    let Some(fault) = editor.scenario.faults.get(i) else { return html! {} };
    let kind = fault.fault.kind();
    // Node faults with a cluster; a partition is made by ticking nodes while playing, so a loaded
    // one is shown but not offered.
    let clustered = editor.scenario.cluster.as_ref().is_some_and(|c| c.nodes.len() >= 2);
    let kinds = FaultKind::ALL
        .into_iter()
        .filter(|k| clustered || !k.needs_cluster())
        .filter(|k| k.target() != FaultTarget::Nodes || *k == kind)
        .map(|k| (AttrValue::from(k.name()), AttrValue::from(lang.t(fault_kind_key(k)))))
        .collect();
    let targets: Vec<(AttrValue, AttrValue)> = fault_targets(&editor.scenario, kind)
        .into_iter()
        .map(|name| (AttrValue::from(name.clone()), AttrValue::from(name)))
        .collect();
    let remove = {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.edit(Edit::RemoveFault(i)))
    };
    html! {
        <div key={i} class="fault-row" data-fault={i.to_string()}>
            <FieldInput item={Item::Scenario} field={Field::FaultAt(i)} label={lang.t(Key::AtMs)} input={Input::Number} />
            <FieldInput item={Item::Scenario} field={Field::FaultKind(i)} label={lang.t(Key::FaultKind)} input={Input::Select(kinds)} />
            <button type="button" class="remove" title={lang.t(Key::Remove)} aria-label={lang.t(Key::Remove)} onclick={remove}>{ "×" }</button>
            if !targets.is_empty() {
                <FieldInput item={Item::Scenario} field={Field::FaultTarget(i)} label={lang.t(Key::Target)} input={Input::Select(targets)} />
            }
            if matches!(fault.fault, Fault::DelayMessage { .. }) {
                <FieldInput item={Item::Scenario} field={Field::FaultDelay(i)} label={lang.t(Key::DelayFor)} input={Input::Number} />
            }
        </div>
    }
}
