//! Keyboard operation of what the canvas draws in SVG (entities, broker nodes, messages), which
//! gets no button behaviour for free: which key does what, decided on the key's name alone, and
//! the one DOM step it needs (moving the focus once a render is done: to a fault menu, into or
//! out of a drawer).

use wasm_bindgen::JsCast;

/// What a key pressed on a focused canvas element asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Activate {
    /// Enter or Space: select it (an entity) or open its lifecycle (a message).
    Select,
    /// F: select it and move the focus to its faults.
    Faults,
}

/// The activation a key asks for, if any (other keys stay shortcuts: arrows nudge, + zooms …).
pub fn activation(key: &str) -> Option<Activate> {
    match key {
        "Enter" | " " => Some(Activate::Select),
        "f" | "F" => Some(Activate::Faults),
        _ => None,
    }
}

/// The CSS selector of the fault buttons of what was activated: a broker node's card in the
/// cluster panel, else the fault menu (which lists the selected entity's faults first).
pub fn faults_selector(broker_node: Option<&str>) -> String {
    match broker_node {
        Some(name) => format!(
            ".node-card[data-node=\"{}\"] button.fault",
            name.replace(['"', '\\'], "")
        ),
        None => ".fault-menu button.fault".to_string(),
    }
}

/// Focuses the first element matching `selector` once the pending render is done (a new
/// selection changes which faults the menu lists).
pub fn focus_after_render(selector: String) {
    gloo_timers::callback::Timeout::new(0, move || {
        let found = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(&selector).ok().flatten())
            .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(el) = found {
            let _ = el.focus();
        }
    })
    .forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enter_and_space_select_f_opens_the_faults_other_keys_stay_shortcuts() {
        assert_eq!(activation("Enter"), Some(Activate::Select));
        assert_eq!(activation(" "), Some(Activate::Select));
        assert_eq!(activation("f"), Some(Activate::Faults));
        assert_eq!(activation("F"), Some(Activate::Faults));
        for key in ["ArrowLeft", "Delete", "+", "0", "Escape", "Tab", "."] {
            assert_eq!(activation(key), None, "{key}");
        }
    }

    #[test]
    fn a_broker_node_s_faults_are_in_its_card_and_its_name_cannot_break_the_selector() {
        assert_eq!(faults_selector(None), ".fault-menu button.fault");
        assert_eq!(
            faults_selector(Some("rabbit@a")),
            ".node-card[data-node=\"rabbit@a\"] button.fault"
        );
        assert_eq!(
            faults_selector(Some("a\"]x")),
            ".node-card[data-node=\"a]x\"] button.fault"
        );
    }
}
