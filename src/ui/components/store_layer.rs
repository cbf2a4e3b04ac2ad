use yew::prelude::*;

use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::layout::{self, Point, NODE_H, NODE_W};
use crate::ui::model::stores::{self, Store, Use};
use crate::ui::model::{Item, Kind};
use crate::ui::state::{Action, Select};

/// The label of a store.
pub fn store_key(store: Store) -> Key {
    match store {
        Store::Redis => Key::StoreRedis,
        Store::Mysql => Key::StoreMysql,
    }
}

fn label_of(u: Use) -> Key {
    match u {
        Use::Dedup => Key::SumDedup,
        Use::Lock => Key::UseLock,
        Use::Cache => Key::UseCache,
        Use::UniqueKey => Key::SumUnique,
    }
}

/// The external stores on the canvas: a cylinder each, and a dashed edge from every consumer
/// that uses one, labelled with the use (dedup, lock, cache, unique key). A press on a store
/// selects it (and is not a canvas gesture).
#[component]
pub fn StoreLayer() -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let s = &editor.scenario;
    let drawn = stores::drawn(s);
    if drawn.is_empty() {
        return html! {};
    }
    let placed = layout::placed(s);
    let (w, h) = (NODE_W, NODE_H + 8.0);
    let mut edges = Vec::new();
    for (store, at) in &drawn {
        for p in placed.iter().filter(|p| p.node.kind == Kind::Consumer) {
            let Some(c) = s.consumers.iter().find(|c| c.name == p.node.name) else { continue };
            let uses: Vec<&str> = stores::uses(c, *store).into_iter().map(|u| lang.t(label_of(u))).collect();
            if uses.is_empty() {
                continue;
            }
            let from = p.out_port();
            let to = Point::new(at.x, at.y + h / 2.0);
            let dx = ((to.x - from.x).abs() / 2.0).max(40.0);
            let d = format!(
                "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                from.x, from.y, from.x + dx, from.y, to.x - dx, to.y, to.x, to.y
            );
            let mid = Point::new((from.x + to.x) / 2.0, (from.y + to.y) / 2.0);
            let label = uses.join(" · ");
            let width: f64 = label.chars().map(|c| if c.is_ascii() { 6.6 } else { 11.5 }).sum::<f64>() + 14.0;
            edges.push(html! {
                <g class="edge store-edge" data-store-edge={format!("{}/{}", c.name, store.key())}>
                    <path class="line" d={d} marker-end="url(#warren-arrow)" />
                    <g class="label" transform={format!("translate({:.1} {:.1})", mid.x, mid.y)}>
                        <rect x={(-width / 2.0).to_string()} y="-9" width={width.to_string()} height="18" rx="9" />
                        <text text-anchor="middle" y="4">{ label }</text>
                    </g>
                </g>
            });
        }
    }
    let ry = 8.0;
    let body = format!("M0,{ry} A{},{ry} 0 0 1 {w},{ry} V{} A{},{ry} 0 0 1 0,{} Z", w / 2.0, h - ry, w / 2.0, h - ry);
    let rim = format!("M0,{ry} A{},{ry} 0 0 0 {w},{ry}", w / 2.0);
    let shapes = drawn.iter().map(|(store, at)| {
        let item = Item::Store(*store);
        let selected = editor.selection.contains(&item);
        let onpointerdown = {
            let editor = editor.clone();
            Callback::from(move |e: PointerEvent| {
                e.stop_propagation();
                editor.dispatch(Action::Select(Select::Only(item.clone())));
            })
        };
        let latency = format!("{} ms / op", store.latency_ms(s));
        html! {
            <g class={classes!("store", store.key(), selected.then_some("selected"))} data-store={store.key()}
                transform={format!("translate({} {})", at.x, at.y)} {onpointerdown}>
                <title>{ format!("{}\n{latency}", lang.t(store_key(*store))) }</title>
                <path class="shape" d={body.clone()} />
                <path class="rim" d={rim.clone()} />
                <text class="name" x={(w / 2.0).to_string()} y="32" text-anchor="middle">{ lang.t(store_key(*store)) }</text>
                <text class="summary" x={(w / 2.0).to_string()} y="48" text-anchor="middle">{ latency }</text>
            </g>
        }
    });
    html! {
        <g class="stores">
            <g class="store-edges">{ for edges }</g>
            { for shapes }
        </g>
    }
}
