//! Pointer gestures on the canvas as plain data: what a press starts, how a move updates it, and
//! which actions its release dispatches. The canvas component only translates DOM events.

use super::model::layout::{self, Placed, Point, Rect};
use super::model::view::{MAX_ZOOM, MIN_ZOOM};
use super::model::{Edit, Item, NodeRef, View};
use super::selection::Selection;
use super::state::{Action, Select};

/// A press travels this far (CSS pixels) before it counts as a drag rather than a click.
const CLICK_SLOP: f64 = 3.0;

#[derive(Clone, Debug, PartialEq)]
pub enum Gesture {
    /// Dragging the empty canvas. `travel` tells a click (clear the selection) from a pan.
    Pan { last: Point, travel: f64 },
    /// Dragging nodes: `by` is the offset so far, in world units.
    Move { nodes: Vec<NodeRef>, pressed: NodeRef, start: Point, by: Point, travel: f64 },
    /// Drawing a connection from a node's dot; `at` is the pointer, in world units.
    Connect { from: NodeRef, at: Point },
    /// A rubber band, in canvas pixels; `add` keeps the current selection.
    Band { start: Point, end: Point, add: bool },
    /// Two fingers: zoom by the change of their distance, pan with their midpoint. `a` is the
    /// first pointer, `b` the second, both in canvas pixels; `view` is the view they started from.
    Pinch { a0: Point, b0: Point, a: Point, b: Point, view: View },
}

/// What the press landed on.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Port(NodeRef),
    Node(NodeRef),
    Edge(Item),
    Empty,
}

/// The start of a gesture, and the actions a press dispatches at once.
pub fn press(
    target: Target,
    at: Point,
    shift: bool,
    box_mode: bool,
    view: &View,
    selection: &Selection,
) -> (Option<Gesture>, Vec<Action>) {
    let world = view.to_world(at);
    match target {
        Target::Port(from) => (Some(Gesture::Connect { from, at: world }), vec![]),
        Target::Node(node) if shift => (None, vec![Action::Select(Select::Toggle(Item::Node(node)))]),
        Target::Node(node) => {
            let item = Item::Node(node.clone());
            let (nodes, select) = if selection.contains(&item) {
                (selection.iter().filter_map(Item::as_node).cloned().collect(), vec![])
            } else {
                (vec![node.clone()], vec![Action::Select(Select::Only(item))])
            };
            (Some(Gesture::Move { nodes, pressed: node, start: world, by: Point::default(), travel: 0.0 }), select)
        }
        Target::Edge(item) if shift => (None, vec![Action::Select(Select::Toggle(item))]),
        Target::Edge(item) => (None, vec![Action::Select(Select::Only(item))]),
        Target::Empty if shift || box_mode => (Some(Gesture::Band { start: at, end: at, add: shift }), vec![]),
        Target::Empty => (Some(Gesture::Pan { last: at, travel: 0.0 }), vec![]),
    }
}

fn middle(a: Point, b: Point) -> Point {
    Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0)
}

fn distance(a: Point, b: Point) -> f64 {
    (a.x - b.x).hypot(a.y - b.y)
}

impl Gesture {
    /// A second pointer went down at `at`: panning becomes pinching; other gestures ignore it.
    pub fn second_pointer(&self, at: Point, view: &View) -> Option<Gesture> {
        match self {
            Gesture::Pan { last, .. } => Some(Gesture::Pinch { a0: *last, b0: at, a: *last, b: at, view: *view }),
            _ => None,
        }
    }

    /// The gesture after a pointer moved to `at` (canvas pixels; `second`: the second finger of
    /// a pinch), and the view to show.
    pub fn drag(&self, second: bool, at: Point, view: &View) -> (Gesture, Option<View>) {
        let world = view.to_world(at);
        match self.clone() {
            Gesture::Pinch { a0, b0, a, b, view: start } => {
                let (a, b) = if second { (a, at) } else { (at, b) };
                let zoom = (start.zoom * distance(a, b) / distance(a0, b0).max(1.0)).clamp(MIN_ZOOM, MAX_ZOOM);
                let anchor = start.to_world(middle(a0, b0));
                let mid = middle(a, b);
                let next = View { x: mid.x - anchor.x * zoom, y: mid.y - anchor.y * zoom, zoom };
                (Gesture::Pinch { a0, b0, a, b, view: start }, Some(next))
            }
            _ if second => (self.clone(), None),
            Gesture::Pan { last, travel } => {
                let (dx, dy) = (at.x - last.x, at.y - last.y);
                (Gesture::Pan { last: at, travel: travel + dx.abs() + dy.abs() }, Some(view.panned(dx, dy)))
            }
            Gesture::Move { nodes, pressed, start, travel, by } => {
                let next = Point::new(world.x - start.x, world.y - start.y);
                let step = ((next.x - by.x).abs() + (next.y - by.y).abs()) * view.zoom;
                (Gesture::Move { nodes, pressed, start, by: next, travel: travel + step }, None)
            }
            Gesture::Connect { from, .. } => (Gesture::Connect { from, at: world }, None),
            Gesture::Band { start, add, .. } => (Gesture::Band { start, end: at, add }, None),
        }
    }

