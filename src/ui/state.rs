//! The app's state: the scenario being edited plus the editor's own state (selection, history,
//! viewport, the last refused edit). A playback panel can sit beside the editor later and read
//! `Editor::scenario`; nothing here knows about running it.
//!
//! Every change to the scenario goes through [`Action::Edit`]: the edit makes a candidate
//! scenario, `Scenario::validate()` checks it, and only a valid candidate replaces the scenario
//! (and goes on the undo stack). A refused edit changes nothing and is kept in `error`, with the
//! field it was made in, so the panel can show the message next to that field.

use std::rc::Rc;

use yew::prelude::*;

use super::model::{layout, Edit, Field, Item, Point, Problem, View};
use super::selection::Selection;
use crate::sim::scenario::{parse, Scenario, VERSION};

/// How many edits undo can go back.
const HISTORY: usize = 200;

/// A refused edit: where it was made, why, and what the user had entered (the field keeps
/// showing it until the next change).
#[derive(Clone, Debug, PartialEq)]
pub struct EditError {
    pub at: Option<(Item, Field)>,
    pub problem: Problem,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Editor {
    pub scenario: Rc<Scenario>,
    undo: Vec<Rc<Scenario>>,
    redo: Vec<Rc<Scenario>>,
    pub selection: Selection,
    pub error: Option<EditError>,
    pub view: View,
    /// Counts whole-scenario loads, so the canvas knows when to fit the view to a new scenario.
    pub loads: u32,
    /// Why the last import was refused: the file's own problem (`Invalid`: not JSON, a wrong
    /// field) or the scenario validation's (`Refused`, shown in the page's language).
    pub import_error: Option<Problem>,
}

/// How the selection changes.
#[derive(Clone, Debug, PartialEq)]
pub enum Select {
    Only(Item),
    Toggle(Item),
    /// Replace the selection (`add`: add to it).
    Many {
        items: Vec<Item>,
        add: bool,
    },
    All,
    Clear,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The one way to change the scenario.
    Edit(Edit),
    /// Replace the whole scenario (a ready-made one); undoable.
    Load(Rc<Scenario>),
    /// Replace the whole scenario from JSON; a bad text changes nothing and sets `import_error`.
    Import(String),
    /// A file refused before it was read (too large): changes nothing and sets `import_error`.
    ImportRefused(String),
    /// A ready-made scenario whose file could not be fetched or read (the message names the
    /// file): changes nothing and shows it in the error banner.
    LoadFailed(String),
    Undo,
    Redo,
    /// `Edit::Delete` of the selection.
    DeleteSelection,
    /// `Edit::Move` of the selected nodes.
    Nudge(f64, f64),
    Select(Select),
    SetView(View),
    /// Zoom by a factor around a point of the canvas (CSS pixels).
    Zoom {
        factor: f64,
        around: Point,
    },
    /// Fit the topology into a canvas of this size.
    Fit {
        width: f64,
        height: f64,
    },
    DismissError,
}

/// An empty scenario to start from.
pub fn blank() -> Scenario {
    parse(&format!(r#"{{"version": {VERSION}, "name": "", "seed": 1, "duration_ms": 60000}}"#))
        .expect("a valid blank scenario")
}

impl Default for Editor {
    fn default() -> Editor {
        Editor::new(blank())
    }
}

impl Editor {
    pub fn new(scenario: Scenario) -> Editor {
        Editor {
            scenario: Rc::new(scenario),
            undo: Vec::new(),
            redo: Vec::new(),
            selection: Selection::default(),
            error: None,
            view: View::default(),
            loads: 0,
            import_error: None,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The one selected item, if exactly one is selected.
    pub fn single(&self) -> Option<&Item> {
        (self.selection.len() == 1).then(|| self.selection.iter().next()).flatten()
    }

    /// The refused edit's message, if it was made in this field.
    pub fn error_at(&self, item: &Item, field: &Field) -> Option<&EditError> {
        self.error.as_ref().filter(|e| e.at.as_ref().is_some_and(|(i, f)| i == item && f == field))
    }

    /// Makes `next` the scenario, remembering the current one for undo.
    fn commit(&mut self, next: Scenario) {
        self.undo.push(std::mem::replace(&mut self.scenario, Rc::new(next)));
        if self.undo.len() > HISTORY {
            self.undo.remove(0);
        }
        self.redo.clear();
    }

    fn prune_selection(&mut self) {
        let s = Rc::clone(&self.scenario);
        self.selection.retain(|item| item.exists_in(&s));
    }

    fn edit(&mut self, edit: Edit) {
        let (at, text) = match &edit {
            Edit::Set { item, field, value } => (Some((item.clone(), field.clone())), value.clone()),
            Edit::SetEntry { item, old_key, key, value } => {
                (Some((item.clone(), Field::Entry(old_key.clone()))), format!("{key}\u{0}{value}"))
            }
            Edit::RemoveEntry { item, key } => (Some((item.clone(), Field::Entry(key.clone()))), String::new()),
            _ => (None, String::new()),
        };
        let candidate = edit.apply(&self.scenario).and_then(|applied| match applied.scenario.validate() {
            Ok(()) => Ok(applied),
            Err(refusal) => Err(Problem::Refused(refusal)),
        });
        match candidate {
            Err(problem) => self.error = Some(EditError { at, problem, text }),
            Ok(applied) => {
                self.error = None;
                if applied.scenario != *self.scenario {
                    self.commit(applied.scenario);
                }
                if let Some(select) = applied.select {
                    self.selection = Selection::of(select);
                }
                self.prune_selection();
            }
        }
    }

    fn select(&mut self, how: Select) {
        match how {
            Select::Only(item) => self.selection = Selection::of([item]),
            Select::Toggle(item) => {
                if !self.selection.remove(&item) {
                    self.selection.insert(item);
                }
            }
            Select::Many { items, add } => {
                if !add {
                    self.selection.clear();
                }
                self.selection.extend(items);
            }
            Select::All => {
                let nodes = layout::placed(&self.scenario).into_iter().map(|p| Item::Node(p.node));
                self.selection = Selection::of(nodes.chain((0..self.scenario.bindings.len()).map(Item::Binding)));
            }
            Select::Clear => self.selection.clear(),
        }
    }

    fn load(&mut self, scenario: Scenario) {
        self.commit(scenario);
        self.selection.clear();
        self.error = None;
        self.import_error = None;
        self.loads += 1;
    }
}

impl Reducible for Editor {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Edit(edit) => next.edit(edit),
            Action::Load(scenario) => next.load((*scenario).clone()),
            Action::Import(text) => match crate::input::from_json::<Scenario>(&text) {
                Ok(scenario) => match scenario.validate() {
                    Ok(()) => next.load(scenario),
                    Err(refusal) => next.import_error = Some(Problem::Refused(refusal)),
                },
                Err(message) => next.import_error = Some(Problem::Invalid(message)),
            },
            Action::ImportRefused(message) => next.import_error = Some(Problem::Invalid(message)),
            Action::LoadFailed(message) => {
                next.error = Some(EditError { at: None, problem: Problem::Invalid(message), text: String::new() })
            }
            Action::Undo | Action::Redo => {
                let (from, to) = if action == Action::Undo {
                    (&mut next.undo, &mut next.redo)
                } else {
                    (&mut next.redo, &mut next.undo)
                };
                if let Some(previous) = from.pop() {
                    to.push(std::mem::replace(&mut next.scenario, previous));
                    next.error = None;
                    next.prune_selection();
                }
            }
            Action::DeleteSelection if !next.selection.is_empty() => {
                next.edit(Edit::Delete(next.selection.iter().cloned().collect()))
            }
            Action::DeleteSelection => {}
            Action::Nudge(dx, dy) => {
                let nodes: Vec<_> = next.selection.iter().filter_map(Item::as_node).cloned().collect();
                if !nodes.is_empty() {
                    next.edit(Edit::Move { nodes, by: Point::new(dx, dy) });
                }
            }
            Action::Select(how) => next.select(how),
            Action::SetView(view) => next.view = view,
            Action::Zoom { factor, around } => next.view = next.view.zoomed(factor, around),
            Action::Fit { width, height } => {
                let placed = layout::placed(&next.scenario);
                let stores = super::model::stores::drawn(&next.scenario).into_iter().map(|(_, at)| {
                    layout::Rect::spanning(at, Point::new(at.x + layout::NODE_W, at.y + layout::NODE_H + 8.0))
                });
                // The node frames of a cluster are part of the picture too.
                let frames = super::model::layout::node_frames(&next.scenario, &placed).into_iter().map(|(_, r)| r);
                let nodes = layout::bounds(&placed);
                let bounds = stores.chain(frames).chain(nodes).reduce(|a, b| {
                    layout::Rect::spanning(
                        Point::new(a.min.x.min(b.min.x), a.min.y.min(b.min.y)),
                        Point::new(a.max.x.max(b.max.x), a.max.y.max(b.max.y)),
                    )
                });
                if let Some(bounds) = bounds {
                    // The toolbar floats over the top of the canvas: fit into the room under it.
                    let mut view = View::fit(bounds, width, (height - super::pointer::TOOLBAR).max(1.0));
                    view.y += super::pointer::TOOLBAR;
                    next.view = view;
                }
            }
            Action::DismissError => {
                next.error = None;
                next.import_error = None;
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::fields::{self, QueueArg};
    use crate::ui::model::templates::Template;
    use crate::ui::model::{Kind, NodeRef};

    fn run(editor: Rc<Editor>, actions: impl IntoIterator<Item = Action>) -> Rc<Editor> {
        actions.into_iter().fold(editor, |e, a| e.reduce(a))
    }

    fn add(kind: Kind, exchange_type: &'static str) -> Action {
        let area = layout::Rect::spanning(Point::new(0.0, 0.0), Point::new(2000.0, 2000.0));
        Action::Edit(Edit::Add { kind, exchange_type, area, attach_to: None })
    }

    fn set(item: Item, field: Field, value: &str) -> Action {
        Action::Edit(Edit::Set { item, field, value: value.into() })
    }

    fn queue(name: &str) -> Item {
        Item::node(Kind::Queue, name)
    }

    #[test]
    fn adding_connecting_and_editing_build_a_valid_topology() {
        let e = run(
            Rc::new(Editor::default()),
            [
                add(Kind::Exchange, "topic"),
                add(Kind::Queue, ""),
                Action::Edit(Edit::Connect {
                    from: NodeRef::new(Kind::Exchange, "topic-1"),
                    to: NodeRef::new(Kind::Queue, "queue-1"),
                }),
                set(Item::Binding(0), Field::Key, "order.*"),
                add(Kind::Consumer, ""),
            ],
        );
        let s = &e.scenario;
        assert_eq!(s.bindings[0].source, "topic-1");
        assert_eq!(s.bindings[0].key, "order.*");
        assert_eq!(s.consumers[0].queue, "queue-1");
        assert_eq!(e.error, None);
        s.validate().unwrap();
        assert_eq!(e.selection, Selection::of([Item::node(Kind::Consumer, "consumer-1")]));
    }

    #[test]
    fn renaming_what_has_no_name_is_refused_not_a_panic() {
        let e = run(Rc::new(Editor::default()), [add(Kind::Queue, "")]);
        let before = Rc::clone(&e.scenario);
        let e = run(e, [set(Item::Binding(0), Field::Name, "x")]);
        assert_eq!(e.scenario, before);
        assert!(matches!(&e.error.as_ref().map(|e| &e.problem), Some(Problem::Invalid(m)) if m == "only a node has a name"), "{:?}", e.error);
    }

    #[test]
    fn an_invalid_edit_changes_nothing_and_says_where() {
        let e = run(Rc::new(Editor::default()), [add(Kind::Queue, "")]);
        let before = Rc::clone(&e.scenario);
        let ttl = Field::Arg(QueueArg::MessageTtl);
        let e = run(e, [set(queue("queue-1"), ttl.clone(), "-5")]);
        assert_eq!(e.scenario, before);
        let error = e.error_at(&queue("queue-1"), &ttl).expect("an error at the TTL field");
        assert!(matches!(&error.problem, Problem::Refused(m) if m.to_string().contains("x-message-ttl")), "{error:?}");
        assert_eq!(error.text, "-5");

        let dlx = Field::Arg(QueueArg::DeadLetterExchange);
        let e = run(e, [set(queue("queue-1"), dlx.clone(), "nowhere")]);
        assert!(
            matches!(&e.error_at(&queue("queue-1"), &dlx).unwrap().problem, Problem::Refused(m) if m.to_string().contains("no exchange named"))
        );
        let e = run(e, [set(queue("queue-1"), Field::Arg(QueueArg::MaxLength), "abc")]);
        assert_eq!(e.error.as_ref().unwrap().problem, Problem::NotInteger);
        assert_eq!(e.scenario, before);

        let e = run(e, [set(queue("queue-1"), ttl.clone(), "30000")]);
        assert_eq!(e.error, None);
        assert_eq!(e.scenario.queues[0].args["x-message-ttl"], 30000);
    }

    /// A queue, a producer and a consumer, all valid.
    fn clients() -> Rc<Editor> {
        run(Rc::new(Editor::default()), [add(Kind::Queue, ""), add(Kind::Producer, ""), add(Kind::Consumer, "")])
    }

    fn refused(e: &Editor, item: &Item, field: Field, needle: &str) {
        let error = e.error_at(item, &field).unwrap_or_else(|| panic!("an error at {field:?}: {:?}", e.error));
        let text = match &error.problem {
            Problem::Invalid(m) => m.clone(),
            Problem::Refused(m) => m.to_string(),
            other => format!("{other:?}"),
        };
        assert!(text.contains(needle), "{text:?} does not contain {needle:?}");
    }

    #[test]
    fn producer_schedule_mode_and_message_settings_are_editable_and_checked() {
        use crate::sim::scenario::{BurstSpec, PublishMode};
        let p = Item::node(Kind::Producer, "producer-1");
        let e = run(clients(), [set(p.clone(), Field::Schedule, "rate"), set(p.clone(), Field::Rate, "250")]);
        assert_eq!((e.scenario.producers[0].rate_per_s, e.scenario.producers[0].interval_ms), (Some(250), 0));
        let before = Rc::clone(&e.scenario);
        for (value, needle) in [("0", "producers[0].rate_per_s: must be > 0"), ("-3", "NotWhole")] {
            let e = run(Rc::clone(&e), [set(p.clone(), Field::Rate, value)]);
            refused(&e, &p, Field::Rate, needle);
            assert_eq!(e.scenario, before);
        }
        let e = run(e, [set(p.clone(), Field::Schedule, "burst"), set(p.clone(), Field::BurstAt, "500, 2000 3000")]);
        assert_eq!(e.scenario.producers[0].burst, Some(BurstSpec { size: 10, at_ms: vec![500, 2000, 3000] }));
        assert_eq!(e.scenario.producers[0].rate_per_s, None);
        let e = run(e, [set(p.clone(), Field::BurstAt, "70000")]);
        refused(&e, &p, Field::BurstAt, "burst.at_ms: 70000 is not before the end of the run");

        let e = run(e, [set(p.clone(), Field::TxBatch, "5")]);
        refused(&e, &p, Field::TxBatch, "tx_batch: only meaningful with mode \"tx\"");
        let e = run(e, [set(p.clone(), Field::Mode, "tx"), set(p.clone(), Field::TxBatch, "5")]);
        assert_eq!((e.scenario.producers[0].mode, e.scenario.producers[0].tx_batch), (PublishMode::Tx, 5));
        let before = Rc::clone(&e.scenario);
        let e = run(e, [set(p.clone(), Field::TxBatch, "0")]);
        refused(&e, &p, Field::TxBatch, "producers[0].tx_batch: must be at least 1");
        let e = run(e, [set(p.clone(), Field::TxRollbackNumerator, "2")]);
        refused(&e, &p, Field::TxRollbackNumerator, "producers[0].tx_rollback: 2/1 is not a probability");
        assert_eq!(e.scenario, before);
        let e = run(e, [set(p.clone(), Field::TxRollbackDenominator, "4"), set(p.clone(), Field::TxRollbackNumerator, "1")]);
        assert_eq!(e.scenario.producers[0].tx_rollback, crate::core::rng::Ratio::new(1, 4));
        // Leaving tx mode drops what only tx mode means, so the scenario stays valid.
        let e = run(e, [set(p.clone(), Field::Mode, "confirm"), set(p.clone(), Field::MessageIds, "false")]);
        assert_eq!(e.error, None);
        let spec = &e.scenario.producers[0];
        assert_eq!((spec.tx_batch, spec.tx_rollback, spec.message_ids), (1, crate::core::rng::Ratio::NEVER, false));
    }

    #[test]
    fn consumer_processing_failure_and_store_use_are_editable_and_checked() {
        use crate::sim::scenario::{CacheSpec, Idempotency, LockSpec, Processing};
        let c = Item::node(Kind::Consumer, "consumer-1");
        let e = clients();
        assert_eq!(fields::get(&e.scenario, &c, &Field::ProcessingDist), "uniform");
        let before = Rc::clone(&e.scenario);
        let e = run(e, [set(c.clone(), Field::ProcessingMin, "500")]);
        refused(&e, &c, Field::ProcessingMin, "consumers[0].processing_ms: min 500 is above max 100");
        let e = run(e, [set(c.clone(), Field::FailureNumerator, "3")]);
        refused(&e, &c, Field::FailureNumerator, "consumers[0].failure: 3/1 is not a probability");
        assert_eq!(e.scenario, before);

        let e = run(e, [set(c.clone(), Field::ProcessingDist, "exponential")]);
        assert_eq!(e.scenario.consumers[0].processing, Some(Processing::Exponential { mean_ms: 75 }));
        let e = run(e, [set(c.clone(), Field::ProcessingMean, "0")]);
        refused(&e, &c, Field::ProcessingMean, "processing.mean_ms: must be > 0");
        let e = run(e, [set(c.clone(), Field::ProcessingDist, "uniform"), set(c.clone(), Field::ProcessingMax, "10")]);
        refused(&e, &c, Field::ProcessingMax, "consumers[0].processing.min_ms: 75 is above max_ms 10");
        let e = run(e, [set(c.clone(), Field::ProcessingDist, "fixed"), set(c.clone(), Field::ProcessingFixed, "20")]);
        assert_eq!(e.scenario.consumers[0].processing, Some(Processing::Fixed { ms: 20 }));

        let e = run(
            e,
            [
                set(c.clone(), Field::Idempotency, "unique_key"),
                set(c.clone(), Field::Lock, "true"),
                set(c.clone(), Field::LockLease, "250"),
                set(c.clone(), Field::Cache, "true"),
                set(c.clone(), Field::CacheTtl, "5000"),
            ],
        );
        assert_eq!(e.error, None);
        let spec = &e.scenario.consumers[0];
        assert_eq!(spec.idempotency, Idempotency::UniqueKey);
        assert_eq!(spec.lock, Some(LockSpec { key: "lock:queue-1".into(), lease_ms: 250, retry_ms: 10 }));
        assert_eq!(spec.cache, Some(CacheSpec { ttl_ms: 5000 }));
        let e = run(e, [set(c.clone(), Field::LockKey, " ")]);
        refused(&e, &c, Field::LockKey, "consumers[0].lock.key: must not be empty");
        let e = run(e, [set(c.clone(), Field::Lock, "false"), set(c.clone(), Field::Cache, "false")]);
        assert_eq!((&e.scenario.consumers[0].lock, e.scenario.consumers[0].cache), (&None, None));
    }

    #[test]
    fn stores_every_client_fault_and_chaos_are_editable_and_checked() {
        use crate::sim::scenario::{Fault, FaultKind as ChaosKind};
        let sc = Item::Scenario;
        let e = run(clients(), [set(sc.clone(), Field::RedisLatency, "3"), set(sc.clone(), Field::MysqlLatency, "12")]);
        assert_eq!((e.scenario.stores.redis.latency_ms, e.scenario.stores.mysql.latency_ms), (3, 12));

        let e = run(e, [Action::Edit(Edit::AddFault)]);
        let kinds: Vec<Fault> = ChaosKind::ALL
            .into_iter()
            .filter(|k| !k.needs_cluster())
            .map(|kind| run(Rc::clone(&e), [set(sc.clone(), Field::FaultKind(0), kind.name())]).scenario.faults[0].fault.clone())
            .collect();
        assert_eq!(
            kinds,
            vec![
                Fault::CrashConsumer { consumer: "consumer-1".into() },
                Fault::CrashProducer { producer: "producer-1".into() },
                Fault::LoseNextAck { consumer: "consumer-1".into() },
                Fault::LoseNextConfirm { producer: "producer-1".into() },
                Fault::KillConnection { client: "consumer-1".into() },
                Fault::DropMessage { client: "consumer-1".into() },
                Fault::DelayMessage { client: "consumer-1".into(), delay_ms: 100 },
                Fault::RestartBroker,
            ]
        );
        let e = run(
            e,
            [
                set(sc.clone(), Field::FaultKind(0), "delay_message"),
                set(sc.clone(), Field::FaultTarget(0), "producer-1"),
                set(sc.clone(), Field::FaultDelay(0), "250"),
            ],
        );
        assert_eq!(e.scenario.faults[0].fault, Fault::DelayMessage { client: "producer-1".into(), delay_ms: 250 });
        let e = run(e, [set(sc.clone(), Field::FaultDelay(0), "0")]);
        refused(&e, &sc, Field::FaultDelay(0), "faults[0].fault.delay_ms: must be > 0");

        let e = run(e, [set(sc.clone(), Field::Chaos, "true"), set(sc.clone(), Field::ChaosRate(ChaosKind::KillConnection), "0.5")]);
        let chaos = e.scenario.chaos.clone().expect("chaos on");
        assert_eq!((chaos.rates_per_s.get(ChaosKind::LoseNextAck), chaos.rates_per_s.get(ChaosKind::KillConnection)), (Some(0.2), Some(0.5)));
        let before = Rc::clone(&e.scenario);
        for (value, needle) in [("-1", "chaos.rates_per_s.kill_connection: must be > 0"), ("fast", "NotNumber")] {
            let e = run(Rc::clone(&e), [set(sc.clone(), Field::ChaosRate(ChaosKind::KillConnection), value)]);
            refused(&e, &sc, Field::ChaosRate(ChaosKind::KillConnection), needle);
            assert_eq!(e.scenario, before);
        }
        let e = run(e, [set(sc.clone(), Field::ChaosRate(ChaosKind::KillNode), "1")]);
        refused(&e, &sc, Field::ChaosRate(ChaosKind::KillNode), "needs a cluster of at least 2 nodes");
        let e = run(e, [set(sc.clone(), Field::ChaosRate(ChaosKind::LoseNextAck), ""), set(sc.clone(), Field::ChaosEnd, "0")]);
        refused(&e, &sc, Field::ChaosEnd, "chaos.end_ms: must be after start_ms");
        assert_eq!(e.scenario.chaos.as_ref().unwrap().rates_per_s.get(ChaosKind::LoseNextAck), None);
        let e = run(e, [set(sc.clone(), Field::Chaos, "false")]);
        assert_eq!(e.scenario.chaos, None);
    }

    #[test]
    fn binding_from_the_default_exchange_is_refused() {
        let e = run(
            Rc::new(Editor::default()),
            [
                add(Kind::Exchange, "direct"),
                add(Kind::Queue, ""),
                Action::Edit(Edit::Connect {
                    from: NodeRef::new(Kind::Exchange, "direct-1"),
                    to: NodeRef::new(Kind::Queue, "queue-1"),
                }),
            ],
        );
        let before = Rc::clone(&e.scenario);
        let e = run(e, [set(Item::Binding(0), Field::Source, "")]);
        assert_eq!(e.scenario, before);
        assert!(
            matches!(&e.error.as_ref().unwrap().problem, Problem::Refused(m) if m.to_string().contains("default exchange cannot be bound"))
        );
    }

    #[test]
    fn renaming_rewrites_every_reference() {
        let s = Template::by_id("delay-queue").unwrap().scenario().unwrap();
        let e = run(
            Rc::new(Editor::new(s)),
            [
                set(Item::node(Kind::Exchange, "cancel.x"), Field::Name, "cancel.exchange"),
                set(queue("order.cancel"), Field::Name, "cancellations"),
                set(queue("order.delay"), Field::Name, "delay.30s"),
                set(Item::node(Kind::Consumer, "canceller"), Field::Name, "closer"),
            ],
        );
        assert_eq!(e.error, None);
        let s = &e.scenario;
        assert_eq!(s.queues[0].args["x-dead-letter-exchange"], "cancel.exchange");
        assert_eq!((s.bindings[0].source.as_str(), s.bindings[0].dest.as_str()), ("cancel.exchange", "cancellations"));
        assert_eq!(s.consumers[0].queue, "cancellations");
        assert_eq!(s.producers[0].keys, vec!["delay.30s"], "publishing through the default exchange follows the queue");
        assert!(layout::stored(s, &NodeRef::new(Kind::Consumer, "closer")).is_some());
        assert!(layout::stored(s, &NodeRef::new(Kind::Consumer, "canceller")).is_none());
    }

    #[test]
    fn deleting_cascades_and_undo_redo_restore() {
        let s = Template::by_id("lost-ack").unwrap().scenario().unwrap();
        let e = run(
            Rc::new(Editor::new(s.clone())),
            [Action::Select(Select::Only(queue("payments"))), Action::DeleteSelection],
        );
        assert_eq!(e.error, None);
        assert!(e.scenario.queues.is_empty() && e.scenario.consumers.is_empty() && e.scenario.faults.is_empty());
        assert!(e.selection.is_empty());
        let e = run(e, [Action::Undo]);
        assert_eq!(*e.scenario, s);
        let e = run(e, [Action::Redo]);
        assert!(e.scenario.queues.is_empty());
        let e = run(e, [Action::Undo, Action::Undo]);
        assert_eq!(*e.scenario, s, "undo stops at the start");
        assert!(!e.can_undo() && e.can_redo());
    }

    #[test]
    fn a_live_fault_is_an_edit_listed_in_time_order_undone_redone_and_exported() {
        use crate::sim::scenario::{Fault, ScheduledFault};
        let s = Template::by_id("lost-ack").unwrap().scenario().unwrap();
        let crash = ScheduledFault { at_ms: 2_000, fault: Fault::CrashConsumer { consumer: "charger-b".into() } };
        let e = run(Rc::new(Editor::new(s.clone())), [Action::Edit(Edit::InjectFault(crash.clone()))]);
        assert_eq!(e.error, None);
        // Between the schedule's 1 s and 3 s faults.
        assert_eq!(e.scenario.faults.iter().map(|f| f.at_ms).collect::<Vec<_>>(), [1_000, 2_000, 3_000]);
        assert_eq!(e.scenario.faults[1], crash);
        let exported = serde_json::to_string(&*e.scenario).unwrap();
        assert_eq!(parse(&exported).unwrap(), *e.scenario, "export and re-import keep it");
        let e = run(e, [Action::Undo]);
        assert_eq!(*e.scenario, s);
        let e = run(e, [Action::Redo]);
        assert_eq!(e.scenario.faults[1], crash);
        // A fault naming nothing the scenario has is refused and changes nothing.
        let ghost = ScheduledFault { at_ms: 10, fault: Fault::CrashConsumer { consumer: "ghost".into() } };
        let refused = run(e.clone(), [Action::Edit(Edit::InjectFault(ghost))]);
        assert_eq!(refused.scenario, e.scenario);
        assert!(matches!(&refused.error, Some(EditError { problem: Problem::Refused(m), .. }) if m.to_string().contains("ghost")), "{:?}", refused.error);
    }

    #[test]
    fn a_bad_import_keeps_the_work_and_a_good_one_replaces_it() {
        let e = run(Rc::new(Editor::default()), [add(Kind::Queue, "")]);
        let before = Rc::clone(&e.scenario);
        let e = run(e, [Action::Import(r#"{"version": 1, "duration_ms": 0}"#.into())]);
        assert_eq!(e.scenario, before);
        let Some(Problem::Refused(refusal)) = &e.import_error else { panic!("{:?}", e.import_error) };
        assert_eq!(refusal.to_string(), "duration_ms: must be at least 1");
        assert_eq!(refusal.render(crate::lang::Lang::Zh), "duration_ms：至少为 1", "shown in the page's language");
        let e = run(e, [Action::Import("{\"version\": 1".into())]);
        assert!(matches!(&e.import_error, Some(Problem::Invalid(m)) if m.contains("EOF")), "{:?}", e.import_error);
        let e = run(e, [Action::Import(Template::by_id("work-queue").unwrap().json().unwrap())]);
        assert_eq!(e.import_error, None);
        assert_eq!(e.scenario.consumers.len(), 2);
        assert_eq!(e.loads, 1);
        assert!(e.can_undo());
    }

    #[test]
    fn a_ready_made_scenario_that_could_not_be_fetched_changes_nothing_and_names_its_file() {
        let before = Rc::new(Editor::new(Template::by_id("work-queue").unwrap().scenario().unwrap()));
        let e = run(before.clone(), [Action::LoadFailed("scenarios/lost-ack.json: HTTP 404".into())]);
        assert_eq!(e.scenario, before.scenario);
        assert!(!e.can_undo(), "nothing to undo");
        let error = e.error.as_ref().expect("shown in the banner");
        assert_eq!(error.at, None, "not a field's error: the banner over the canvas shows it");
        assert_eq!(crate::lang::Lang::En.problem(&error.problem), "Not applied: scenarios/lost-ack.json: HTTP 404");
        let e = run(e, [Action::DismissError]);
        assert_eq!(e.error, None);
    }

    #[test]
    fn connections_mean_what_their_ends_are() {
        let s = Template::by_id("work-queue").unwrap().scenario().unwrap();
        let e = run(Rc::new(Editor::new(s)), [add(Kind::Exchange, "fanout"), add(Kind::Queue, "")]);
        let x = NodeRef::new(Kind::Exchange, "fanout-1");
        let connect = |from: &NodeRef, to: &NodeRef| Action::Edit(Edit::Connect { from: from.clone(), to: to.clone() });
        let producer = NodeRef::new(Kind::Producer, "dispatcher");
        let worker = NodeRef::new(Kind::Consumer, "worker-1");
        let q1 = NodeRef::new(Kind::Queue, "queue-1");
        let e = run(e, [connect(&producer, &x), connect(&q1, &worker), connect(&x, &q1), connect(&q1, &x)]);
        assert_eq!(e.error, None);
        let s = &e.scenario;
        assert_eq!(s.producers[0].exchange, "fanout-1");
        assert_eq!(s.consumers[0].queue, "queue-1");
        assert_eq!(s.bindings.len(), 1);
        assert_eq!(s.queues[1].args["x-dead-letter-exchange"], "fanout-1");
        let e = run(e, [connect(&x, &q1)]);
        assert_eq!(e.error.as_ref().unwrap().problem, Problem::AlreadyBound);
        let e = run(e, [connect(&worker, &producer)]);
        assert_eq!(e.error.as_ref().unwrap().problem, Problem::CannotConnect(Kind::Consumer, Kind::Producer));
    }
}
