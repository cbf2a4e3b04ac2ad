use yew::prelude::*;

use super::{EdgeView, ErrorBanner, NodeView, Toolbar};
use crate::ui::dom;
use crate::ui::gesture::{press, Gesture, Target};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::layout::{self, Placed, Point};
use crate::ui::model::{self as model, edges, Item, Kind};
use crate::ui::state::Action;

/// The height the toolbar covers at the top of the canvas.
const TOOLBAR: f64 = 56.0;

#[derive(Properties, PartialEq)]
pub struct CanvasProps {
    pub node_ref: NodeRef,
    pub box_mode: bool,
    pub on_toggle_box: Callback<()>,
    pub help: bool,
    pub on_toggle_help: Callback<()>,
}

/// What a press landed on, from the `data-` attributes of the SVG under the pointer.
fn target_of(event: &PointerEvent) -> Target {
    let node_of = |el: web_sys::Element, kind: &str, name: &str| {
        let kind = el.get_attribute(kind).and_then(|k| Kind::from_css(&k))?;
        Some(model::NodeRef::new(kind, el.get_attribute(name)?))
    };
    if let Some(node) =
        dom::closest(event.target(), "[data-port]").and_then(|_| dom::closest(event.target(), "[data-kind]"))
    {
        return node_of(node, "data-kind", "data-name").map_or(Target::Empty, Target::Port);
    }
    if let Some(node) = dom::closest(event.target(), "[data-kind]") {
        return node_of(node, "data-kind", "data-name").map_or(Target::Empty, Target::Node);
    }
    if let Some(edge) = dom::closest(event.target(), "[data-edge]") {
        if let Some(i) = edge.get_attribute("data-binding").and_then(|i| i.parse().ok()) {
            return Target::Edge(Item::Binding(i));
        }
        return node_of(edge, "data-edge-kind", "data-edge-name")
            .map_or(Target::Empty, |n| Target::Edge(Item::Node(n)));
    }
    Target::Empty
}

