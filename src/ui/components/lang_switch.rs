use yew::prelude::*;

use crate::ui::i18n::{Key, Lang};

/// The language switch: one button per language, the current one pressed.
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn lang_switch(lang: Lang, on_change: &Callback<Lang>) -> Html {
    html! {
        <div class="segmented lang-switch" role="group" aria-label={lang.t(Key::Language)}>
            for l in Lang::ALL {
                <button
                    type="button"
                    lang={l.tag()}
                    data-lang={l.tag()}
                    aria-pressed={(l == lang).to_string()}
                    onclick={on_change.reform(move |_: MouseEvent| l)}
                >
                    { l.native_name() }
                </button>
            }
        </div>
    }
}
