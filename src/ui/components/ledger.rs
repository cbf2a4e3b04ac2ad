use yew::prelude::*;

use crate::sim::ledger::{Ledger, Line};
use crate::ui::hooks::PlaybackHandle;
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::spotlight::Spotlight;

fn cell(line: &Line, attr: &'static str, spot: &Spotlight) -> Html {
    // A fate line that is an alarm other than processed twice loses the message.
    let lost_fate = attr == "fate" && line.alarm && line.id != "processed-twice";
    let spotlit = spot.ledger_line(line.id, lost_fate).then_some("spotlit");
    let class = classes!("ledger-cell", line.alarm.then_some("alarm"), spotlit);
    let (ledger, fate) = if attr == "fate" { (None, Some(line.id)) } else { (Some(line.id), None) };
    html! {
        <div {class} data-ledger={ledger} data-fate={fate}>
            <dt>{ line.label }</dt>
            <dd>{ line.value }</dd>
        </div>
    }
}

/// The guarantee ledger at the current time, always in view during playback: the same lines
/// `warren-cli run` prints (`sim/ledger.rs`), then the fates of the copies as a sum a student
/// can add up ("published 100, copies 200 = …").
/// `spot` is the lesson's spotlight (lines it points at are marked).
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn ledger_view(playback: &PlaybackHandle, lang: Lang, spot: &Spotlight) -> Html {
    let t = playback.timeline();
    let ledger = Ledger::new(t.guarantees(), t.fates(), lang).with_measures(t.measures(), lang);
    let fates_title = lang.pick("fates", "结局");
    let sum_head = ledger.sum_head(lang);
    html! {
        // Two definition lists in one group: a <dl> holds only its terms (axe's definition-list
        // and dlitem rules), so the fates' title and row sit outside the figures' list.
        <div class="ledger" role="group" aria-label={lang.t(Key::Ledger)}>
            <dl class="ledger-list">
                for line in &ledger.figures { { cell(line, "ledger", spot) } }
            </dl>
            if !ledger.fates.is_empty() {
                <div class="ledger-fates" role="group" aria-label={fates_title}>
                    <span class="ledger-fates-title" aria-hidden="true">{ sum_head }</span>
                    <dl class="ledger-list">
                        for line in &ledger.fates { { cell(line, "fate", spot) } }
                    </dl>
                </div>
            }
        </div>
    }
}
