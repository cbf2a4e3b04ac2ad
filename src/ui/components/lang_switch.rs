use yew::prelude::*;

use crate::ui::hooks::use_lang;
use crate::ui::i18n::{Key, Lang};

#[derive(Properties, PartialEq)]
pub struct LangSwitchProps {
    pub on_change: Callback<Lang>,
}

/// The language switch: one button per language, the current one pressed.
#[component]
pub fn LangSwitch(props: &LangSwitchProps) -> Html {
    let lang = use_lang();
    html! {
        <div class="segmented lang-switch" role="group" aria-label={lang.t(Key::Language)}>
            for l in Lang::ALL {
                <button
                    type="button"
                    lang={l.tag()}
                    data-lang={l.tag()}
                    aria-pressed={(l == lang).to_string()}
                    onclick={props.on_change.reform(move |_: MouseEvent| l)}
                >
                    { l.native_name() }
                </button>
            }
        </div>
    }
}
