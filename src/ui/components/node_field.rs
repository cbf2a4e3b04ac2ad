use yew::prelude::*;

use super::{FieldInput, Input};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::cluster::{self, ClusterField};
use crate::ui::model::{Field, Item};

#[derive(Properties, PartialEq)]
pub struct NodeFieldProps {
    /// A queue (the node it is declared on) or a client (the node it connects to).
    pub item: Item,
}

/// The node choice of a queue, producer or consumer; shown only in a cluster.
#[component]
pub fn NodeField(props: &NodeFieldProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    if editor.scenario.cluster.is_none() {
        return html! {};
    }
    let options = cluster::nodes(&editor.scenario).into_iter().map(|n| (AttrValue::from(n.clone()), AttrValue::from(n))).collect();
    html! {
        <FieldInput item={props.item.clone()} field={Field::Cluster(ClusterField::Node)} label={lang.t(Key::NodeLabel)} input={Input::Select(options)} />
    }
}
