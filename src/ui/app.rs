use yew::prelude::*;

#[component]
pub fn App() -> Html {
    html! { <main class="app"><h1>{ "Warren" }</h1></main> }
}
