use yew::prelude::*;

use super::help;
use crate::ui::dom;
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::Point;
use crate::ui::state::Action;

#[derive(Properties, PartialEq)]
pub struct ToolbarProps {
    pub canvas: NodeRef,
    pub box_mode: bool,
    pub on_toggle_box: Callback<()>,
    pub help: bool,
    pub on_toggle_help: Callback<()>,
}

const UNDO: &str = "M9 14 4 9l5-5M4 9h10.5a5.5 5.5 0 0 1 0 11H11";
const REDO: &str = "m15 14 5-5-5-5M20 9H9.5a5.5 5.5 0 0 0 0 11H13";
const TRASH: &str = "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6";
const MINUS: &str = "M5 12h14";
const PLUS: &str = "M12 5v14M5 12h14";
const FIT: &str = "M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5";
const BOX: &str = "M4 4h3M10 4h4M17 4h3v3M20 10v4M20 17v3h-3M14 20h-4M7 20H4v-3M4 14v-4M4 7V4";

/// A stroked 24×24 icon.
fn icon(d: &'static str) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true"><path d={d} /></svg>
    }
}

/// The buttons over the canvas: undo, redo, delete, zoom, fit, box select and the shortcut help.
#[component]
pub fn Toolbar(props: &ToolbarProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let act = |action: Action| {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.dispatch(action.clone()))
    };
    let zoom = |factor: f64| {
        let (editor, canvas) = (editor.clone(), props.canvas.clone());
        Callback::from(move |_: MouseEvent| {
            let (w, h) = dom::size(&canvas).unwrap_or((800.0, 600.0));
            editor.dispatch(Action::Zoom { factor, around: Point::new(w / 2.0, h / 2.0) });
        })
    };
    let fit = {
        let (editor, canvas) = (editor.clone(), props.canvas.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some((width, height)) = dom::size(&canvas) {
                editor.dispatch(Action::Fit { width, height });
            }
        })
    };
    let button = |class: &'static str, key: Key, d: &'static str, onclick: Callback<MouseEvent>, disabled: bool| {
        html! {
            <button type="button" class={classes!("tool", class)} title={lang.t(key)} aria-label={lang.t(key)} {onclick} {disabled}>
                { icon(d) }
            </button>
        }
    };
    html! {
        <div class="toolbar" role="toolbar">
            { button("undo", Key::Undo, UNDO, act(Action::Undo), !editor.can_undo()) }
            { button("redo", Key::Redo, REDO, act(Action::Redo), !editor.can_redo()) }
            { button("delete", Key::Delete, TRASH, act(Action::DeleteSelection), editor.selection.is_empty()) }
            <span class="tool-sep" />
            { button("zoom-out", Key::ZoomOut, MINUS, zoom(1.0 / 1.25), false) }
            <span class="zoom-level">{ format!("{:.0}%", editor.view.zoom * 100.0) }</span>
            { button("zoom-in", Key::ZoomIn, PLUS, zoom(1.25), false) }
            { button("fit", Key::Fit, FIT, fit, false) }
            <span class="tool-sep" />
            <button type="button" class="tool box-select" title={lang.t(Key::BoxSelect)} aria-label={lang.t(Key::BoxSelect)}
                aria-pressed={props.box_mode.to_string()} onclick={props.on_toggle_box.reform(|_| ())}>
                { icon(BOX) }
            </button>
            <button type="button" class="tool help-toggle" title={lang.t(Key::Shortcuts)} aria-label={lang.t(Key::Shortcuts)}
                aria-expanded={props.help.to_string()} onclick={props.on_toggle_help.reform(|_| ())}>
                <span aria-hidden="true">{ "?" }</span>
            </button>
            if props.help {
                { help(lang, &props.on_toggle_help) }
            }
        </div>
    }
}
