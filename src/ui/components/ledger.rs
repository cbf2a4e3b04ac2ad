use yew::prelude::*;

use crate::ui::hooks::{use_lang, use_playback};
use crate::ui::i18n::Key;

/// The guarantee ledger at the current time, always in view during playback.
#[component]
pub fn LedgerView() -> Html {
    let playback = use_playback();
    let lang = use_lang();
    let t = playback.timeline();
    let g = t.guarantees();
    let sum = |m: &std::collections::BTreeMap<String, u64>| m.values().sum::<u64>();
    let lost = g.lost_confirmed + g.lost_in_auto_ack_consumers;
    let cells = [
        ("published", Key::LPublished, g.published, false),
        ("confirmed", Key::LConfirmed, g.confirmed, false),
        ("delivered", Key::LDelivered, g.delivered, false),
        ("redelivered", Key::LRedelivered, g.redelivered, g.redelivered > 0),
        ("acked", Key::LAcked, g.acked, false),
        ("processed", Key::LProcessed, g.processed, false),
        ("duplicates", Key::LDuplicates, g.processed_more_than_once, g.processed_more_than_once > 0),
        ("deduplicated", Key::LDeduplicated, g.deduplicated, false),
        ("resends", Key::LResends, g.resends, g.resends > 0),
        ("gave-up", Key::LGaveUp, g.gave_up, g.gave_up > 0),
        ("dead-lettered", Key::LDeadLettered, sum(&g.dead_lettered), false),
        ("dropped", Key::LDropped, sum(&g.dropped), sum(&g.dropped) > 0),
        ("lost", Key::LLost, lost, lost > 0),
        ("backlog", Key::LBacklog, g.backlog, false),
    ];
    html! {
        <dl class="ledger" aria-label={lang.t(Key::Ledger)}>
            // "publisher gave up" only once it happened: it is rare, and the ledger stays one row.
            for (id, key, value, alarm) in cells.into_iter().filter(|c| c.0 != "gave-up" || c.2 > 0) {
                <div class={classes!("ledger-cell", alarm.then_some("alarm"))} data-ledger={id}>
                    <dt>{ lang.t(key) }</dt>
                    <dd>{ value }</dd>
                </div>
            }
        </dl>
    }
}
