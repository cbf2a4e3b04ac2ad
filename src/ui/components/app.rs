use yew::prelude::*;

use super::{Canvas, Header, Theme};

/// The whole page: header above the topology canvas.
#[component]
pub fn App() -> Html {
    let theme = use_state(Theme::default);
    let on_toggle_theme = {
        let theme = theme.clone();
        Callback::from(move |()| theme.set(theme.toggled()))
    };
    html! {
        <main class="app" data-theme={theme.as_str()}>
            <Header theme={*theme} {on_toggle_theme} />
            <Canvas />
        </main>
    }
}
