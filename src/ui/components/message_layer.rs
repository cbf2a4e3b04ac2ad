use std::fmt::Write;
use std::rc::Rc;

use yew::prelude::*;

use crate::core::Time;
use crate::sim::inspect::{self, Look, Endpoint};
use crate::ui::hooks::{use_lang, use_playback};
use crate::ui::i18n::Key;
use crate::ui::keys::{self, Activate};
use crate::ui::motion::{shown_progress, use_reduced_motion};
use crate::ui::model::layout::{Placed, Point, NODE_H, NODE_W};
use crate::ui::model::{Kind, NodeRef};
use crate::ui::playback::Play;

/// How long (virtual time) a message takes to travel one edge on screen.
const LEG_MS: u64 = 300;
/// How long (virtual time) a key moment's label stays on the canvas.
const MARK_MS: u64 = 1_500;
/// At most this many moving glyphs, and this many resting ones per queue or consumer.
const MAX_FLIGHTS: usize = 2_000;
const PER_PLACE: usize = 12;
/// Above this many moving glyphs, they are drawn as one path per look instead of one circle each
/// (a thousand SVG elements updated every frame cost more than a frame): they stay visible but
/// are no longer clickable one by one (resting messages and the event log still are).
const BATCH_ABOVE: usize = 150;

#[derive(Properties, PartialEq)]
pub struct MessageLayerProps {
    pub placed: Rc<Vec<Placed>>,
}

/// The slot of the next glyph at `place` (0 for its first), counted in `counts`: the glyphs of a
/// place stand side by side. A list searched in order (a canvas has a few dozen places) instead
/// of a B-tree map of its own in the page's wasm.
fn next(counts: &mut Vec<(Endpoint, usize)>, place: &Endpoint) -> usize {
    match counts.iter_mut().find(|(at, _)| at == place) {
        Some((_, n)) => {
            *n += 1;
            *n - 1
        }
        None => {
            counts.push((place.clone(), 1));
            0
        }
    }
}

/// The CSS class of a message glyph's look (style/ draws each).
pub(super) fn look_css(look: Look) -> &'static str {
    match look {
        Look::InFlight => "in-flight",
        Look::Confirmed => "confirmed",
        Look::Delivered => "delivered",
        Look::Redelivered => "redelivered",
        Look::DeadLettered => "dead-lettered",
        Look::Delayed => "delayed",
        Look::Expired => "expired",
        Look::Lost => "lost",
    }
}

/// A look in words, for screen readers and tooltips.
pub(super) fn look_key(look: Look) -> Key {
    match look {
        Look::InFlight => Key::LookInFlight,
        Look::Confirmed => Key::LookConfirmed,
        Look::Delivered => Key::LookDelivered,
        Look::Redelivered => Key::LookRedelivered,
        Look::DeadLettered => Key::LookDeadLettered,
        Look::Delayed => Key::LookDelayed,
        Look::Expired => Key::LookExpired,
        Look::Lost => Key::LookLost,
    }
}

