use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::ui::dom;
use crate::ui::hooks::{use_editor, use_playback};
use crate::ui::model::Point;
use crate::ui::state::{Action, Select};

#[derive(Properties, PartialEq)]
pub struct ShortcutsProps {
    pub canvas: NodeRef,
    pub on_help: Callback<()>,
    pub on_escape: Callback<()>,
    /// False while a dialog is open: then only Escape (which closes it) is handled.
    pub active: bool,
}

/// The action of a key press, if it is a shortcut (keys typed into form fields never are).
fn action_for(e: &KeyboardEvent, canvas: &NodeRef) -> Option<Action> {
    let ctrl = e.ctrl_key() || e.meta_key();
    let key = e.key();
    let step = if e.shift_key() { 50.0 } else { 10.0 };
    let (w, h) = dom::size(canvas).unwrap_or((800.0, 600.0));
    let centre = Point::new(w / 2.0, h / 2.0);
    Some(match key.as_str() {
        "z" | "Z" if ctrl && e.shift_key() => Action::Redo,
        "z" | "Z" if ctrl => Action::Undo,
        "y" | "Y" if ctrl => Action::Redo,
        "a" | "A" if ctrl => Action::Select(Select::All),
        _ if ctrl || e.alt_key() => return None,
        "Delete" | "Backspace" => Action::DeleteSelection,
        "ArrowLeft" => Action::Nudge(-step, 0.0),
        "ArrowRight" => Action::Nudge(step, 0.0),
        "ArrowUp" => Action::Nudge(0.0, -step),
        "ArrowDown" => Action::Nudge(0.0, step),
        "+" | "=" => Action::Zoom { factor: 1.25, around: centre },
        "-" | "_" => Action::Zoom { factor: 0.8, around: centre },
        "0" => Action::Fit { width: w, height: h },
        _ => return None,
    })
}

/// The keyboard shortcuts, as one `keydown` listener on the window (removed on unmount).
#[component]
pub fn Shortcuts(props: &ShortcutsProps) -> Html {
    let dispatcher = use_editor().dispatcher();
    let playback = use_playback();
    let deps = (props.canvas.clone(), props.on_help.clone(), props.on_escape.clone(), props.active);
    use_effect_with(deps, move |(canvas, on_help, on_escape, active)| {
        let (canvas, on_help, on_escape, active) = (canvas.clone(), on_help.clone(), on_escape.clone(), *active);
        let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            let typing = dom::is_text_entry(e.target());
            if e.key() == "Escape" {
                on_escape.emit(());
                if !typing && active {
                    dispatcher.dispatch(Action::Select(Select::Clear));
                    dispatcher.dispatch(Action::DismissError);
                }
                return;
            }
            if typing || !active {
                return;
            }
            // Space on a focused button presses that button instead.
            let on_button = dom::closest(e.target(), "button").is_some();
            if e.key() == "?" {
                on_help.emit(());
            } else if e.key() == " " && !on_button {
                e.prevent_default();
                playback.toggle();
            } else if e.key() == "." {
                playback.step();
            } else if let Some(action) = action_for(&e, &canvas) {
                e.prevent_default();
                dispatcher.dispatch(action);
            }
        });
        let window = web_sys::window().expect("a browser window");
        let _ = window.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        move || {
            let _ = window.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
    });
    html! {}
}
