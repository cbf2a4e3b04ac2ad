use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::sim::inspect::{self, ROW_KINDS};
use crate::ui::hooks::{use_lang, use_playback};
use crate::ui::i18n::Key;

/// The events read back from the end of the log, and the most shown.
const WINDOW: usize = 1_000;
const SHOWN: usize = 40;

/// The events up to now, newest first, filtered by kind and by a text (message, queue, consumer).
/// Clicking a message id opens its lifecycle.
#[component]
pub fn EventLog() -> Html {
    let playback = use_playback();
    let lang = use_lang();
    let kind = use_state(String::new);
    let text = use_state(String::new);
    let deps = (playback.slow(), (*kind).clone(), (*text).clone(), lang);
    let body = {
        let playback = playback.clone();
        use_memo(deps, move |(_, kind, text, lang)| table(&playback, kind, text, *lang))
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| kind.set(e.target_unchecked_into::<HtmlSelectElement>().value()))
    };
    let on_text = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    html! {
        <div class="event-log">
            <div class="filters">
                <select aria-label={lang.t(Key::EventKind)} onchange={on_kind} data-filter="kind">
                    <option value="" selected={kind.is_empty()}>{ lang.t(Key::AllKinds) }</option>
                    for k in ROW_KINDS.iter() {
                        <option value={*k} selected={kind.as_str() == *k}>{ lang.event_kind(k) }</option>
                    }
                </select>
                <input type="search" placeholder={lang.t(Key::FilterText)} aria-label={lang.t(Key::FilterText)} value={(*text).clone()} oninput={on_text} data-filter="text" />
            </div>
            { (*body).clone() }
        </div>
    }
}

/// The rows matching the filters, newest first (redrawn a few times a second while playing).
fn table(playback: &crate::ui::hooks::PlaybackHandle, kind: &str, text: &str, lang: crate::ui::i18n::Lang) -> Html {
    let t = playback.timeline();
    let needle = text.trim().to_lowercase();
    let matches = |r: &inspect::Row| {
        (kind.is_empty() || r.kind == kind)
            && (needle.is_empty()
                || [&r.body, &r.queue, &r.who].into_iter().flatten().any(|s| s.to_lowercase().contains(&needle)))
    };
    let rows: Vec<inspect::Row> = inspect::rows(t.log(), WINDOW).into_iter().rev().filter(|r| matches(r)).take(SHOWN).collect();
    let open = |body: &str| {
        let playback = playback.clone();
        let body: std::rc::Rc<str> = body.into();
        Callback::from(move |_: MouseEvent| playback.select(Some(body.clone())))
    };
    if rows.is_empty() {
        return html! { <p class="empty">{ lang.t(Key::NoEvents) }</p> };
    }
    html! {
        <table>
            <tbody>
                for r in rows.iter() {
                    <tr class={classes!("row", r.kind)} data-kind={r.kind}>
                        <td class="at">{ lang.seconds(r.at) }</td>
                        <td class="kind">{ lang.event_kind(r.kind) }</td>
                        <td class="where">{ r.queue.as_deref().unwrap_or("") }</td>
                        <td class="who">{ r.who.as_deref().unwrap_or("") }</td>
                        <td class="detail">{ r.detail.map(|d| lang.detail(d)).unwrap_or_default() }</td>
                        <td class="body">
                            if let Some(body) = &r.body {
                                <button type="button" class="link" data-msg={body.to_string()} onclick={open(body)}>{ body.to_string() }</button>
                            }
                        </td>
                    </tr>
                }
            </tbody>
        </table>
    }
}
