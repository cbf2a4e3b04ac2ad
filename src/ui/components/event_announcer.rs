use yew::prelude::*;

use super::LiveRegion;
use crate::sim::inspect;
use crate::ui::hooks::{use_lang, use_playback};
use crate::ui::i18n::Key;

/// The event log told to a screen reader through the live region: while playing, the time and
/// the latest event at most every few seconds; at pause (or a step) at once.
#[component]
pub fn EventAnnouncer() -> Html {
    let playback = use_playback();
    let lang = use_lang();
    let playing = playback.playing;
    let text = {
        let playback = playback.clone();
        use_memo(
            (playback.slow(), playing, lang),
            move |(_, playing, lang)| {
                let t = playback.timeline();
                let Some(row) = inspect::rows(t.log(), 1).pop() else {
                    return String::new();
                };
                let what = [
                    Some(lang.event_kind(row.kind).to_string()),
                    row.body.map(|b| b.to_string()),
                    row.queue.map(|q| q.to_string()),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
                let (state, now) = (
                    lang.t(if *playing {
                        Key::AnnPlaying
                    } else {
                        Key::AnnPaused
                    }),
                    lang.seconds(t.now()),
                );
                format!("{state} {now}. {} {what}", lang.t(Key::AnnLatest))
            },
        )
    };
    html! { <LiveRegion text={AttrValue::from((*text).clone())} urgent={!playing} /> }
}
