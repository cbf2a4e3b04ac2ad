//! The canvas's pointer handling and view following, as hooks: DOM events in, `Gesture`s and
//! actions out (the decisions themselves are in `gesture`).

use yew::prelude::*;

use super::dom;
use super::gesture::{press, Gesture, Target};
use super::hooks::use_editor;
use super::model::{self as model, layout, Item, Kind};
use super::state::Action;

/// The height the toolbar covers at the top of the canvas.
pub(crate) const TOOLBAR: f64 = 56.0;

/// The canvas's pointer and wheel listeners.
pub struct PointerHandlers {
    pub down: Callback<PointerEvent>,
    pub moved: Callback<PointerEvent>,
    pub up: Callback<PointerEvent>,
    pub cancel: Callback<PointerEvent>,
    pub wheel: Callback<WheelEvent>,
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

/// Fits a newly loaded scenario into view, and pans a newly selected node (just added, say)
/// into view.
#[hook]
pub fn use_follow_view(svg: NodeRef) {
    let editor = use_editor();
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
}

/// A gesture and the id of the pointer that started it.
pub type Active = Option<(i32, Gesture)>;

/// The gesture in progress (drawn by the canvas) and the listeners that drive it.
#[hook]
pub fn use_pointer(svg: NodeRef, box_mode: bool) -> (UseStateHandle<Active>, PointerHandlers) {
    let editor = use_editor();
    let gesture = use_state(|| None::<(i32, Gesture)>);
    let point = {
        let svg = svg.clone();
        move |e: &PointerEvent| dom::local_point(&svg, e.client_x() as f64, e.client_y() as f64)
    };
    let onpointerdown = {
        let (editor, gesture, svg, point) = (editor.clone(), gesture.clone(), svg.clone(), point.clone());
        Callback::from(move |e: PointerEvent| {
            if e.pointer_type() == "mouse" && e.button() != 0 {
                return;
            }
            let capture = || {
                if let Some(el) = svg.cast::<web_sys::Element>() {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
            };
            // A second finger while the first is down (a press by the same pointer starts anew).
            if let Some((first, g)) = gesture.as_ref().filter(|(first, _)| *first != e.pointer_id()) {
                if let Some(pinch) = g.second_pointer(point(&e), &editor.view) {
                    capture();
                    gesture.set(Some((*first, pinch)));
                }
                return;
            }
            let (started, actions) =
                press(target_of(&e), point(&e), e.shift_key(), box_mode, &editor.view, &editor.selection);
            actions.into_iter().for_each(|a| editor.dispatch(a));
            if started.is_some() {
                capture();
            }
            gesture.set(started.map(|g| (e.pointer_id(), g)));
        })
    };
    let onpointermove = {
        let (editor, gesture, point) = (editor.clone(), gesture.clone(), point.clone());
        Callback::from(move |e: PointerEvent| {
            if let Some((first, g)) = gesture.as_ref() {
                let (next, view) = g.drag(e.pointer_id() != *first, point(&e), &editor.view);
                if let Some(view) = view {
                    editor.dispatch(Action::SetView(view));
                }
                gesture.set(Some((*first, next)));
            }
        })
    };
    let onpointerup = {
        let (editor, gesture) = (editor.clone(), gesture.clone());
        Callback::from(move |e: PointerEvent| match (*gesture).clone() {
            Some((first, g)) if first == e.pointer_id() || matches!(g, Gesture::Pinch { .. }) => {
                let nodes = layout::placed(&editor.scenario);
                g.release(&editor.view, &nodes).into_iter().for_each(|a| editor.dispatch(a));
                gesture.set(None);
            }
            _ => {}
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

    let handlers = PointerHandlers {
        down: onpointerdown,
        moved: onpointermove,
        up: onpointerup,
        cancel: onpointercancel,
        wheel: onwheel,
    };
    (gesture, handlers)
}
