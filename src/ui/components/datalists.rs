use yew::prelude::*;

use crate::ui::hooks::use_editor;

pub const EXCHANGES: &str = "warren-exchanges";
pub const QUEUES: &str = "warren-queues";

/// Suggestions for the fields that name an exchange or a queue.
#[component]
pub fn Datalists() -> Html {
    let editor = use_editor();
    let s = &editor.scenario;
    html! {
        <>
            <datalist id={EXCHANGES}>
                for x in s.exchanges.iter() { <option value={x.name.clone()} /> }
            </datalist>
            <datalist id={QUEUES}>
                for q in s.queues.iter() { <option value={q.name.clone()} /> }
            </datalist>
        </>
    }
}
