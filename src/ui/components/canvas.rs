use yew::prelude::*;

/// The SVG drawing surface for the broker topology (empty until the core is wired in).
#[component]
pub fn Canvas() -> Html {
    html! {
        <svg
            class="canvas"
            viewBox="0 0 960 540"
            preserveAspectRatio="xMidYMid meet"
            role="img"
            aria-label="Broker topology"
        />
    }
}
