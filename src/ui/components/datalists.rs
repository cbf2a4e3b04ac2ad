use yew::prelude::*;

use crate::ui::state::Editor;

pub const EXCHANGES: &str = "warren-exchanges";
pub const QUEUES: &str = "warren-queues";

/// Suggestions for the fields that name an exchange or a queue.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn datalists(editor: &Editor) -> Html {
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
