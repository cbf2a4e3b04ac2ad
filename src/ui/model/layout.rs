//! Where nodes are drawn. Positions live in `Scenario.layout`, grouped by kind and keyed by name
//! (an exchange and a queue may share a name):
//! `{"exchanges": {"orders": {"x": 220, "y": 60}}, "queues": {...}, ...}`.
//! A node without a stored position gets one from a simple column layout.

use serde_json::{json, Map, Value as Json};

use super::entity::{Kind, NodeRef};
use crate::sim::inspect::QueueLook;
use crate::sim::scenario::Scenario;

pub const NODE_W: f64 = 150.0;
pub const NODE_H: f64 = 52.0;
/// Vertical distance between auto-placed nodes.
const ROW: f64 = 84.0;
const TOP: f64 = 40.0;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }
}

/// An axis-aligned rectangle (for rubber-band selection and fitting the view).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub min: Point,
    pub max: Point,
}

impl Rect {
    pub fn spanning(a: Point, b: Point) -> Rect {
        Rect { min: Point::new(a.x.min(b.x), a.y.min(b.y)), max: Point::new(a.x.max(b.x), a.y.max(b.y)) }
    }
    pub fn width(&self) -> f64 {
        self.max.x - self.min.x
    }
    pub fn height(&self) -> f64 {
        self.max.y - self.min.y
    }
    fn contains_rect(&self, o: &Rect) -> bool {
        o.min.x >= self.min.x && o.max.x <= self.max.x && o.min.y >= self.min.y && o.max.y <= self.max.y
    }
    fn intersects(&self, o: &Rect) -> bool {
        o.min.x < self.max.x && o.max.x > self.min.x && o.min.y < self.max.y && o.max.y > self.min.y
    }
}

/// The column a kind is auto-placed in.
pub fn column(kind: Kind) -> f64 {
    match kind {
        Kind::Producer => 20.0,
        Kind::Exchange => 260.0,
        Kind::Queue => 500.0,
        Kind::Consumer => 740.0,
    }
}

/// A node with the position it is drawn at (its top-left corner).
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub node: NodeRef,
    pub at: Point,
}

impl Placed {
    pub fn rect(&self) -> Rect {
        Rect { min: self.at, max: Point::new(self.at.x + NODE_W, self.at.y + NODE_H) }
    }
    /// Where outgoing edges start (the middle of the right side).
    pub fn out_port(&self) -> Point {
        Point::new(self.at.x + NODE_W, self.at.y + NODE_H / 2.0)
    }
    /// Where incoming edges end (the middle of the left side).
    pub fn in_port(&self) -> Point {
        Point::new(self.at.x, self.at.y + NODE_H / 2.0)
    }
}

/// The stored position of a node, if it has a readable one.
pub fn stored(s: &Scenario, node: &NodeRef) -> Option<Point> {
    let at = s.layout.get(node.kind.plural())?.get(&node.name)?;
    Some(Point::new(at.get("x")?.as_f64()?, at.get("y")?.as_f64()?))
}

/// Stores a node's position (rounded to whole pixels, so the JSON stays tidy).
pub fn store(s: &mut Scenario, node: &NodeRef, at: Point) {
    let group = s.layout.entry(node.kind.plural()).or_insert_with(|| Json::Object(Map::new()));
    if !group.is_object() {
        *group = Json::Object(Map::new());
    }
    if let Json::Object(group) = group {
        group.insert(node.name.clone(), json!({"x": at.x.round() as i64, "y": at.y.round() as i64}));
    }
}

/// Forgets a node's position.
pub fn forget(s: &mut Scenario, node: &NodeRef) -> Option<Point> {
    let at = stored(s, node);
    if let Some(Json::Object(group)) = s.layout.get_mut(node.kind.plural()) {
        group.remove(&node.name);
    }
    at
}

/// Every node with its position: stored, or the next free row of its kind's column.
pub fn placed(s: &Scenario) -> Vec<Placed> {
    let mut out: Vec<Placed> = Vec::new();
    let mut unplaced = Vec::new();
    for kind in Kind::ALL {
        for name in kind.names(s) {
            let node = NodeRef::new(kind, name);
            match stored(s, &node) {
                Some(at) => out.push(Placed { node, at }),
                None => unplaced.push(node),
            }
        }
    }
    for node in unplaced {
        let at = free_slot(&out, node.kind, TOP);
        out.push(Placed { node, at });
    }
    out
}

/// The first row of `kind`'s column, at or below `from_y`, that no node overlaps.
pub fn free_slot(nodes: &[Placed], kind: Kind, from_y: f64) -> Point {
    free_row(nodes, column(kind), from_y)
}