    /// The actions of releasing the pointer.
    pub fn release(self, view: &View, nodes: &[Placed]) -> Vec<Action> {
        match self {
            Gesture::Pan { travel, .. } if travel < CLICK_SLOP => vec![Action::Select(Select::Clear)],
            Gesture::Pan { .. } | Gesture::Pinch { .. } => vec![],
            Gesture::Move { nodes, by, travel, .. } if travel >= CLICK_SLOP => {
                vec![Action::Edit(Edit::Move { nodes, by })]
            }
            Gesture::Move { nodes, pressed, .. } if nodes.len() > 1 => {
                vec![Action::Select(Select::Only(Item::Node(pressed)))]
            }
            Gesture::Move { .. } => vec![],
            Gesture::Connect { from, at } => match layout::hit(nodes, at) {
                Some(to) if to.node != from => vec![Action::Edit(Edit::Connect { from, to: to.node.clone() })],
                _ => vec![],
            },
            Gesture::Band { start, end, add } => {
                let band = Rect::spanning(view.to_world(start), view.to_world(end));
                let items = layout::in_band(nodes, band).into_iter().map(Item::Node).collect();
                vec![Action::Select(Select::Many { items, add })]
            }
        }
    }

    /// The offset at which `node` is drawn while this gesture runs.
    pub fn offset(&self, node: &NodeRef) -> Option<Point> {
        match self {
            Gesture::Move { nodes, by, .. } if nodes.contains(node) => Some(*by),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::Kind;

    fn q(name: &str) -> NodeRef {
        NodeRef::new(Kind::Queue, name)
    }

    #[test]
    fn a_press_without_travel_is_a_click() {
        let view = View::default();
        let none = Selection::default();
        let (g, actions) = press(Target::Node(q("a")), Point::new(5.0, 5.0), false, false, &view, &none);
        assert_eq!(actions, vec![Action::Select(Select::Only(Item::Node(q("a"))))]);
        let (g, _) = g.unwrap().drag(false, Point::new(6.0, 5.0), &view);
        assert_eq!(g.clone().release(&view, &[]), vec![]);
        let (g, _) = g.drag(false, Point::new(40.0, 25.0), &view);
        assert_eq!(
            g.release(&view, &[]),
            vec![Action::Edit(Edit::Move { nodes: vec![q("a")], by: Point::new(35.0, 20.0) })]
        );
    }

    #[test]
    fn an_empty_click_clears_and_a_drag_pans() {
        let view = View::default();
        let none = Selection::default();
        let (g, _) = press(Target::Empty, Point::new(0.0, 0.0), false, false, &view, &none);
        assert_eq!(g.clone().unwrap().release(&view, &[]), vec![Action::Select(Select::Clear)]);
        let (_, panned) = g.unwrap().drag(false, Point::new(30.0, 10.0), &view);
        assert_eq!(panned, Some(view.panned(30.0, 10.0)));
        let (g, _) = press(Target::Empty, Point::new(0.0, 0.0), true, false, &view, &none);
        assert!(matches!(g, Some(Gesture::Band { add: true, .. })));
    }

    #[test]
    fn two_fingers_pinch_to_zoom_around_their_middle() {
        let view = View::default();
        let (pan, _) = press(Target::Empty, Point::new(100.0, 100.0), false, false, &view, &Selection::default());
        let pinch = pan.unwrap().second_pointer(Point::new(200.0, 100.0), &view).unwrap();
        let (pinch, zoomed) = pinch.drag(true, Point::new(300.0, 100.0), &view);
        let zoomed = zoomed.unwrap();
        assert_eq!(zoomed.zoom, 2.0, "the fingers moved twice as far apart");
        assert_eq!(zoomed.to_world(Point::new(200.0, 100.0)), Point::new(150.0, 100.0), "the middle stays put");
        assert_eq!(pinch.release(&zoomed, &[]), vec![]);
    }
}
