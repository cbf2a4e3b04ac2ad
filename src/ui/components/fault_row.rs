use yew::prelude::*;

use super::{FieldInput, Input};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::{fields, Edit, Field, Item};

#[derive(Properties, PartialEq)]
pub struct FaultRowProps {
    pub index: usize,
}

/// One scheduled fault: when, what, and to which client.
#[component]
pub fn FaultRow(props: &FaultRowProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let i = props.index;
    let Some(fault) = editor.scenario.faults.get(i) else { return html! {} };
    let (kind, _) = fields::fault_parts(&fault.fault);
    let s = &editor.scenario;
    let clustered = s.cluster.is_some();
    let kinds = [
        ("crash_consumer", Key::CrashConsumer),
        ("lose_next_ack", Key::LoseNextAck),
        ("lose_next_confirm", Key::LoseNextConfirm),
        ("restart_broker", Key::RestartBroker),
        ("kill_node", Key::ChaosKillNode),
        ("stop_node", Key::ChaosStopNode),
        ("start_node", Key::ChaosStartNode),
        ("partition", Key::ChaosPartition),
        ("heal", Key::Heal),
    ]
    .into_iter()
    // Node faults only in a cluster; a partition is set by ticking nodes while playing, so a
    // loaded one is shown but not offered.
    .filter(|(value, _)| (clustered && *value != "partition") || !value.contains("node") && *value != "heal" && *value != "partition" || *value == kind)
    .map(|(value, key)| (AttrValue::from(value), AttrValue::from(lang.t(key))))
    .collect();
    let targets: Vec<(AttrValue, AttrValue)> = fields::fault_targets(s, &kind)
        .into_iter()
        .map(|name| (AttrValue::from(name.clone()), AttrValue::from(name)))
        .collect();
    let remove = {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.edit(Edit::RemoveFault(i)))
    };
    html! {
        <div class="fault-row" data-fault={i.to_string()}>
            <FieldInput item={Item::Scenario} field={Field::FaultAt(i)} label={lang.t(Key::AtMs)} input={Input::Number} />
            <FieldInput item={Item::Scenario} field={Field::FaultKind(i)} label={lang.t(Key::FaultKind)} input={Input::Select(kinds)} />
            <button type="button" class="remove" title={lang.t(Key::Remove)} aria-label={lang.t(Key::Remove)} onclick={remove}>{ "×" }</button>
            if !targets.is_empty() {
                <FieldInput item={Item::Scenario} field={Field::FaultTarget(i)} label={lang.t(Key::Target)} input={Input::Select(targets)} />
            }
        </div>
    }
}
