use yew::prelude::*;

use crate::ui::dom;
use crate::ui::i18n::{Key, Lang};

/// The panels that become drawers on phones and tablets (≤ 1024 px wide).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The palette, from the left.
    Palette,
    /// The property panel, from the right.
    Properties,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::Palette, Side::Properties];

    pub fn id(self) -> &'static str {
        match self {
            Side::Palette => "palette",
            Side::Properties => "properties",
        }
    }

    /// The label of the button that opens it.
    pub fn key(self) -> Key {
        match self {
            Side::Palette => Key::Add,
            Side::Properties => Key::Properties,
        }
    }
}

/// What a drawer holds and how it closes.
pub struct DrawerProps {
    pub side: Side,
    pub open: bool,
    pub on_close: Callback<()>,
    /// A click on an element matching this closes the drawer (a palette item added a node:
    /// the user wants to see it).
    pub close_on: Option<&'static str>,
    pub children: Html,
}

/// A panel that is a column of the workspace on wide screens and a drawer that slides over the
/// canvas on phones and tablets (style/main.css decides which; on wide screens this wrapper is
/// `display: contents` and its close button is hidden).
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn drawer(lang: Lang, props: DrawerProps) -> Html {
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    let onclick = {
        let (on_close, close_on) = (props.on_close.clone(), props.close_on);
        Callback::from(move |e: MouseEvent| {
            if close_on.is_some_and(|s| dom::closest(e.target(), s).is_some()) {
                on_close.emit(());
            }
        })
    };
    let id = props.side.id();
    html! {
        <div class={classes!("drawer", format!("{id}-drawer"), props.open.then_some("open"))} id={format!("drawer-{id}")} data-drawer={id} {onclick}>
            <button type="button" class="button drawer-close" data-drawer-close={id} onclick={close}>
                { format!("× {}", lang.t(Key::Close)) }
            </button>
            { props.children }
        </div>
    }
}

/// The buttons that open the drawers (shown only where the panels are drawers); `open` is the
/// open one.
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn drawer_bar(lang: Lang, open: Option<Side>, on_toggle: &Callback<Side>) -> Html {
    html! {
        <div class="drawer-bar">
            for side in Side::ALL {
                <button type="button" class="button" data-drawer-open={side.id()} aria-controls={format!("drawer-{}", side.id())}
                    aria-expanded={(open == Some(side)).to_string()}
                    onclick={ let on_toggle = on_toggle.clone(); move |_: MouseEvent| on_toggle.emit(side) }>
                    { lang.t(side.key()) }
                </button>
            }
        </div>
    }
}
