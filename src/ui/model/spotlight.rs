//! What a lesson's key moment points at, shared by the panel that sets it and the canvas and
//! ledger that show it: the queues, clients and broker nodes it names, and its figures as ledger
//! lines. Pure: the components only ask it whether something is in the spotlight.

use std::rc::Rc;

use yew::Callback;

use super::Kind;
use crate::sim::lesson::format::Highlight;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Spotlight {
    pub queues: Vec<String>,
    pub nodes: Vec<String>,
    pub clients: Vec<String>,
    pub figures: Vec<String>,
}

impl Spotlight {
    pub fn of(h: &Highlight) -> Spotlight {
        Spotlight {
            queues: h.queues.clone(),
            nodes: h.nodes.clone(),
            clients: h.clients.clone(),
            figures: h.figures.clone(),
        }
    }

    /// An entity of the canvas: a queue by its name, a producer or consumer among the clients.
    pub fn entity(&self, kind: Kind, name: &str) -> bool {
        let among = |list: &[String]| list.iter().any(|n| n == name);
        match kind {
            Kind::Queue => among(&self.queues),
            Kind::Producer | Kind::Consumer => among(&self.clients),
            Kind::Exchange => false,
        }
    }

    /// A broker node of the cluster.
    pub fn broker_node(&self, name: &str) -> bool {
        self.nodes.iter().any(|n| n == name)
    }

    /// A ledger line (`sim/ledger.rs` ids are the figures' names with dashes): a figure names
    /// its line; `lost` and `lost_…` figures name the `lost` line and every fate that loses
    /// the message.
    pub fn ledger_line(&self, id: &str, lost_fate: bool) -> bool {
        self.figures
            .iter()
            .any(|f| line_of(f) == id || (f.starts_with("lost") && (lost_fate || id == "lost")))
    }
}

/// The ledger line a figure is shown on: its name with dashes, a measure's line without its
/// unit (`confirm_latency_mean_us`: `confirm-latency-mean`), and `processed_twice` on the
/// duplicates line.
fn line_of(figure: &str) -> String {
    let line = match figure {
        "processed_twice" => "duplicates",
        f => f.strip_suffix("_us").unwrap_or(f),
    };
    line.replace('_', "-")
}

/// How far to scroll the page (down if positive, in CSS px) so the lit elements, given by the
/// top and bottom of their boxes on screen, lie in the `room` above the folded lesson panel:
/// none if they already do, the span centred if it fits, its top at the top if it does not.
pub fn scroll_to_show(boxes: &[(f64, f64)], room: f64) -> Option<f64> {
    let top = boxes.iter().map(|b| b.0).fold(f64::INFINITY, f64::min);
    let bottom = boxes.iter().map(|b| b.1).fold(f64::NEG_INFINITY, f64::max);
    if boxes.is_empty() || (top >= 0.0 && bottom <= room) {
        return None;
    }
    let span = bottom - top;
    Some(if span > room { top - MARGIN_PX } else { top - (room - span) / 2.0 })
}

/// Space kept above the lit elements when they do not fit, in CSS px.
const MARGIN_PX: f64 = 8.0;

/// The spotlight and how to change it, provided by the app.
#[derive(Clone, PartialEq)]
pub struct SpotlightContext {
    pub spot: Rc<Spotlight>,
    pub set: Callback<Spotlight>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_scrolls_only_when_a_lit_element_is_out_of_the_room() {
        assert_eq!(scroll_to_show(&[(100.0, 140.0), (500.0, 520.0)], 700.0), None);
        assert_eq!(scroll_to_show(&[], 700.0), None);
        // 440 px of lit span below the fold of a 700 px room: centred, 130 px above and below.
        assert_eq!(scroll_to_show(&[(440.0, 470.0), (860.0, 880.0)], 700.0), Some(440.0 - 130.0));
        // Above the top, too.
        assert_eq!(scroll_to_show(&[(-50.0, 0.0)], 700.0), Some(-50.0 - 325.0));
        // Taller than the room: its top at the top, with a margin.
        assert_eq!(scroll_to_show(&[(300.0, 320.0), (1200.0, 1220.0)], 700.0), Some(292.0));
    }

    #[test]
    fn the_key_moment_names_entities_nodes_and_ledger_lines() {
        let s = Spotlight {
            queues: vec!["orders".into()],
            nodes: vec!["rabbit2".into()],
            clients: vec!["shop".into()],
            figures: vec!["tx_committed".into(), "lost".into()],
        };
        assert!(s.entity(Kind::Queue, "orders") && !s.entity(Kind::Queue, "shop"));
        assert!(
            s.entity(Kind::Producer, "shop")
                && s.entity(Kind::Consumer, "shop")
                && !s.entity(Kind::Exchange, "orders")
        );
        assert!(s.broker_node("rabbit2") && !s.broker_node("rabbit1"));
        assert!(s.ledger_line("tx-committed", false) && !s.ledger_line("delivered", false));
        assert!(
            s.ledger_line("lost-on-the-way", true),
            "lost names every losing fate"
        );
        assert!(!Spotlight::default().ledger_line("lost-on-the-way", true));
        let confirmed = Spotlight {
            figures: vec!["lost_confirmed".into()],
            ..Spotlight::default()
        };
        assert!(
            confirmed.ledger_line("lost", false) && confirmed.ledger_line("lost-on-failover", true)
        );
        assert!(!confirmed.ledger_line("confirmed", false));
        let measures = Spotlight {
            figures: vec!["confirm_latency_mean_us".into(), "processed_twice".into()],
            ..Spotlight::default()
        };
        assert!(
            measures.ledger_line("confirm-latency-mean", false)
                && measures.ledger_line("duplicates", false)
        );
        assert!(!measures.ledger_line("processed", false));
    }
}