/// A free row for a new node inside `area` (world units, on the 10-pixel grid): in its kind's
/// column, moved into the area when the column lies outside it.
pub fn free_slot_in(nodes: &[Placed], kind: Kind, area: Rect) -> Point {
    let snap = |v: f64| (v / 10.0).round() * 10.0;
    let x = column(kind).min(area.max.x - NODE_W).max(area.min.x);
    free_row(nodes, snap(x), snap(area.min.y))
}

fn free_row(nodes: &[Placed], x: f64, from_y: f64) -> Point {
    let mut y = from_y;
    loop {
        let probe = Rect { min: Point::new(x, y), max: Point::new(x + NODE_W, y + NODE_H) };
        if !nodes.iter().any(|p| p.rect().intersects(&probe)) {
            return Point::new(x, y);
        }
        y += ROW;
    }
}

/// The topmost node under a point.
pub fn hit(nodes: &[Placed], p: Point) -> Option<&Placed> {
    nodes.iter().rev().find(|n| {
        let r = n.rect();
        p.x >= r.min.x && p.x <= r.max.x && p.y >= r.min.y && p.y <= r.max.y
    })
}

/// The nodes a rubber band touches.
pub fn in_band(nodes: &[Placed], band: Rect) -> Vec<NodeRef> {
    nodes
        .iter()
        .filter(|n| band.intersects(&n.rect()) || band.contains_rect(&n.rect()))
        .map(|n| n.node.clone())
        .collect()
}

/// The box around every node, if there is any.
pub fn bounds(nodes: &[Placed]) -> Option<Rect> {
    let mut it = nodes.iter().map(Placed::rect);
    let first = it.next()?;
    Some(it.fold(first, |a, r| Rect {
        min: Point::new(a.min.x.min(r.min.x), a.min.y.min(r.min.y)),
        max: Point::new(a.max.x.max(r.max.x), a.max.y.max(r.max.y)),
    }))
}

// ----- the frames of the broker nodes -----

const PAD_X: f64 = 14.0;
const PAD_TOP: f64 = 40.0;
const PAD_BOTTOM: f64 = 40.0;
/// The height of the frame of a node that holds no queue.
const EMPTY_H: f64 = 40.0;

/// Where the canvas draws each node: a frame around the queues declared on it; the frames of
/// nodes without queues are stacked under the queue column. None without a cluster.
pub fn node_frames(s: &Scenario, placed: &[Placed]) -> Vec<(String, Rect)> {
    frames_by(s, placed, |_| None)
}

/// The node frames during playback: each queue inside the frame of the node that serves it now
/// (its live leader or master, from the cluster's state in `looks`), so after a failover it is
/// drawn on the node that took over, not in the dead one. A queue with no leader (a quorum queue
/// between terms) stays in the frame of the node it was declared on.
pub fn live_node_frames(s: &Scenario, placed: &[Placed], looks: &[QueueLook]) -> Vec<(String, Rect)> {
    frames_by(s, placed, |queue| looks.iter().find(|q| &*q.name == queue).and_then(|q| q.leader.as_deref()).map(str::to_string))
}

fn frames_by(s: &Scenario, placed: &[Placed], live: impl Fn(&str) -> Option<String>) -> Vec<(String, Rect)> {
    if s.cluster.is_none() {
        return Vec::new();
    }
    let names = super::cluster::nodes(s);
    let declared = |queue: &str| s.queues.iter().find(|q| q.name == queue).and_then(|q| q.node.clone()).unwrap_or_else(|| names[0].clone());
    let node_of = |queue: &str| live(queue).filter(|n| names.contains(n)).unwrap_or_else(|| declared(queue));
    let queues: Vec<(&Placed, String)> =
        placed.iter().filter(|p| p.node.kind == Kind::Queue).map(|p| (p, node_of(&p.node.name))).collect();
    let column_x = queues.iter().map(|(p, _)| p.at.x).fold(f64::INFINITY, f64::min);
    let column_x = if column_x.is_finite() { column_x } else { 380.0 };
    let mut bottom = queues.iter().map(|(p, _)| p.at.y + NODE_H).fold(0.0_f64, f64::max) + PAD_BOTTOM + 12.0;
    names
        .iter()
        .map(|name| {
            let rects: Vec<Rect> = queues.iter().filter(|(_, n)| n == name).map(|(p, _)| p.rect()).collect();
            let frame = match layout_bounds(&rects) {
                Some(r) => Rect {
                    min: Point::new(r.min.x - PAD_X, r.min.y - PAD_TOP),
                    max: Point::new(r.max.x + PAD_X, r.max.y + PAD_BOTTOM),
                },
                None => {
                    let r = Rect {
                        min: Point::new(column_x - PAD_X, bottom),
                        max: Point::new(column_x + NODE_W + PAD_X, bottom + EMPTY_H),
                    };
                    bottom += EMPTY_H + 10.0;
                    r
                }
            };
            (name.clone(), frame)
        })
        .collect()
}

