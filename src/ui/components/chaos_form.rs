use yew::prelude::*;

use super::{FieldInput, Input};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::cluster::{self, ClusterField, CHAOS_KINDS, NODE_CHAOS};
use crate::ui::model::{Field, Item};

fn label(kind: &str) -> Key {
    match kind {
        "kill_node" => Key::ChaosKillNode,
        "stop_node" => Key::ChaosStopNode,
        "partition" => Key::ChaosPartition,
        "crash_consumer" => Key::ChaosCrashConsumer,
        "lose_next_ack" => Key::ChaosLoseAck,
        _ => Key::ChaosLoseConfirm,
    }
}

/// The chaos switch and its rates per simulated second (an empty rate: never).
#[component]
pub fn ChaosForm() -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let clustered = cluster::nodes(&editor.scenario).len() >= 2;
    let kinds = CHAOS_KINDS.into_iter().filter(|k| clustered || !NODE_CHAOS.contains(k));
    html! {
        <fieldset class="chaos-form">
            <legend>{ lang.t(Key::Chaos) }</legend>
            <FieldInput item={Item::Scenario} field={Field::Cluster(ClusterField::Chaos)} label={lang.t(Key::ChaosOn)} input={Input::Check} />
            if editor.scenario.chaos.is_some() {
                <div class="rates">
                    for kind in kinds {
                        <FieldInput key={kind} item={Item::Scenario} field={Field::Cluster(ClusterField::ChaosRate(kind))}
                            label={format!("{} ({})", lang.t(label(kind)), lang.t(Key::RatePerS))} input={Input::Number} placeholder={AttrValue::from("0")} />
                    }
                </div>
            }
        </fieldset>
    }
}
