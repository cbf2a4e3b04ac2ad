use yew::prelude::*;

use crate::ui::autosave::Boot;
use crate::ui::i18n::{Key, Lang};

/// What the page found at start, and what the notice's buttons do.
pub struct RestoreNoticeProps {
    pub boot: Boot,
    /// Drop the restored work and start from a blank scenario.
    pub on_start_fresh: Callback<()>,
    /// Leave a shared scenario for the user's own work, as it was before the link.
    pub on_back_to_own: Callback<()>,
    pub on_dismiss: Callback<()>,
}

/// Says what the page found at start: work restored (with "start fresh"), a saved state refused
/// and why (the app started fresh; the refused text is kept aside), a share link opened (with
/// "back to my work"), or a share link refused and why (the saved work goes on as it was).
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn restore_notice(lang: Lang, props: RestoreNoticeProps) -> Html {
    let dismiss = props.on_dismiss.reform(|_: MouseEvent| ());
    let start_fresh = html! {
        <button type="button" class="button start-fresh" onclick={props.on_start_fresh.reform(|_: MouseEvent| ())}>{ lang.t(Key::StartFresh) }</button>
    };
    let back = html! {
        <button type="button" class="button back-to-own" onclick={props.on_back_to_own.reform(|_: MouseEvent| ())}>{ lang.t(Key::BackToOwnWork) }</button>
    };
    let (class, text, action) = match &props.boot {
        Boot::Fresh => return html! {},
        Boot::Restored(_) => ("restore-notice restored", lang.t(Key::WorkRestored).to_string(), start_fresh),
        Boot::Refused(why) => ("restore-notice refused", format!("{} {}", lang.t(Key::SavedWorkRefused), why.render(lang)), html! {}),
        Boot::Shared(_) => ("restore-notice shared", lang.t(Key::OpenedSharedLink).to_string(), back),
        Boot::LinkRefused { why, .. } => ("restore-notice refused link-refused", format!("{} {}", lang.t(Key::LinkRefused), why.render(lang)), html! {}),
    };
    html! {
        <div class={class} role="status">
            <span>{ text }</span>
            { action }
            <button type="button" class="close" aria-label={lang.t(Key::Dismiss)} onclick={dismiss}>{ "×" }</button>
        </div>
    }
}
