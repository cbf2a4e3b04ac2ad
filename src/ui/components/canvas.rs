use yew::prelude::*;

use std::rc::Rc;

use super::{error_banner, ClusterLayer, EdgeView, MessageLayer, NodeView, StoreLayer, Toolbar};
use crate::ui::gesture::Gesture;
use crate::ui::dom;
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::keys::{self, Activate};
use crate::ui::model::layout::{self, Placed, Point};
use crate::ui::model::{self as model, edges, Item, Kind};
use crate::ui::state::Select;
use crate::ui::pointer::{use_follow_view, use_pointer};

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub node_ref: NodeRef,
    pub box_mode: bool,
    pub on_toggle_box: Callback<()>,
    pub help: bool,
    pub on_toggle_help: Callback<()>,
}

/// The topology as SVG computed from the scenario, with pointer gestures: drag nodes, draw
/// connections from a node's dot, pan, rubber-band select, wheel zoom.
#[component]
pub fn Canvas(props: &CanvasProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let svg = props.node_ref.clone();

    use_follow_view(svg.clone());
    let (active, pointer) = use_pointer(svg.clone(), props.box_mode);
    let gesture = active.as_ref().map(|(_, g)| g);

    let mut placed = layout::placed(&editor.scenario);
    if let Some(g) = gesture {
        for p in &mut placed {
            if let Some(by) = g.offset(&p.node) {
                p.at = Point::new(p.at.x + by.x, p.at.y + by.y);
            }
        }
    }
    let edges = edges::edges(&editor.scenario, &placed);
    let connecting = match gesture {
        Some(Gesture::Connect { from, at }) => placed.iter().find(|p| p.node == *from).map(|p| (p.out_port(), *at)),
        _ => None,
    };
    let drop_target: Option<model::NodeRef> = match gesture {
        Some(Gesture::Connect { from, at }) => layout::hit(&placed, *at).map(|p| p.node.clone()).filter(|n| n != from),
        _ => None,
    };
    let band = match gesture {
        Some(Gesture::Band { start, end, .. }) => Some(layout::Rect::spanning(*start, *end)),
        _ => None,
    };
    // Enter / Space on a focused entity selects it; F also moves the focus to its faults (a
    // broker node's are in its card of the cluster panel).
    let on_key = {
        let editor = editor.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(what) = keys::activation(&e.key()).filter(|_| !(e.ctrl_key() || e.meta_key() || e.alt_key())) else {
                return;
            };
            if let Some(el) = dom::closest(e.target(), "[data-kind][data-name]") {
                let kind = el.get_attribute("data-kind").and_then(|k| Kind::from_css(&k));
                let (Some(kind), Some(name)) = (kind, el.get_attribute("data-name")) else { return };
                e.prevent_default();
                e.stop_propagation();
                editor.select(Select::Only(Item::Node(model::NodeRef::new(kind, name))));
                if what == Activate::Faults {
                    keys::focus_after_render(keys::faults_selector(None));
                }
            } else if let Some(el) = dom::closest(e.target(), ".broker-node[data-node]") {
                e.prevent_default();
                e.stop_propagation();
                keys::focus_after_render(keys::faults_selector(el.get_attribute("data-node").as_deref()));
            }
        })
    };
    let view = editor.view;
    let grid = 20.0 * view.zoom;
    let node = |p: &Placed| {
        let selected = editor.selection.contains(&Item::Node(p.node.clone()));
        let target = drop_target.as_ref() == Some(&p.node);
        let summary = crate::ui::summary::summary(&editor.scenario, &p.node, lang);
        html! { <NodeView key={format!("{}/{}", p.node.kind.css(), p.node.name)} node={p.node.clone()} at={p.at} {selected} {target} {summary} /> }
    };
    html! {
        <section class={classes!("canvas-wrap", props.box_mode.then_some("box-mode"))}>
            <svg
                ref={svg}
                class={classes!("canvas", gesture.is_some().then_some("dragging"))}
                tabindex="0"
                role="application"
                aria-label={lang.t(Key::CanvasLabel)}
                // How many whole scenarios were loaded: a ready-made one loads when its file
                // arrives, after the click, so tests wait for this to move.
                data-loads={editor.loads.to_string()}
                onpointerdown={pointer.down} onpointermove={pointer.moved} onpointerup={pointer.up}
                onpointercancel={pointer.cancel} onwheel={pointer.wheel} onkeydown={on_key}
            >
                <defs>
                    <pattern id="warren-grid" width={grid.to_string()} height={grid.to_string()} patternUnits="userSpaceOnUse"
                        x={(view.x % grid).to_string()} y={(view.y % grid).to_string()}>
                        <circle class="grid-dot" cx="1" cy="1" r="1" />
                    </pattern>
                    <marker id="warren-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse">
                        <path class="arrow-head" d="M0,0 L10,5 L0,10 z" />
                    </marker>
                </defs>
                <rect class="grid" width="100%" height="100%" fill="url(#warren-grid)" />
                <g class="world" transform={view.transform()}>
                    <ClusterLayer placed={Rc::new(placed.clone())} />
                    <g class="edges">
                        for (i, edge) in edges.iter().enumerate() {
                            <EdgeView key={i} edge={edge.clone()} selected={editor.selection.contains(&edge.item) && matches!(edge.item, Item::Binding(_))} />
                        }
                    </g>
                    <g class="nodes">
                        for p in placed.iter() { { node(p) } }
                    </g>
                    <StoreLayer />
                    if let Some((from, to)) = connecting {
                        <line class="wire" x1={from.x.to_string()} y1={from.y.to_string()} x2={to.x.to_string()} y2={to.y.to_string()} marker-end="url(#warren-arrow)" />
                    }
                </g>
                if let Some(b) = band {
                    <rect class="band" x={b.min.x.to_string()} y={b.min.y.to_string()} width={b.width().to_string()} height={b.height().to_string()} />
                }
            </svg>
            // Messages live on their own SVG layer above the canvas, so playback repaints only
            // them, not the grid, the edges and the nodes.
            <svg class="message-overlay" role="group" aria-label={lang.t(Key::MessagesLabel)}>
                <g transform={view.transform()}>
                    <MessageLayer placed={Rc::new(placed.clone())} />
                </g>
            </svg>
            if placed.is_empty() {
                <p class="canvas-hint">{ lang.t(Key::EmptyHint) }</p>
            }
            <Toolbar canvas={props.node_ref.clone()} box_mode={props.box_mode} on_toggle_box={props.on_toggle_box.clone()}
                help={props.help} on_toggle_help={props.on_toggle_help.clone()} />
            { error_banner(&editor, lang) }
        </section>
    }
}
