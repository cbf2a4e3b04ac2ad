//! The edges of the canvas, derived from the scenario: publishing, bindings, consuming,
//! dead-lettering and alternate exchanges.

use serde_json::Value as Json;

use super::entity::{Item, Kind};
use super::layout::{Placed, Point};
use crate::sim::scenario::write::Pretty;
use crate::sim::scenario::Scenario;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A producer to its exchange.
    Publish,
    /// A producer to a queue through the default exchange (routing key = queue name).
    DefaultPublish,
    Binding,
    Consume,
    DeadLetter,
    Alternate,
}

impl EdgeKind {
    pub fn css(self) -> &'static str {
        match self {
            EdgeKind::Publish => "publish",
            EdgeKind::DefaultPublish => "default-publish",
            EdgeKind::Binding => "binding",
            EdgeKind::Consume => "consume",
            EdgeKind::DeadLetter => "dead-letter",
            EdgeKind::Alternate => "alternate",
        }
    }
}

/// One edge as drawn: its ends, its label, what clicking it selects, and how far it bends away
/// from other edges between the same two nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub kind: EdgeKind,
    pub from: Point,
    pub to: Point,
    pub label: String,
    pub item: Item,
    pub bend: f64,
}

impl Edge {
    fn controls(&self) -> (Point, Point) {
        let dx = ((self.to.x - self.from.x).abs() / 2.0).max(50.0);
        (Point::new(self.from.x + dx, self.from.y + self.bend), Point::new(self.to.x - dx, self.to.y + self.bend))
    }

    /// The SVG path: a horizontal S-curve from the source's right side to the target's left.
    pub fn path(&self) -> String {
        let (c1, c2) = self.controls();
        format!(
            "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
            self.from.x, self.from.y, c1.x, c1.y, c2.x, c2.y, self.to.x, self.to.y
        )
    }

    /// The middle of the curve, where the label goes.
    /// Where the edge's label is drawn: above the middle of the curve, clear of the message dots
    /// that travel along it (radius 5) so a busy edge never hides its binding key.
    pub fn label_at(&self) -> Point {
        let mid = self.middle();
        Point::new(mid.x, mid.y - LABEL_LIFT)
    }

    pub fn middle(&self) -> Point {
        let (c1, c2) = self.controls();
        Point::new(
            (self.from.x + 3.0 * c1.x + 3.0 * c2.x + self.to.x) / 8.0,
            (self.from.y + 3.0 * c1.y + 3.0 * c2.y + self.to.y) / 8.0,
        )
    }
}

/// How far above its edge a label sits: half the label's height (9), a dot's radius (5) and a gap.
pub const LABEL_LIFT: f64 = 16.0;

/// Arguments as a short `k=v, …` text.
fn args_label(args: &serde_json::Map<String, Json>) -> String {
    args.iter()
        .map(|(k, v)| match v {
            Json::String(s) => format!("{k}={s}"),
            other => format!("{k}={}", Pretty::compact(other)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every edge between placed nodes.
pub fn edges(s: &Scenario, placed: &[Placed]) -> Vec<Edge> {
    let at = |kind: Kind, name: &str| placed.iter().find(|p| p.node.kind == kind && p.node.name == name);
    let mut out: Vec<Edge> = Vec::new();
    let mut push = |kind, from: &Placed, to: &Placed, label: String, item: Item| {
        let twins = out.iter().filter(|e| e.from == from.out_port() && e.to == to.in_port()).count();
        let bend = match twins {
            0 => 0.0,
            n if n % 2 == 1 => 22.0 * (n / 2 + 1) as f64,
            n => -22.0 * (n / 2) as f64,
        };
        out.push(Edge { kind, from: from.out_port(), to: to.in_port(), label, item, bend });
    };
    for p in &s.producers {
        let Some(from) = at(Kind::Producer, &p.name) else { continue };
        let item = Item::node(Kind::Producer, p.name.clone());
        if p.exchange.is_empty() {
            for key in &p.keys {
                if let Some(to) = at(Kind::Queue, key) {
                    push(EdgeKind::DefaultPublish, from, to, String::new(), item.clone());
                }
            }
        } else if let Some(to) = at(Kind::Exchange, &p.exchange) {
            push(EdgeKind::Publish, from, to, p.keys.join(", "), item);
        }
    }
    for (i, b) in s.bindings.iter().enumerate() {
        let dest_kind = if b.to_exchange { Kind::Exchange } else { Kind::Queue };
        if let (Some(from), Some(to)) = (at(Kind::Exchange, &b.source), at(dest_kind, &b.dest)) {
            let label = if b.args.is_empty() { b.key.clone() } else { args_label(&b.args) };
            push(EdgeKind::Binding, from, to, label, Item::Binding(i));
        }
    }
    for c in &s.consumers {
        if let (Some(from), Some(to)) = (at(Kind::Queue, &c.queue), at(Kind::Consumer, &c.name)) {
            push(EdgeKind::Consume, from, to, String::new(), Item::node(Kind::Consumer, c.name.clone()));
        }
    }
    for q in &s.queues {
        let dlx = q.args.get("x-dead-letter-exchange").and_then(Json::as_str);
        if let (Some(from), Some(to)) = (at(Kind::Queue, &q.name), dlx.and_then(|x| at(Kind::Exchange, x))) {
            let key = q.args.get("x-dead-letter-routing-key").and_then(Json::as_str).unwrap_or_default();
            push(EdgeKind::DeadLetter, from, to, key.to_string(), Item::node(Kind::Queue, q.name.clone()));
        }
    }
    for x in &s.exchanges {
        let ae = x.args.get(super::fields::ALTERNATE_EXCHANGE).and_then(Json::as_str);
        if let (Some(from), Some(to)) = (at(Kind::Exchange, &x.name), ae.and_then(|a| at(Kind::Exchange, a))) {
            push(EdgeKind::Alternate, from, to, String::new(), Item::node(Kind::Exchange, x.name.clone()));
        }
    }
    out
}

#[cfg(test)]
mod label_tests {
    use super::*;

    #[test]
    fn an_edge_label_sits_clear_of_the_dots_on_its_line() {
        // A label is 18 high around its anchor; a message dot has radius 5 around a point of the line.
        let (label_half, dot) = (9.0, 5.0);
        assert!(LABEL_LIFT >= label_half + dot, "the label's bottom edge is above a dot on the middle of the line");
        let s = crate::sim::scenario::parse(r#"{"version": 1, "duration_ms": 1000, "exchanges": [{"name": "x", "type": "direct"}],
            "queues": [{"name": "q"}], "bindings": [{"source": "x", "dest": "q", "key": "k"}]}"#).unwrap();
        let placed = crate::ui::model::layout::placed(&s);
        for e in edges(&s, &placed) {
            let (mid, label) = (e.middle(), e.label_at());
            assert_eq!(label.x, mid.x);
            assert!(mid.y - (label.y + label_half) >= dot, "{e:?}");
        }
    }
}
