//! A republishing consumer (a shovel): what it receives, it publishes again to an exchange on
//! its own channel, then acks. On a dead-letter queue it brings expired messages back (the
//! operator's re-publish of topic 9); the publish goes out before the ack on the same
//! connection, so a crash in between duplicates a message rather than losing it.

use std::rc::Rc;

use super::{Client, World};
use crate::sim::client_event::ClientStep;
use crate::core::command::Command;
use crate::core::ids::ChannelId;
use crate::core::message::Properties;
use crate::core::value::Table;

impl World {
    /// Consumer `i` republishes message `id` (routing key `key`) received on `channel`. False
    /// when the channel is gone (the broker requeued the delivery already).
    pub(super) fn republish(&mut self, i: usize, channel: ChannelId, id: &Rc<str>, key: &Rc<str>, has_id: bool) -> bool {
        let Some(spec) = self.scenario.consumers[i].republish.clone() else { return false };
        if self.alive(Some(channel)).is_none() {
            return false;
        }
        let properties = Properties {
            persistent: true,
            priority: None,
            expiration: spec.expiration.clone(),
            message_id: has_id.then(|| id.clone()),
            headers: Table::default(),
        };
        let (exchange, routing_key): (Rc<str>, Rc<str>) = (spec.exchange.as_str().into(), spec.routing_key.as_deref().map_or_else(|| key.clone(), Rc::from));
        let step = ClientStep::Republished { consumer: i as u32, exchange: exchange.clone(), routing_key: routing_key.clone() };
        let command = Command::Publish {
            channel,
            exchange,
            routing_key,
            mandatory: false,
            immediate: false,
            properties,
            body: id.clone(),
        };
        self.note(Some(id), step);
        if self.transmit(Client::Consumer(i), command) {
            self.measures.republished += 1;
        }
        true
    }
}
