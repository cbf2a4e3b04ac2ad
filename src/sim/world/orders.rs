//! Orders in the MySQL-like store, for the delay-queue pattern: a producer with `orders` places
//! an unpaid order with each message; its customer may pay during the delay; a canceller
//! consumer settles the order when the delayed message reaches it, cancelling it blindly or only
//! while it is unpaid. A payment for an order already cancelled is counted, and so is how late
//! each order was settled after its delay ran out (the per-message-TTL head-of-line trap).

use std::collections::BTreeMap;

use super::books::MsgKey;
use std::rc::Rc;

use super::{Wakeup, World};
use crate::sim::client_event::ClientStep;
use crate::sim::message_id;
use crate::core::Time;
use crate::sim::distribution::processing_us;
use crate::sim::scenario::OrderAction;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Unpaid,
    Paid,
    Cancelled,
}

#[derive(Clone, Copy, Debug)]
struct Order {
    /// When its delay runs out: placed plus the message's expiration.
    due: Time,
    state: State,
    settled: bool,
}

/// The orders table, by the message that carries each order.
#[derive(Clone, Debug, Default)]
pub(super) struct Orders {
    rows: BTreeMap<MsgKey, Order>,
}

impl World {
    /// Producer `i` publishes message `msg`: if it places orders, an unpaid row, and maybe a
    /// payment during the delay.
    pub(super) fn place_order(&mut self, i: usize, msg: MsgKey) {
        let spec = &self.scenario.producers[i];
        let Some(orders) = spec.orders else { return };
        let delay_ms = spec.expiration.as_deref().and_then(|e| e.parse::<u64>().ok()).unwrap_or(0);
        let now = self.now();
        self.mysql.ops += 1;
        self.orders.rows.insert(msg, Order { due: now.plus_millis(delay_ms), state: State::Unpaid, settled: false });
        self.measures.orders_placed += 1;
        if self.clients_rng.chance(orders.paid) {
            let after = processing_us(&mut self.clients_rng, None, orders.pay_after_ms);
            self.wake(now.plus_micros(after), Wakeup::Pay(msg));
        }
    }

    /// The customer pays: the row turns paid, unless the order was cancelled already.
    pub(super) fn pay(&mut self, msg: MsgKey) {
        let Some(order) = self.orders.rows.get_mut(&msg) else { return };
        self.mysql.ops += 1;
        let too_late = match order.state {
            State::Unpaid => {
                order.state = State::Paid;
                self.measures.orders_paid += 1;
                false
            }
            State::Cancelled => {
                self.measures.paid_after_cancel += 1;
                true
            }
            State::Paid => return,
        };
        let producer = (msg >> 40) as usize;
        if self.keep_log {
            if let Some(p) = self.scenario.producers.get(producer) {
                let id = message_id::format(&p.name, msg & ((1 << 40) - 1));
                self.note(Some(&id), ClientStep::OrderPaid { producer: producer as u32, too_late });
            }
        }
    }

    /// A canceller consumed the order's delayed message: settle it (once; a redelivery finds
    /// it settled).
    pub(super) fn settle_order(&mut self, i: usize, id: &Rc<str>, action: OrderAction, msg: MsgKey) {
        let now = self.now();
        let Some(order) = self.orders.rows.get_mut(&msg) else { return };
        if std::mem::replace(&mut order.settled, true) {
            return;
        }
        self.mysql.ops += 1;
        self.measures.settle_lateness.record(order.due, now);
        let consumer = i as u32;
        let step = match (action, order.state) {
            (_, State::Cancelled) => return,
            (OrderAction::CancelUnpaid, State::Paid) => {
                self.measures.orders_kept_paid += 1;
                ClientStep::OrderKeptPaid { consumer }
            }
            (OrderAction::Cancel, State::Paid) => {
                order.state = State::Cancelled;
                self.measures.orders_cancelled += 1;
                self.measures.paid_orders_cancelled += 1;
                ClientStep::OrderCancelled { consumer, paid: true }
            }
            (_, State::Unpaid) => {
                order.state = State::Cancelled;
                self.measures.orders_cancelled += 1;
                ClientStep::OrderCancelled { consumer, paid: false }
            }
        };
        self.note(Some(id), step);
    }
}