fn layout_bounds(rects: &[Rect]) -> Option<Rect> {
    let first = *rects.first()?;
    Some(rects.iter().fold(first, |a, r| Rect {
        min: Point::new(a.min.x.min(r.min.x), a.min.y.min(r.min.y)),
        max: Point::new(a.max.x.max(r.max.x), a.max.y.max(r.max.y)),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_a_mirrored_failover_the_queue_is_drawn_in_the_frame_of_the_node_that_serves_it() {
        use crate::core::Time;
        use crate::sim::inspect::queue_looks;
        let s = crate::ui::model::templates::Template::by_id("mirrored-vs-quorum").unwrap().scenario().unwrap();
        let placed = placed(&s);
        let rect = |name: &str| placed.iter().find(|p| p.node.name == name).unwrap().rect();
        let frame_of = |frames: &[(String, Rect)], queue: &str| {
            let r = rect(queue);
            let inside = |f: &Rect| f.min.x <= r.min.x && f.min.y <= r.min.y && f.max.x >= r.max.x && f.max.y >= r.max.y;
            frames.iter().filter(|(_, f)| inside(f)).map(|(n, _)| n.clone()).collect::<Vec<_>>()
        };
        let mut world = crate::sim::World::new(&s).unwrap();
        world.advance_to(Time::from_millis(400));
        let frames = live_node_frames(&s, &placed, &queue_looks(&world));
        assert_eq!(frame_of(&frames, "ha.orders"), ["rabbit2"], "declared on rabbit2, served there");
        assert_eq!(frame_of(&frames, "qq.orders"), ["rabbit2"]);
        // rabbit2 crashes at 1 s: the mirror on rabbit3 is promoted, the quorum queue elects a
        // leader elsewhere; each queue is drawn in the frame of the node that serves it now.
        world.advance_to(Time::from_millis(1_500));
        let looks = queue_looks(&world);
        let frames = live_node_frames(&s, &placed, &looks);
        assert_eq!(frame_of(&frames, "ha.orders"), ["rabbit3"]);
        let leader = looks.iter().find(|q| &*q.name == "qq.orders").and_then(|q| q.leader.clone()).unwrap();
        assert_ne!(&*leader, "rabbit2");
        assert_eq!(frame_of(&frames, "qq.orders"), [leader.to_string()]);
        // The editor (no run) draws the declared homes.
        assert_eq!(frame_of(&node_frames(&s, &placed), "ha.orders"), ["rabbit2"]);
    }
    use crate::sim::scenario::{QueueSpec, VERSION};

    fn queue(name: &str) -> QueueSpec {
        QueueSpec::new(name)
    }

    #[test]
    fn unplaced_nodes_stack_in_their_column_and_stored_ones_keep_their_place() {
        let mut s = Scenario {
            version: VERSION,
            name: String::new(),
            description: String::new(),
            zh: None,
            seed: 0,
            duration_ms: 1,
            exchanges: vec![],
            queues: vec![queue("a"), queue("b")],
            bindings: vec![],
            producers: vec![],
            consumers: vec![],
            faults: vec![],
            chaos: None,
            cluster: None,
            policies: vec![],
            stores: Default::default(),
            network: Default::default(),
            layout: Map::new(),
        };
        store(&mut s, &NodeRef::new(Kind::Queue, "b"), Point::new(500.4, 40.0));
        let nodes = placed(&s);
        assert_eq!(nodes[0].node.name, "b");
        assert_eq!(nodes[0].at, Point::new(500.0, 40.0));
        assert_eq!(nodes[1].at, Point::new(column(Kind::Queue), TOP + ROW), "a avoids b");
        assert_eq!(hit(&nodes, Point::new(510.0, 50.0)).map(|p| p.node.name.as_str()), Some("b"));
        let band = Rect::spanning(Point::new(0.0, 0.0), Point::new(700.0, 100.0));
        assert_eq!(in_band(&nodes, band), vec![NodeRef::new(Kind::Queue, "b")]);
        let narrow = Rect::spanning(Point::new(0.0, 40.0), Point::new(600.0, 400.0));
        assert_eq!(
            free_slot_in(&nodes, Kind::Consumer, narrow),
            Point::new(450.0, 208.0),
            "moved into view, below the queues it would overlap"
        );
    }
}