/// The topology as SVG computed from the scenario, with pointer gestures: drag nodes, draw
/// connections from a node's dot, pan, rubber-band select, wheel zoom.
#[component]
pub fn Canvas(props: &CanvasProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let gesture = use_state(|| None::<Gesture>);
    let svg = props.node_ref.clone();

    // A newly loaded scenario is fitted into view.
    {
        let (editor, svg) = (editor.clone(), svg.clone());
        use_effect_with(editor.loads, move |loads| {
            if *loads > 0 {
                if let Some((width, height)) = dom::size(&svg) {
                    editor.dispatch(Action::Fit { width, height });
                }
            }
        });
    }

    // A newly selected node (just added, say) is panned into view.
    {
        let (editor, svg) = (editor.clone(), svg.clone());
        use_effect_with(editor.selection.clone(), move |selection| {
            let node = match selection.iter().next() {
                Some(Item::Node(n)) if selection.len() == 1 => n.clone(),
                _ => return,
            };
            let placed = layout::placed(&editor.scenario);
            if let (Some(p), Some((w, h))) = (placed.iter().find(|p| p.node == node), dom::size(&svg)) {
                let view = editor.view.reveal(p.rect(), w, h, TOOLBAR);
                if view != editor.view {
                    editor.dispatch(Action::SetView(view));
                }
            }
        });
    }

    let point = {
        let svg = svg.clone();
        move |e: &PointerEvent| dom::local_point(&svg, e.client_x() as f64, e.client_y() as f64)
    };
    let onpointerdown = {
        let (editor, gesture, svg, point) = (editor.clone(), gesture.clone(), svg.clone(), point.clone());
        let box_mode = props.box_mode;
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "mouse" && e.button() != 0 {
                return;
            }
            let (started, actions) =
                press(target_of(&e), point(&e), e.shift_key(), box_mode, &editor.view, &editor.selection);
            actions.into_iter().for_each(|a| editor.dispatch(a));
            if started.is_some() {
                if let Some(el) = svg.cast::<web_sys::Element>() {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
            }
            gesture.set(started);
        })
    };
    let onpointermove = {
        let (editor, gesture, point) = (editor.clone(), gesture.clone(), point.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some(g) = gesture.as_ref() {
                let (next, view) = g.drag(point(&e), &editor.view);
                if let Some(view) = view {
                    editor.dispatch(Action::SetView(view));
                }
                gesture.set(Some(next));
            }
        })
    };
    let onpointerup = {
        let (editor, gesture) = (editor.clone(), gesture.clone());
        Callback::from(move |_: PointerEvent| {
            if let Some(g) = (*gesture).clone() {
                g.release(&editor.view, &layout::placed(&editor.scenario)).into_iter().for_each(|a| editor.dispatch(a));
            }
            gesture.set(None);
        })
    };
    let onpointercancel = {
        let gesture = gesture.clone();
        Callback::from(move |_: PointerEvent| gesture.set(None))
    };
    let onwheel = {
        let (editor, svg) = (editor.clone(), svg.clone());
        Callback::from(move |e: WheelEvent| {
            e.prevent_default();
            let lines = if e.delta_mode() == 1 { 16.0 } else { 1.0 };
            let factor = (-e.delta_y() * lines * 0.0015).exp();
            let around = dom::local_point(&svg, e.client_x() as f64, e.client_y() as f64);
            editor.dispatch(Action::Zoom { factor, around });
        })
    };

    let mut placed = layout::placed(&editor.scenario);
    if let Some(g) = gesture.as_ref() {
        for p in &mut placed {
            if let Some(by) = g.offset(&p.node) {
                p.at = Point::new(p.at.x + by.x, p.at.y + by.y);
            }
        }
    }
    let edges = edges::edges(&editor.scenario, &placed);
    let connecting = match gesture.as_ref() {
        Some(Gesture::Connect { from, at }) => placed.iter().find(|p| p.node == *from).map(|p| (p.out_port(), *at)),
        _ => None,
    };
    let drop_target: Option<model::NodeRef> = match gesture.as_ref() {
        Some(Gesture::Connect { from, at }) => layout::hit(&placed, *at).map(|p| p.node.clone()).filter(|n| n != from),
        _ => None,
    };
    let band = match gesture.as_ref() {
        Some(Gesture::Band { start, end, .. }) => Some(layout::Rect::spanning(*start, *end)),
        _ => None,
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
                {onpointerdown} {onpointermove} {onpointerup} {onpointercancel} {onwheel}
            >
                <defs>
                    <pattern id="warren-grid" width={grid.to_string()} height={grid.to_string()} patternUnits="userSpaceOnUse"
                        x={(view.x % grid).to_string()} y={(view.y % grid).to_string()}>
                        <circle class="grid-dot" cx="1" cy="1" r="1" />
                    </pattern>
                    <marker id="warren-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path class="arrow-head" d="M0,0 L10,5 L0,10 z" />
                    </marker>
                </defs>
                <rect class="grid" width="100%" height="100%" fill="url(#warren-grid)" />
                <g class="world" transform={view.transform()}>
                    <g class="edges">
                        for (i, edge) in edges.iter().enumerate() {
                            <EdgeView key={i} edge={edge.clone()} selected={editor.selection.contains(&edge.item) && matches!(edge.item, Item::Binding(_))} />
                        }
                    </g>
                    <g class="nodes">
                        for p in placed.iter() { { node(p) } }
                    </g>
                    if let Some((from, to)) = connecting {
                        <line class="wire" x1={from.x.to_string()} y1={from.y.to_string()} x2={to.x.to_string()} y2={to.y.to_string()} marker-end="url(#warren-arrow)" />
                    }
                </g>
                if let Some(b) = band {
                    <rect class="band" x={b.min.x.to_string()} y={b.min.y.to_string()} width={b.width().to_string()} height={b.height().to_string()} />
                }
            </svg>
            if placed.is_empty() {
                <p class="canvas-hint">{ lang.t(Key::EmptyHint) }</p>
            }
            <Toolbar canvas={props.node_ref.clone()} box_mode={props.box_mode} on_toggle_box={props.on_toggle_box.clone()}
                help={props.help} on_toggle_help={props.on_toggle_help.clone()} />
            <ErrorBanner />
        </section>
    }
}
