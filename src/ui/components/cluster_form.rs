use yew::prelude::*;

use super::{plain_choices, FieldInput};
use crate::ui::hooks::EditorHandle;
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::cluster::{self, ClusterField};
use crate::ui::model::{Edit, Field, Item, Problem};

/// The cluster's nodes (each removable while nothing uses it), its profile and partition handling.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn cluster_form(editor: &EditorHandle, lang: Lang) -> Html {
    let Some(spec) = editor.scenario.cluster.as_ref() else {
        return html! {
            <fieldset class="cluster-form">
                <legend>{ lang.t(Key::Cluster) }</legend>
                <p class="hint">{ lang.t(Key::ClusterHint) }</p>
            </fieldset>
        };
    };
    // A refused node edit (a node still in use, an eighth node) is said here, next to the list.
    let node_error = editor.error.as_ref().filter(|e| {
        matches!(e.problem, Problem::NodeInUse(..) | Problem::TooManyNodes | Problem::LastNode | Problem::NoSuchNode(_)) && e.at.is_none()
    });
    let remove = |node: &str| {
        let (editor, node) = (editor.clone(), node.to_string());
        Callback::from(move |_: MouseEvent| editor.edit(Edit::RemoveNode(node.clone())))
    };
    let field = |f: ClusterField, key: Key, input| {
        html! { <FieldInput item={Item::Scenario} field={Field::Cluster(f)} label={lang.t(key)} {input} /> }
    };
    html! {
        <fieldset class="cluster-form">
            <legend>{ lang.t(Key::Cluster) }</legend>
            <ul class="node-list" aria-label={lang.t(Key::Nodes)}>
                for node in spec.nodes.iter() {
                    <li class="node-item" data-node={node.clone()}>
                        <span class="node-dot" aria-hidden="true" />
                        <span class="node-name">{ node.clone() }</span>
                        <button type="button" class="remove" data-remove-node={node.clone()} title={lang.t(Key::RemoveNode)}
                            aria-label={format!("{} {node}", lang.t(Key::RemoveNode))} onclick={remove(node)}>{ "×" }</button>
                    </li>
                }
            </ul>
            if let Some(e) = node_error {
                <p class="field-error node-error" role="alert">{ lang.problem(&e.problem) }</p>
            }
            <div class="pair">
                { field(ClusterField::Profile, Key::Profile, plain_choices(&["3.x", "4.x"])) }
                { field(ClusterField::PartitionHandling, Key::PartitionHandling, plain_choices(&["ignore", "pause_minority", "autoheal"])) }
            </div>
            if cluster::nodes(&editor.scenario).len() < 2 {
                <p class="hint">{ lang.t(Key::ClusterHint) }</p>
            }
        </fieldset>
    }
}
