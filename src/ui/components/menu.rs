use yew::prelude::*;

use crate::ui::dom;

#[derive(Properties, PartialEq)]
pub struct MenuProps {
    /// The menu's own class, beside `menu`.
    pub class: Classes,
    pub label: AttrValue,
    /// Extra classes of the button that opens it.
    #[prop_or_default]
    pub button_class: Classes,
    /// The `<li role="none">` items, each with a `role="menuitem"` button.
    pub children: Html,
    /// Drawn after the menu, open or not (the lesson menu's panel).
    #[prop_or_default]
    pub after: Html,
    /// Told each time the menu opens (the lesson menu fetches its files the first time).
    #[prop_or_default]
    pub on_open: Callback<()>,
}

/// The shell the header's menus share: a button that opens a list, closed by Escape, by a
/// click beside it, or by picking an item (any `role="menuitem"` inside; the item's own click
/// does what it offers).
#[component]
pub fn Menu(props: &MenuProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let (open, on_open) = (open.clone(), props.on_open.clone());
        Callback::from(move |_: MouseEvent| {
            if !*open {
                on_open.emit(());
            }
            open.set(!*open)
        })
    };
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };
    let on_pick = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            if dom::closest(e.target(), "[role=menuitem]").is_some() {
                open.set(false);
            }
        })
    };
    html! {
        <div class={classes!("menu", props.class.clone())} {onkeydown}>
            <button
                type="button"
                class={classes!("button", "menu-button", props.button_class.clone())}
                aria-haspopup="true"
                aria-expanded={open.to_string()}
                onclick={toggle.clone()}
            >
                { props.label.clone() }{ " ▾" }
            </button>
            if *open {
                <div class="backdrop" onclick={toggle} />
                <ul class="menu-list" role="menu" onclick={on_pick}>
                    { props.children.clone() }
                </ul>
            }
            { props.after.clone() }
        </div>
    }
}
