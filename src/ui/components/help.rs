use yew::prelude::*;

use crate::ui::hooks::use_lang;
use crate::ui::i18n::Key;

#[derive(Properties, PartialEq)]
pub struct HelpProps {
    pub on_close: Callback<()>,
}

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
#[component]
pub fn Help(props: &HelpProps) -> Html {
    let lang = use_lang();
    html! {
        <div class="popover help" role="dialog" aria-label={lang.t(Key::Shortcuts)}>
            <div class="popover-head">
                <h2>{ lang.t(Key::Shortcuts) }</h2>
                <button type="button" class="close" aria-label={lang.t(Key::Close)} onclick={props.on_close.reform(|_| ())}>{ "×" }</button>
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
