use yew::prelude::*;

use super::{FieldInput, Input};
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::cluster::{self, ClusterField};
use crate::ui::model::{Field, Item};
use crate::ui::state::Editor;

/// The node choice of `item`, a queue (the node it is declared on) or a client (the node it
/// connects to); shown only in a cluster.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn node_field(editor: &Editor, lang: Lang, item: &Item) -> Html {
    if editor.scenario.cluster.is_none() {
        return html! {};
    }
    let options = cluster::nodes(&editor.scenario).into_iter().map(|n| (AttrValue::from(n.clone()), AttrValue::from(n))).collect();
    html! {
        <FieldInput item={item.clone()} field={Field::Cluster(ClusterField::Node)} label={lang.t(Key::NodeLabel)} input={Input::Select(options)} />
    }
}
