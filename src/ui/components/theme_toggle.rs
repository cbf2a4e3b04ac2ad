use yew::prelude::*;

use crate::ui::i18n::Lang;
use crate::ui::Theme;

/// The button that switches between the light and dark themes.
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn theme_toggle(lang: Lang, theme: Theme, on_toggle: &Callback<()>) -> Html {
    let onclick = on_toggle.reform(|_: MouseEvent| ());
    html! {
        <button type="button" class="button theme-toggle" {onclick}>
            { lang.t(theme.toggle_label()) }
        </button>
    }
}
