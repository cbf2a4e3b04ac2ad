use yew::prelude::*;

use crate::ui::hooks::use_lang;
use crate::ui::model::layout::{NODE_H, NODE_W};
use crate::ui::model::spotlight::SpotlightContext;
use crate::ui::model::{Kind, NodeRef as Node, Point};

#[derive(Properties, PartialEq)]
pub struct NodeViewProps {
    pub node: Node,
    pub at: Point,
    pub selected: bool,
    /// Highlighted as the end of a connection being drawn.
    pub target: bool,
    pub summary: String,
}

/// At most `max` columns (a wide character takes two), with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    let width = |c: char| if c.is_ascii() { 1 } else { 2 };
    if text.chars().map(width).sum::<usize>() <= max {
        return text.to_string();
    }
    let mut used = 0;
    let mut out: String = text
        .chars()
        .take_while(|c| {
            used += width(*c);
            used < max
        })
        .collect();
    out.push('…');
    out
}

/// The outline of a node: exchanges are hexagons, queues have a tank's end, clients are pills.
fn outline(kind: Kind) -> Html {
    let (w, h) = (NODE_W, NODE_H);
    match kind {
        Kind::Exchange => {
            let d = format!("M12,0 H{} L{w},{} L{},{h} H12 L0,{} Z", w - 12.0, h / 2.0, w - 12.0, h / 2.0);
            html! { <path class="shape" d={d} /> }
        }
        Kind::Queue => html! { <rect class="shape" width={w.to_string()} height={h.to_string()} rx="6" /> },
        Kind::Producer | Kind::Consumer => {
            html! { <rect class="shape" width={w.to_string()} height={h.to_string()} rx={(h / 2.0).to_string()} /> }
        }
    }
}

/// A small glyph of the kind: an arrow out, a fork, stacked messages, an arrow in.
fn glyph(kind: Kind) -> Html {
    let d = match kind {
        Kind::Producer => "M-6,-6 L6,0 L-6,6 Z",
        Kind::Exchange => "M-7,0 H0 M0,0 L7,-6 M0,0 L7,6 M0,0 H7",
        Kind::Queue => "M-7,-6 H7 M-7,0 H7 M-7,6 H7",
        Kind::Consumer => "M-6,-6 V6 M-2,0 H7 M-2,0 L3,-5 M-2,0 L3,5",
    };
    html! {
        <g class="glyph" transform={format!("translate(21 {})", NODE_H / 2.0)}>
            <circle r="12" />
            <path d={d} />
        </g>
    }
}

/// One entity on the canvas. Its name is rendered as text (never as markup); the dot on the
/// right starts a connection. It takes the keyboard focus (the canvas handles its keys,
/// `ui::keys`), and says what it is to a screen reader.
#[component]
pub fn NodeView(props: &NodeViewProps) -> Html {
    let kind = props.node.kind;
    let lang = use_lang();
    // In a lesson's key moment: a dashed ring and a marker, not only a colour.
    let spotlit = use_context::<SpotlightContext>().is_some_and(|c| c.spot.entity(kind, &props.node.name));
    html! {
        <g
            class={classes!("node", kind.css(), props.selected.then_some("selected"), props.target.then_some("drop-target"), spotlit.then_some("spotlit"))}
            transform={format!("translate({} {})", props.at.x, props.at.y)}
            data-kind={kind.css()}
            data-name={props.node.name.clone()}
            tabindex="0"
            role="button"
            aria-pressed={props.selected.to_string()}
        >
            // Its accessible name (no aria-label: the visible text, clipped, must stay part of it).
            <title>{ format!("{} {}\n{}", lang.kind(kind), props.node.name, props.summary) }</title>
            if spotlit {
                // Close to the box and the star at its top-left corner, clear of the counters above.
                <rect class="spotlight-ring" x="-4" y="-4" width={(NODE_W + 8.0).to_string()} height={(NODE_H + 8.0).to_string()} rx="10" />
                <text class="spotlight-mark" x="-16" y="0" aria-hidden="true">{ "★" }</text>
            }
            { outline(kind) }
            { glyph(kind) }
            // About 100 px between the glyph and the port: 13 columns of the 13 px bold name, 15 of
            // the 11 px summary (a Chinese character counts two); the title has the full texts.
            <text class="name" x="40" y="22">{ clip(&props.node.name, 13) }</text>
            <text class="summary" x="40" y="39">{ clip(&props.summary, 15) }</text>
            if kind != Kind::Consumer {
                <circle class="port-hit" data-port="out" cx={NODE_W.to_string()} cy={(NODE_H / 2.0).to_string()} r="16" />
                <circle class="port" data-port="out" cx={NODE_W.to_string()} cy={(NODE_H / 2.0).to_string()} r="6" />
            }
        </g>
    }
}
