use yew::prelude::*;

use crate::ui::hooks::use_lang;
use crate::ui::i18n::Key;
use crate::ui::model::edges::{Edge, EdgeKind};
use crate::ui::model::Item;

#[derive(Properties, PartialEq)]
pub struct EdgeViewProps {
    pub edge: Edge,
    pub selected: bool,
}

/// One edge: a visible curve, a wide invisible one to make it easy to hit, and its label.
#[component]
pub fn EdgeView(props: &EdgeViewProps) -> Html {
    let lang = use_lang();
    let edge = &props.edge;
    let full = match edge.kind {
        EdgeKind::DeadLetter if edge.label.is_empty() => lang.t(Key::Dlx).to_string(),
        EdgeKind::DeadLetter => format!("{}: {}", lang.t(Key::Dlx), edge.label),
        EdgeKind::Alternate => lang.t(Key::Ae).to_string(),
        EdgeKind::DefaultPublish => lang.t(Key::DefaultShort).to_string(),
        _ => edge.label.clone(),
    };
    let d = edge.path();
    let mid = edge.label_at();
    let (binding, kind, name) = match &edge.item {
        Item::Binding(i) => (Some(i.to_string()), None, None),
        Item::Node(n) => (None, Some(n.kind.css()), Some(n.name.clone())),
        Item::Scenario | Item::Store(_) => (None, None, None),
    };
    let label: String =
        if full.chars().count() > 24 { full.chars().take(23).chain(['…']).collect() } else { full.clone() };
    let width: f64 = label.chars().map(|c| if c.is_ascii() { 6.6 } else { 11.5 }).sum::<f64>() + 14.0;
    html! {
        <g class={classes!("edge", edge.kind.css(), props.selected.then_some("selected"))}
            data-edge={edge.kind.css()} data-binding={binding} data-edge-kind={kind} data-edge-name={name}>
            <path class="hit" d={d.clone()} />
            <path class="line" d={d} marker-end="url(#warren-arrow)" />
            if !label.is_empty() {
                <g class="label" transform={format!("translate({:.1} {:.1})", mid.x, mid.y)}>
                    <title>{ full }</title>
                    <rect x={(-width / 2.0).to_string()} y="-9" width={width.to_string()} height="18" rx="9" />
                    <text text-anchor="middle" y="4">{ label }</text>
                </g>
            }
        </g>
    }
}
