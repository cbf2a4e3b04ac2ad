use yew::prelude::*;

use super::{Theme, ThemeToggle};

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub theme: Theme,
    pub on_toggle_theme: Callback<()>,
}

/// The title, the subtitle and the page-wide controls.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    html! {
        <header class="header">
            <div>
                <h1>{ "Warren" }</h1>
                <p class="subtitle">
                    { "RabbitMQ broker semantics, simulated deterministically in your browser" }
                </p>
            </div>
            <ThemeToggle theme={props.theme} on_toggle={props.on_toggle_theme.clone()} />
        </header>
    }
}