fn node_of(place: &Endpoint) -> NodeRef {
    let (kind, name) = match place {
        Endpoint::Producer(n) => (Kind::Producer, n),
        Endpoint::Exchange(n) => (Kind::Exchange, n),
        Endpoint::Queue(n) => (Kind::Queue, n),
        Endpoint::Consumer(n) => (Kind::Consumer, n),
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
    let find = |place: &Endpoint| {
        let node = node_of(place);
        props.placed.iter().find(|p| p.node == node)
    };
    // One listener for every glyph (event delegation): a glyph carries its message id.
    let on_pointer_down = {
        let dispatcher = playback.dispatcher();
        use_callback((), move |e: PointerEvent, ()| {
            let target = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
            if let Some(body) = target.and_then(|t| t.get_attribute("data-msg")) {
                e.stop_propagation();
                dispatcher.dispatch(Play::Select(Some(body.into())));
            }
        })
    };
    // And one for the keyboard: Enter or Space on a focused glyph opens its lifecycle.
    let on_key = {
        let dispatcher = playback.dispatcher();
        use_callback((), move |e: KeyboardEvent, ()| {
            let target = e.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok());
            if keys::activation(&e.key()) != Some(Activate::Select) {
                return;
            }
            if let Some(body) = target.and_then(|t| t.get_attribute("data-msg")) {
                e.prevent_default();
                e.stop_propagation();
                dispatcher.dispatch(Play::Select(Some(body.into())));
            }
        })
    };
    let selected = playback.selected.clone();
    // Every glyph takes the focus and says its message and look in words (not only a colour).
    let glyph = |body: &Rc<str>, at: Point, look: Look, moving: bool| {
        let chosen = selected.as_ref() == Some(body);
        let class = classes!("msg", look_css(look), moving.then_some("moving"), chosen.then_some("chosen"));
        let (cx, cy) = (format!("{:.1}", at.x), format!("{:.1}", at.y));
        let label = format!("{body}: {}", lang.t(look_key(look)));
        if look == Look::Lost {
            // A lost message is a red cross, not only a red dot: colour is never the only signal.
            let d = format!("M{:.1} {:.1}l8 8m0 -8l-8 8", at.x - 4.0, at.y - 4.0);
            return html! {
                <path {class} {d} data-msg={body.to_string()} tabindex="0" role="button" aria-label={label.clone()}>
                    <title>{ label }</title>
                </path>
            };
        }
        if moving {
            html! { <circle {class} {cx} {cy} r="5" data-msg={body.to_string()} tabindex="0" role="button" aria-label={label} /> }
        } else {
            html! {
                <circle {class} {cx} {cy} r="4.5" data-msg={body.to_string()} tabindex="0" role="button" aria-label={label.clone()}>
                    <title>{ label }</title>
                </circle>
            }
        }
    };
    let reduced = use_reduced_motion();
    let moving: Vec<(Rc<str>, Point, Look)> = inspect::flights(world, t.log(), Time::from_millis(LEG_MS), MAX_FLIGHTS)
        .into_iter()
        .filter_map(|f| {
            let (a, b) = (find(&f.from)?, find(&f.to)?);
            let progress = shown_progress(f.progress, reduced);
            let at = if f.from == f.to {
                // Dropped: it falls out of the bottom of the node, and stops above the key
                // moments' labels (their 11 px text starts about NODE_H + 21) instead of crossing them.
                Point::new(a.at.x + NODE_W / 2.0, a.at.y + NODE_H + 6.0 + progress * 10.0)
            } else {
                along(a.out_port(), b.in_port(), progress)
            };
            Some((f.body, at, f.look))
        })
        .collect();
    let flights: Vec<Html> = if moving.len() <= BATCH_ABOVE {
        moving.iter().map(|(body, at, look)| glyph(body, *at, *look, true)).collect()
    } else {
        // One path per look, in the looks' order (a few looks: a list, not a map of its own).
        let mut paths: Vec<(Look, String, usize)> = Vec::new();
        for (_, at, look) in &moving {
            let i = paths.iter().position(|p| p.0 == *look).unwrap_or_else(|| {
                paths.push((*look, String::new(), 0));
                paths.len() - 1
            });
            let (_, d, n) = &mut paths[i];
            // A zero-length segment with a round cap and a wide stroke draws a dot cheaply.
            let _ = write!(d, "M{:.0} {:.0}h0", at.x, at.y);
            *n += 1;
        }
        crate::ordered::sort_by_u64(&mut paths, |p| p.0 as u64);
        paths
            .into_iter()
            .map(|(look, d, n)| html! { <path class={classes!("msg", "moving", "batch", look_css(look))} {d} data-count={n.to_string()} /> })
            .collect()
    };
    let mut slot = Vec::new();
    let resting: Vec<Html> = inspect::resting(world, PER_PLACE)
        .iter()
        .filter_map(|r| {
            let p = find(&r.at)?;
            let n = next(&mut slot, &r.at);
            let at = Point::new(p.at.x + 12.0 + n as f64 * 11.0, p.at.y + NODE_H + 9.0);
            Some(glyph(&r.body, at, r.look, false))
        })
        .collect();
    // Key moments of the last MARK_MS, one label per place and kind, below the node (and below
    // a clustered queue's replica line, which the cluster layer draws at NODE_H + 32).
    let replicated: Vec<Rc<str>> = if world.scenario.cluster.is_some() {
        inspect::queue_looks(world).into_iter().map(|q| q.name).collect()
    } else {
        Vec::new()
    };
    let mut stacked = Vec::new();
    let marks: Vec<Html> = inspect::marks(world, t.log(), t.client_log(), Time::from_millis(MARK_MS))
        .into_iter()
        .filter_map(|m| {
            let p = find(&m.place)?;
            let k = next(&mut stacked, &m.place);
            let below = match &m.place {
                Endpoint::Queue(q) if replicated.contains(q) => 46.0,
                _ => 30.0,
            };
            let y = p.at.y + NODE_H + below + k as f64 * 14.0;
            let (class, sign) = if m.kind.is_loss() {
                ("loss", "✕ ")
            } else if m.kind.is_warning() {
                ("warning", "⚠ ")
            } else {
                ("info", "• ")
            };
            let count = if m.count > 1 { format!(" ×{}", m.count) } else { String::new() };
            let opacity = format!("{:.2}", 1.0 - 0.6 * m.age);
            Some(html! {
                <text class={classes!("mark", class)} x={format!("{:.1}", p.at.x)} y={format!("{y:.1}")} {opacity}
                    data-mark={m.kind.id()} data-msg={m.body.as_ref().map(|b| b.to_string())}>
                    { format!("{sign}{}{count}", m.kind.label(lang)) }
                </text>
            })
        })
        .collect();
    // Clients that are down: a dashed frame and when they come back.
    let down: Vec<Html> = inspect::client_statuses(world)
        .into_iter()
        .filter_map(|(place, status)| {
            let p = find(&place)?;
            let text = match status {
                crate::sim::world::ClientStatus::Crashed { back_at } => {
                    format!("{} {}", lang.pick("crashed, back at", "已崩溃，重启于"), lang.seconds(back_at))
                }
                crate::sim::world::ClientStatus::Reconnecting => lang.pick("reconnecting", "正在重连").to_string(),
            };
            Some(html! {
                <g class="client-down" data-down={p.node.name.clone()}>
                    <rect x={format!("{:.1}", p.at.x - 4.0)} y={format!("{:.1}", p.at.y - 4.0)}
                        width={format!("{:.1}", NODE_W + 8.0)} height={format!("{:.1}", NODE_H + 8.0)} rx="8" />
                    // 16 px above the badge's line: two 11 px lines 13 px apart touch (in Chinese).
                    <text x={format!("{:.1}", p.at.x)} y={format!("{:.1}", p.at.y - 21.0)}>{ format!("⚠ {text}") }</text>
                </g>
            })
        })
        .collect();
    let counts = inspect::counts_with(world, &playback.tally());
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
        <g class="messages" onpointerdown={on_pointer_down} onkeydown={on_key} data-motion={if reduced { "reduced" } else { "full" }}>
            // A down client's frame first: the badges above it draw their halo over its line.
            { for down }
            for p in props.placed.iter() { { badge(p).unwrap_or_default() } }
            { for resting }
            { for flights }
            { for marks }
        </g>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glyphs_of_a_place_take_the_next_slot_of_that_place() {
        let (q, c) = (Endpoint::Queue("q".into()), Endpoint::Consumer("c".into()));
        let mut counts = Vec::new();
        let slots: Vec<usize> = [&q, &q, &c, &q, &c].into_iter().map(|at| next(&mut counts, at)).collect();
        assert_eq!(slots, [0, 1, 0, 2, 1]);
    }
}
