use yew::prelude::*;

use super::Theme;

#[derive(Properties, PartialEq)]
pub struct ThemeToggleProps {
    pub theme: Theme,
    pub on_toggle: Callback<()>,
}

/// The button that switches between the light and dark themes.
#[component]
pub fn ThemeToggle(props: &ThemeToggleProps) -> Html {
    let onclick = props.on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button type="button" class="theme-toggle" {onclick}>
            { props.theme.toggle_label() }
        </button>
    }
}
