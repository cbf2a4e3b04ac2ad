use yew::prelude::*;

use crate::ui::autosave::Boot;
use crate::ui::hooks::use_lang;
use crate::ui::i18n::Key;

#[derive(Properties, PartialEq)]
pub struct RestoreNoticeProps {
    pub boot: Boot,
    /// Drop the restored work and start from a blank scenario.
    pub on_start_fresh: Callback<()>,
    pub on_dismiss: Callback<()>,
}

/// Says what the page found in the browser at start: work restored (with "start fresh"), or a
/// saved state refused and why (the app started fresh; the refused text is kept aside).
#[component]
pub fn RestoreNotice(props: &RestoreNoticeProps) -> Html {
    let lang = use_lang();
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let (class, text, fresh) = match &props.boot {
        Boot::Fresh => return html! {},
        Boot::Restored(_) => ("restore-notice restored", lang.t(Key::WorkRestored).to_string(), true),
        Boot::Refused(why) => ("restore-notice refused", format!("{} {why}", lang.t(Key::SavedWorkRefused)), false),
    };
    html! {
        <div class={class} role="status">
            <span>{ text }</span>
            if fresh {
                <button type="button" class="button start-fresh" onclick={props.on_start_fresh.reform(|_: MouseEvent| ())}>{ lang.t(Key::StartFresh) }</button>
            }
            <button type="button" class="close" aria-label={lang.t(Key::Dismiss)} onclick={dismiss}>{ "×" }</button>
        </div>
    }
}
