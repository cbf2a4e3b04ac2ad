use yew::prelude::*;

use crate::sim::inspect::fault_applies;
use crate::ui::hooks::{EditorHandle, PlaybackHandle};
use crate::ui::i18n::Lang;
use crate::ui::model::fault_actions::FaultAction;

/// What a fault button injects and how it is labelled.
pub struct FaultButtonProps {
    pub action: FaultAction,
    /// The client or node it is aimed at (the ticked nodes of a partition; none broker-wide).
    pub targets: Vec<String>,
    pub label: AttrValue,
    /// The accessible name, when the visible label leaves out the target.
    pub aria_label: Option<AttrValue>,
    pub class: Classes,
}

/// One fault button of playback: injects its fault at the current time (an edit of the fault
/// schedule), or, when the fault cannot act on the world as it is now (`fault_applies`), stays
/// focusable but inert, with the reason in its title and in text for screen readers.
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn fault_button(editor: &EditorHandle, playback: &PlaybackHandle, lang: Lang, props: FaultButtonProps) -> Html {
    let why_not = fault_applies(playback.timeline().world(), props.action.kind, &props.targets).err();
    let onclick = {
        let (at, fault, editor) = (playback.now(), props.action.fault(&props.targets), editor.clone());
        Callback::from(move |_: MouseEvent| {
            if why_not.is_none() {
                editor.inject(at, fault.clone());
            }
        })
    };
    let reason = why_not.map(|w| w.text(lang));
    // An accessible name of its own replaces the content: the reason goes into it too.
    let aria_label = props.aria_label.as_ref().map(|name| match reason {
        Some(reason) => AttrValue::from(format!("{name} — {reason}")),
        None => name.clone(),
    });
    html! {
        <button type="button" class={classes!("button", "fault", props.class, why_not.map(|_| "inapplicable"))}
            data-fault-action={props.action.id} aria-label={aria_label}
            aria-disabled={why_not.map(|_| "true")} title={reason} {onclick}>
            { props.label }
            if let Some(reason) = reason {
                <span class="sr-only">{ format!(" — {reason}") }</span>
            }
        </button>
    }
}
