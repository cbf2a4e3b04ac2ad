use yew::prelude::*;

use crate::ui::i18n::{Key, Lang};

/// Keys and pointer gestures, with what they do.
const ROWS: [(&str, Key); 11] = [
    ("Delete / Backspace", Key::KeyDelete),
    ("Ctrl+Z", Key::KeyUndo),
    ("Ctrl+Shift+Z / Ctrl+Y", Key::KeyRedo),
    ("Ctrl+A", Key::KeySelectAll),
    ("Esc", Key::KeyEscape),
    ("← ↑ → ↓", Key::KeyArrows),
    ("+ / −", Key::KeyZoom),
    ("0", Key::KeyFit),
    ("?", Key::KeyHelp),
    ("Space", Key::KeyPlay),
    (".", Key::KeyStep),
];
const POINTER: [(Key, Key); 5] = [
    (Key::MouseShiftClick, Key::KeyShiftClick),
    (Key::MouseShiftDrag, Key::KeyShiftDrag),
    (Key::MouseDragEmpty, Key::KeyDragEmpty),
    (Key::MouseWheel, Key::KeyWheel),
    (Key::MouseDragDot, Key::KeyDragDot),
];

/// The popover listing the keyboard shortcuts.
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn help(lang: Lang, on_close: &Callback<()>) -> Html {
    html! {
        <div class="popover help" role="dialog" aria-label={lang.t(Key::Shortcuts)}>
            <div class="popover-head">
                <h2>{ lang.t(Key::Shortcuts) }</h2>
                <button type="button" class="close" aria-label={lang.t(Key::Close)} onclick={on_close.reform(|_| ())}>{ "×" }</button>
            </div>
            <dl class="shortcuts">
                for (keys, what) in ROWS {
                    <dt><kbd>{ keys }</kbd></dt>
                    <dd>{ lang.t(what) }</dd>
                }
                for (gesture, what) in POINTER {
                    <dt>{ lang.t(gesture) }</dt>
                    <dd>{ lang.t(what) }</dd>
                }
            </dl>
        </div>
    }
}
