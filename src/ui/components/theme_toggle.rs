use yew::prelude::*;

use crate::ui::hooks::use_lang;
use crate::ui::Theme;

#[derive(Properties, PartialEq)]
pub struct ThemeToggleProps {
    pub theme: Theme,
    pub on_toggle: Callback<()>,
}

/// The button that switches between the light and dark themes.
#[component]
pub fn ThemeToggle(props: &ThemeToggleProps) -> Html {
    let lang = use_lang();
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button type="button" class="button theme-toggle" {onclick}>
            { lang.t(props.theme.toggle_label()) }
        </button>
    }
}
