use yew::prelude::*;

use super::cluster_layer::{state_css, status};
use super::{fault_button, FaultButtonProps};
use crate::ordered::SortedSet;
use crate::sim::inspect;
use crate::ui::hooks::{use_editor, use_lang, use_playback};
use crate::ui::i18n::Key;
use crate::ui::model::fault_actions::{for_node, for_nodes};

/// The nodes during playback: each one's state and side, the queues it leads, mirrors or
/// follows, and its faults (crash, stop, start); tick nodes to partition them off, then heal.
/// Every fault is an edit of the fault schedule at the current time, so it forks the run when
/// injected in the past and undo takes it back.
#[component]
pub fn ClusterPanel() -> Html {
    let playback = use_playback();
    let editor = use_editor();
    let lang = use_lang();
    let ticked = use_state(SortedSet::<String>::new);
    let looks = inspect::nodes(playback.timeline().world());
    if looks.len() < 2 {
        return html! {};
    }
    let tick = |name: String| {
        let ticked = ticked.clone();
        Callback::from(move |_: Event| {
            let mut next = (*ticked).clone();
            if !next.remove(&name) {
                next.insert(name.clone());
            }
            ticked.set(next);
        })
    };
    let list = |key: Key, queues: &[std::rc::Rc<str>]| {
        (!queues.is_empty()).then(|| html! {
            <div class={classes!("node-queues")}>
                <span class="node-role">{ lang.t(key) }</span>
                for q in queues.iter() { <span class="queue-chip">{ q.to_string() }</span> }
            </div>
        })
    };
    let selected: Vec<String> = ticked.iter().cloned().collect();
    html! {
        <div class="cluster-panel" role="group" aria-label={lang.t(Key::Cluster)}>
            <div class="node-cards">
                for look in looks.iter() {
                    <div key={look.name.to_string()} class={classes!("node-card", state_css(look.state))} data-node={look.name.to_string()} data-state={state_css(look.state)}>
                        <div class="node-head">
                            <label class="node-tick">
                                <input type="checkbox" checked={ticked.contains(&*look.name)} onchange={tick(look.name.to_string())}
                                    aria-label={format!("{} {}", lang.t(Key::PartitionNodes), look.name)} />
                                <span class="node-name">{ look.name.to_string() }</span>
                            </label>
                            <span class="node-status">{ status(lang, look) }</span>
                            <span class="node-actions">
                                for a in for_node() {
                                    { fault_button(&editor, &playback, lang, FaultButtonProps {
                                        action: a,
                                        targets: vec![look.name.to_string()],
                                        label: lang.t(a.label).into(),
                                        aria_label: Some(format!("{} {}", lang.t(a.label), look.name).into()),
                                        class: classes!("small"),
                                    }) }
                                }
                            </span>
                        </div>
                        <div class="node-roles">
                            { list(Key::Leads, &look.leads) }
                            { list(Key::MirrorsOf, &look.mirrors) }
                            { list(Key::Follows, &look.follows) }
                        </div>
                    </div>
                }
            </div>
            <div class="partition-actions">
                <span class="hint">{ lang.t(Key::NodeFaultHint) }</span>
                for a in for_nodes() {
                    { fault_button(&editor, &playback, lang, FaultButtonProps {
                        action: a,
                        targets: selected.clone(),
                        label: lang.t(a.label).into(),
                        aria_label: None,
                        class: Classes::new(),
                    }) }
                }
            </div>
        </div>
    }
}
