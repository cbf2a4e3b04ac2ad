use yew::prelude::*;

use crate::ui::hooks::EditorHandle;
use crate::ui::i18n::{Key, Lang};
use crate::ui::state::Action;

/// A refused edit that was not made in a field (a connection, an add, a delete), shown over the
/// canvas until dismissed or the next change.
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn error_banner(editor: &EditorHandle, lang: Lang) -> Html {
    let Some(error) = editor.error.as_ref().filter(|e| e.at.is_none()) else { return html! {} };
    let dismiss = {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.dispatch(Action::DismissError))
    };
    html! {
        <div class="banner error-banner" role="alert">
            <span>{ lang.problem(&error.problem) }</span>
            <button type="button" class="close" aria-label={lang.t(Key::Dismiss)} onclick={dismiss}>{ "×" }</button>
        </div>
    }
}
