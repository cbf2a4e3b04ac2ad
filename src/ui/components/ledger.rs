use yew::prelude::*;

use crate::sim::ledger::{Ledger, Line};
use crate::ui::hooks::{use_lang, use_playback};
use crate::ui::i18n::Key;

fn cell(line: &Line, attr: &'static str) -> Html {
    let class = classes!("ledger-cell", line.alarm.then_some("alarm"));
    let (ledger, fate) = if attr == "fate" { (None, Some(line.id)) } else { (Some(line.id), None) };
    html! {
        <div {class} data-ledger={ledger} data-fate={fate}>
            <dt>{ line.label }</dt>
            <dd>{ line.value }</dd>
        </div>
    }
}

/// The guarantee ledger at the current time, always in view during playback: the same lines
/// `warren-cli run` prints (`sim/ledger.rs`), then the fates of the published messages.
#[component]
pub fn LedgerView() -> Html {
    let playback = use_playback();
    let lang = use_lang();
    let t = playback.timeline();
    let ledger = Ledger::new(t.guarantees(), t.fates(), lang).with_measures(t.measures(), lang);
    let fates_title = lang.pick("fates", "结局");
    // Two definition lists (a `<dl>` may hold only `<dt>`/`<dd>` groups, so the fates' titled row
    // cannot sit inside the figures' list); both lay their cells out in the ledger's one flow.
    html! {
        <div class="ledger" role="group" aria-label={lang.t(Key::Ledger)}>
            <dl class="ledger-list">
                for line in &ledger.figures { { cell(line, "ledger") } }
            </dl>
            if !ledger.fates.is_empty() {
                <div class="ledger-fates" role="group" aria-label={fates_title}>
                    <span class="ledger-fates-title" aria-hidden="true">{ fates_title }{ " =" }</span>
                    <dl class="ledger-list">
                        for line in &ledger.fates { { cell(line, "fate") } }
                    </dl>
                </div>
            }
        </div>
    }
}
