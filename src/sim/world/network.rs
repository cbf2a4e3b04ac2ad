//! A client's messages to the broker. Normally they arrive at once; a `delay_message` fault holds
//! them (in order, as on one TCP connection) until a time, then they arrive together. Dropping
//! one is decided by the sender (`drop_next`, `lose_next_ack`), since what it means depends on
//! the message.

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
}

impl World {
    fn link(&mut self, client: Client) -> &mut Link {
        match client {
            Client::Producer(i) => &mut self.producers[i].link,
            Client::Consumer(i) => &mut self.consumers[i].link,
        }
    }

    /// Sends one command from a client: applied now, or held while the link is delayed. False
    /// when the broker refused it at once (a held command counts as sent).
    pub(super) fn transmit(&mut self, client: Client, command: Command) -> bool {
        let now = self.now();
        let link = self.link(client);
        if now < link.held_until || !link.outbox.is_empty() {
            link.outbox.push_back(command);
            return true;
        }
        self.apply(command).is_some()
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
            self.apply(command);
        }
    }
}
