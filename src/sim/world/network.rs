//! A client's messages to the broker. They arrive after the scenario's client latency (at once
//! without one), in order, as on one TCP connection; a `delay_message` fault holds them until a
//! time, then they go together. Dropping one is decided by the sender (`drop_next`,
//! `lose_next_ack`), since what it means depends on the message. The way back (deliveries,
//! confirms) takes the same latency: see `consumer.rs` and `books.rs`.

use std::collections::VecDeque;

use super::{Client, Wakeup, World};
use crate::core::command::Command;
use crate::core::Time;

/// One client's side of the network to the broker.
#[derive(Clone, Debug, Default)]
pub(super) struct Link {
    /// Messages sent before this time are held.
    pub(super) held_until: Time,
    pub(super) outbox: VecDeque<Command>,
    /// Sent, not yet arrived: (arrival time, command), in order.
    pub(super) in_flight: VecDeque<(Time, Command)>,
}

impl World {
    fn link(&mut self, client: Client) -> &mut Link {
        match client {
            Client::Producer(i) => &mut self.producers[i].link,
            Client::Consumer(i) => &mut self.consumers[i].link,
        }
    }

    /// Sends one command from a client: applied now, held while the link is delayed, or on the
    /// wire for the client latency. False when the broker refused it at once (a held or
    /// travelling command counts as sent).
    pub(super) fn transmit(&mut self, client: Client, command: Command) -> bool {
        let now = self.now();
        let link = self.link(client);
        if now < link.held_until || !link.outbox.is_empty() {
            link.outbox.push_back(command);
            return true;
        }
        self.send_on_wire(client, command)
    }

    /// The command leaves the client now and arrives after the latency (behind what is already
    /// travelling on this link).
    fn send_on_wire(&mut self, client: Client, command: Command) -> bool {
        let latency = self.scenario.network.client_latency_us;
        if latency == 0 && self.link(client).in_flight.is_empty() {
            return self.apply(command).is_some();
        }
        let at = self.now().plus_micros(latency);
        let link = self.link(client);
        link.in_flight.push_back((at, command));
        if link.in_flight.len() == 1 {
            self.wake(at, Wakeup::Arrive(client));
        }
        true
    }

    /// What has travelled long enough reaches the broker, in order.
    pub(super) fn arrive(&mut self, client: Client) {
        let now = self.now();
        while self.link(client).in_flight.front().is_some_and(|(at, _)| *at <= now) {
            let (_, command) = self.link(client).in_flight.pop_front().expect("checked");
            self.apply(command);
        }
        if let Some(&(at, _)) = self.link(client).in_flight.front() {
            self.wake(at, Wakeup::Arrive(client));
        }
    }

    /// Holds the client's messages for `delay_ms`.
    pub(super) fn hold(&mut self, client: Client, delay_ms: u64) {
        let until = self.now().plus_millis(delay_ms);
        let link = self.link(client);
        if until > link.held_until {
            link.held_until = until;
            self.wake(until, Wakeup::Flush(client));
        }
    }

    /// The hold is over: what was held arrives, in order.
    pub(super) fn flush(&mut self, client: Client) {
        let now = self.now();
        if now < self.link(client).held_until {
            return; // A later delay extended the hold; its own flush will come.
        }
        while let Some(command) = self.link(client).outbox.pop_front() {
            self.send_on_wire(client, command);
        }
    }
}
