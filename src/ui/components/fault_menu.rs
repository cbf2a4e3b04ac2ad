use yew::prelude::*;

use super::{fault_button, FaultButtonProps};

use crate::ui::hooks::{EditorHandle, PlaybackHandle};
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::fault_actions::{broker_wide, for_kind, FaultAction};
use crate::ui::model::Item;
use crate::ui::playback::Refusal;

/// Faults to inject at the current time: those of the selected entity, and the broker-wide ones.
/// Each injection is an edit of the scenario's fault schedule at the current time (in the past,
/// it forks the run), so undo takes it back and export carries it.
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn fault_menu(editor: &EditorHandle, playback: &PlaybackHandle, lang: Lang) -> Html {
    let target = editor.selection.iter().find_map(|item| match item {
        Item::Node(n) if for_kind(n.kind).next().is_some() => Some(n.clone()),
        _ => None,
    });
    let button = |action: FaultAction, name: String| {
        let label = if name.is_empty() { lang.t(action.label).to_string() } else { format!("{} · {name}", lang.t(action.label)) };
        let targets = if name.is_empty() { vec![] } else { vec![name] };
        fault_button(editor, playback, lang, FaultButtonProps { action, targets, label: label.into(), aria_label: None, class: Classes::new() })
    };
    html! {
        <div class="fault-menu" role="group" aria-label={lang.t(Key::FaultsNow)}>
            <span class="label">{ lang.t(Key::FaultsNow) }</span>
            if let Some(node) = &target {
                for a in for_kind(node.kind) { { button(a, node.name.clone()) } }
            } else {
                <span class="hint">{ lang.t(Key::FaultHint) }</span>
            }
            for a in broker_wide() { { button(a, String::new()) } }
            if let Some(error) = &playback.error {
                <p class="fault-error" role="alert">{ match error {
                    Refusal::Sim(why) => format!("{} {}", lang.t(Key::FaultRefused), why.render(lang)),
                    Refusal::Ui(key) => lang.t(*key).to_string(),
                    Refusal::Stopped(why) => why.render(lang),
                } }</p>
            }
        </div>
    }
}
