use yew::prelude::*;

use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::state::Action;

/// A refused edit that was not made in a field (a connection, an add, a delete), shown over the
/// canvas until dismissed or the next change.
#[component]
pub fn ErrorBanner() -> Html {
    let editor = use_editor();
    let lang = use_lang();
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
