use std::rc::Rc;

use yew::prelude::*;

use crate::core::Time;
use crate::sim::inspect::{self, Place};
use crate::ui::hooks::{use_lang, use_playback};
use crate::ui::i18n::Key;
use crate::ui::model::layout::{Placed, Point, NODE_H, NODE_W};
use crate::ui::model::{Kind, NodeRef};
use crate::ui::playback::Play;

/// How long (virtual time) a message takes to travel one edge on screen.
const LEG_MS: u64 = 300;
/// At most this many moving glyphs, and this many resting ones per queue or consumer.
const MAX_FLIGHTS: usize = 2_000;
const PER_PLACE: usize = 12;

#[derive(Properties, PartialEq)]
pub struct MessageLayerProps {
    pub placed: Rc<Vec<Placed>>,
}

fn node_of(place: &Place) -> NodeRef {
    let (kind, name) = match place {
        Place::Producer(n) => (Kind::Producer, n),
        Place::Exchange(n) => (Kind::Exchange, n),
        Place::Queue(n) => (Kind::Queue, n),
        Place::Consumer(n) => (Kind::Consumer, n),
    };
    NodeRef { kind, name: name.to_string() }
}

/// The point at `t` of the S-curve the canvas draws between two nodes.
fn along(from: Point, to: Point, t: f64) -> Point {
    let dx = ((to.x - from.x).abs() / 2.0).max(50.0);
    let (c1, c2) = (Point::new(from.x + dx, from.y), Point::new(to.x - dx, to.y));
    let u = 1.0 - t;
    let b = |a: f64, b: f64, c: f64, d: f64| u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d;
    Point::new(b(from.x, c1.x, c2.x, to.x), b(from.y, c1.y, c2.y, to.y))
}

/// Messages over the topology during playback: glyphs travelling along edges, messages resting
/// in queues and at consumers (click one to inspect it), and each node's live counts. Everything
/// is read from the world's state and events (`sim::inspect`).
#[component]
pub fn MessageLayer(props: &MessageLayerProps) -> Html {
    let playback = use_playback();
    let lang = use_lang();
    let t = playback.timeline();
    let world = t.world();
    let find = |place: &Place| {
        let node = node_of(place);
        props.placed.iter().find(|p| p.node == node)
    };
    let select = |body: Rc<str>| {
        let playback = playback.clone();
        Callback::from(move |e: PointerEvent| {
            e.stop_propagation();
            playback.dispatch(Play::Select(Some(body.clone())));
        })
    };
    let selected = playback.selected.clone();
    let glyph = |body: &Rc<str>, at: Point, look: &'static str, moving: bool| {
        let chosen = selected.as_ref() == Some(body);
        html! {
            <circle class={classes!("msg", look, moving.then_some("moving"), chosen.then_some("chosen"))}
                cx={format!("{:.1}", at.x)} cy={format!("{:.1}", at.y)} r={if moving { "5" } else { "4.5" }}
                data-msg={body.to_string()} onpointerdown={select(body.clone())}>
                <title>{ body.to_string() }</title>
            </circle>
        }
    };
    let flights: Vec<Html> = inspect::flights(world, t.log(), Time::from_millis(LEG_MS), MAX_FLIGHTS)
        .iter()
        .filter_map(|f| {
            let (a, b) = (find(&f.from)?, find(&f.to)?);
            Some(glyph(&f.body, along(a.out_port(), b.in_port(), f.progress), f.look.css(), true))
        })
        .collect();
    let mut slot = std::collections::BTreeMap::new();
    let resting: Vec<Html> = inspect::resting(world, PER_PLACE)
        .iter()
        .filter_map(|r| {
            let p = find(&r.at)?;
            let n = slot.entry(r.at.clone()).or_insert(0usize);
            let at = Point::new(p.at.x + 12.0 + *n as f64 * 11.0, p.at.y + NODE_H + 9.0);
            *n += 1;
            Some(glyph(&r.body, at, r.look.css(), false))
        })
        .collect();
    let counts = inspect::counts(world, t.log());
    let badge = |p: &Placed| {
        let name = p.node.name.as_str();
        let text = match p.node.kind {
            Kind::Queue => counts.queues.get(name).map(|(r, u)| format!("{} {r} · {} {u}", lang.t(Key::BReady), lang.t(Key::BUnacked))),
            Kind::Consumer => counts.consumers.get(name).map(|(f, d)| format!("{} {f} · {} {d}", lang.t(Key::BInFlight), lang.t(Key::BDone))),
            Kind::Producer => Some(format!("{} {}", lang.t(Key::BSent), counts.producers.get(name).copied().unwrap_or(0))),
            Kind::Exchange => None,
        }?;
        Some(html! {
            <text class="badge" x={format!("{:.1}", p.at.x + NODE_W)} y={format!("{:.1}", p.at.y - 5.0)} text-anchor="end"
                data-badge={format!("{}/{}", p.node.kind.css(), name)}>{ text }</text>
        })
    };
    html! {
        <g class="messages">
            for p in props.placed.iter() { { badge(p).unwrap_or_default() } }
            { for resting }
            { for flights }
        </g>
    }
}
