use yew::prelude::*;

use super::{fault_menu, ledger_view, message_legend, Charts, ClusterPanel, EventAnnouncer, EventLog, MessageDetail, PlaybackBar};
use crate::ui::hooks::{use_editor, use_lang, use_playback};
use crate::ui::i18n::Key;
use crate::ui::model::spotlight::SpotlightContext;
use crate::ui::playback::{Play, Tab};

/// The playback panel under the canvas: controls, the ledger, the fault menu, and tabs for the
/// event log, the inspected message and the charts.
#[component]
pub fn PlaybackPanel() -> Html {
    let playback = use_playback();
    let lang = use_lang();
    // The lesson's spotlight marks ledger lines.
    let spot = use_context::<SpotlightContext>().map(|c| c.spot).unwrap_or_default();
    // Read from the editor, so that the panel grows in the same render as a loaded cluster
    // scenario and the canvas is fitted into the room that is left.
    let editor = use_editor();
    let clustered = editor.scenario.cluster.as_ref().is_some_and(|c| c.nodes.len() >= 2);
    // Folded, the panel keeps only the controls and the ledger, and the canvas gets the room.
    let folded = use_state(|| false);
    let fold = {
        let folded = folded.clone();
        Callback::from(move |_: MouseEvent| folded.set(!*folded))
    };
    let tab = |which: Tab, key: Key, id: &str| {
        let active = playback.tab == which;
        let playback = playback.clone();
        let onclick = Callback::from(move |_: MouseEvent| playback.dispatch(Play::Tab(which)));
        html! {
            <button type="button" role="tab" class={classes!("tab", active.then_some("active"))} aria-selected={active.to_string()}
                data-tab={id.to_string()} {onclick}>{ lang.t(key) }</button>
        }
    };
    html! {
        <section class={classes!("playback", folded.then_some("folded"), (!*folded && clustered).then_some("clustered"))} aria-label={lang.t(Key::Playback)}>
            <PlaybackBar />
            <EventAnnouncer />
            { ledger_view(&playback, lang, &spot) }
            if !*folded {
                { message_legend(lang) }
                { fault_menu(&editor, &playback, lang) }
                <ClusterPanel />
            }
            // The fold button is not a tab: it sits beside the tablist, not in it.
            <div class="tabs">
                if !*folded {
                    <div class="tablist" role="tablist">
                        { tab(Tab::Events, Key::TabEvents, "events") }
                        { tab(Tab::Message, Key::TabMessage, "message") }
                        { tab(Tab::Charts, Key::TabCharts, "charts") }
                    </div>
                }
                <button type="button" class="tab fold" data-action="fold" aria-expanded={(!*folded).to_string()} onclick={fold}>
                    { lang.t(if *folded { Key::Unfold } else { Key::Fold }) }
                </button>
            </div>
            if !*folded {
                <div class="tab-body">
                    { match playback.tab {
                        Tab::Events => html! { <EventLog /> },
                        Tab::Message => html! { <MessageDetail /> },
                        Tab::Charts => html! { <Charts /> },
                    } }
                </div>
            }
        </section>
    }
}
