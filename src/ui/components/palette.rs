use yew::prelude::*;

use crate::ui::dom;
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::layout::Rect;
use crate::ui::model::stores::Store;
use crate::ui::model::{Edit, Item, Kind, Point};

const EXCHANGE_TYPES: [&str; 4] = ["direct", "fanout", "topic", "headers"];

#[derive(Properties, PartialEq)]
pub struct PaletteProps {
    /// The canvas, whose visible part new nodes are placed in.
    pub canvas: NodeRef,
}

/// The buttons that add entities. A new node goes to the first free row of its column in view;
/// a new consumer reads from the selected queue (or the first one).
#[component]
pub fn Palette(props: &PaletteProps) -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let add = |kind: Kind, exchange_type: &'static str| {
        let (editor, canvas) = (editor.clone(), props.canvas.clone());
        Callback::from(move |_: MouseEvent| {
            let attach_to = editor.single().and_then(Item::as_node).cloned();
            let (w, h) = dom::size(&canvas).unwrap_or((800.0, 600.0));
            let area = Rect::spanning(
                editor.view.to_world(Point::new(16.0, 64.0)),
                editor.view.to_world(Point::new(w - 16.0, h - 16.0)),
            );
            editor.edit(Edit::Add { kind, exchange_type, area, attach_to });
        })
    };
    let add_node = {
        let editor = editor.clone();
        Callback::from(move |_: MouseEvent| editor.edit(Edit::AddNode))
    };
    let place = |store: Store| {
        let (editor, canvas) = (editor.clone(), props.canvas.clone());
        Callback::from(move |_: MouseEvent| {
            let (w, h) = dom::size(&canvas).unwrap_or((800.0, 600.0));
            let area = Rect::spanning(
                editor.view.to_world(Point::new(16.0, 64.0)),
                editor.view.to_world(Point::new(w - 16.0, h - 16.0)),
            );
            editor.edit(Edit::PlaceStore { store, area });
        })
    };
    let button = |kind: Kind, exchange_type: &'static str, label: String| {
        html! {
            <button type="button" class={classes!("palette-item", kind.css())} data-add={kind.css()} data-type={exchange_type} onclick={add(kind, exchange_type)}>
                if exchange_type.is_empty() { <span class="swatch" aria-hidden="true" /> }
                <span>{ label }</span>
            </button>
        }
    };
    html! {
        <aside class="palette" aria-label={lang.t(Key::Add)}>
            <h2>{ lang.t(Key::Add) }</h2>
            { button(Kind::Producer, "", lang.kind(Kind::Producer).into()) }
            <div class="palette-group" role="group" aria-label={lang.kind(Kind::Exchange)}>
                <span class="palette-group-label">{ lang.kind(Kind::Exchange) }</span>
                for t in EXCHANGE_TYPES {
                    { button(Kind::Exchange, t, t.to_string()) }
                }
            </div>
            { button(Kind::Queue, "", lang.kind(Kind::Queue).into()) }
            { button(Kind::Consumer, "", lang.kind(Kind::Consumer).into()) }
            <div class="palette-group stores" role="group" aria-label={lang.t(Key::Stores)}>
                <span class="palette-group-label">{ lang.t(Key::Stores) }</span>
                for store in Store::ALL {
                    <button type="button" class={classes!("palette-item", "store", store.key())} data-add-store={store.key()} onclick={place(store)}>
                        <span class="swatch" aria-hidden="true" />
                        <span>{ lang.t(super::store_layer::store_key(store)) }</span>
                    </button>
                }
            </div>
            <button type="button" class="palette-item broker-node" data-add="node" onclick={add_node}>
                <span class="swatch" aria-hidden="true" />
                <span>{ lang.t(Key::BrokerNode) }</span>
            </button>
            <p class="hint">{ lang.t(Key::PaletteHint) }</p>
        </aside>
    }
}
