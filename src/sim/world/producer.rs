//! Simulated producers: publish on a timer, in plain, confirm or tx mode; in confirm mode resend
//! what is not confirmed in time (publisher-side duplicates).

use std::collections::BTreeMap;
use std::rc::Rc;

use super::{Wakeup, World};
use crate::core::command::Command;
use crate::core::ids::{ChannelId, ConnectionId};
use crate::core::message::Properties;
use crate::core::value::{table_from_json, Table};
use crate::sim::scenario::{ProducerSpec, PublishMode};

#[derive(Clone, Debug)]
pub(super) struct Producer {
    pub(super) connection: Option<ConnectionId>,
    pub(super) channel: Option<ChannelId>,
    /// The spec's exchange, keys and headers, prepared once rather than on every publish.
    pub(super) exchange: Rc<str>,
    pub(super) keys: Vec<Rc<str>>,
    pub(super) headers: Table,
    pub(super) sent: u64,
    /// Confirm mode: publish sequence number -> (message id, routing key), until confirmed.
    pub(super) pending: BTreeMap<u64, (Rc<str>, Rc<str>)>,
    pub(super) next_seq: u64,
    pub(super) lose_next_confirm: bool,
}

impl Producer {
    pub(super) fn new(spec: &ProducerSpec) -> Producer {
        Producer {
            connection: None,
            channel: None,
            exchange: spec.exchange.as_str().into(),
            keys: spec.keys.iter().map(|k| Rc::from(k.as_str())).collect(),
            headers: table_from_json(&spec.headers).expect("validated"),
            sent: 0,
            pending: BTreeMap::new(),
            next_seq: 1,
            lose_next_confirm: false,
        }
    }
}

impl World {
    pub(super) fn producer_channel(&mut self, i: usize) -> ChannelId {
        if let Some(ch) = self.alive(self.producers[i].channel) {
            return ch;
        }
        let name = self.scenario.producers[i].name.clone();
        let (connection, channel) = self.open_channel(&name);
        let mode = self.scenario.producers[i].mode;
        match mode {
            PublishMode::Confirm => self.apply(Command::ConfirmSelect { channel }),
            PublishMode::Tx => self.apply(Command::TxSelect { channel }),
            PublishMode::Plain => None,
        };
        let p = &mut self.producers[i];
        // A new channel numbers its publishes from 1 again; what was pending will never be confirmed.
        p.next_seq = 1;
        p.connection = Some(connection);
        p.channel = Some(channel);
        channel
    }

    pub(super) fn publish_next(&mut self, i: usize) {
        let spec = &self.scenario.producers[i];
        let (count, interval_ms) = (spec.count, spec.interval_ms);
        let p = &mut self.producers[i];
        if count.is_some_and(|c| p.sent >= c) {
            return;
        }
        let n = p.sent;
        p.sent += 1;
        let id: Rc<str> = format!("{}-{}", spec.name, n + 1).into();
        let key = p.keys[(n % p.keys.len() as u64) as usize].clone();
        self.guarantees.published += 1;
        self.send(i, id, key);
        self.wake(self.now().plus_millis(interval_ms), Wakeup::Publish(i));
    }

    /// One `basic.publish` of message `id` (a first send or a resend).
    pub(super) fn send(&mut self, i: usize, id: Rc<str>, key: Rc<str>) {
        let channel = self.producer_channel(i);
        let spec = &self.scenario.producers[i];
        let (mode, confirm_timeout_ms) = (spec.mode, spec.confirm_timeout_ms);
        let p = &self.producers[i];
        let properties = Properties {
            persistent: spec.persistent,
            priority: None,
            expiration: spec.expiration.clone(),
            message_id: Some(id.to_string()),
            headers: p.headers.clone(),
        };
        let command = Command::Publish {
            channel,
            exchange: p.exchange.clone(),
            routing_key: key.clone(),
            mandatory: spec.mandatory,
            immediate: false,
            properties,
            body: id.clone(),
        };
        self.guarantees.publishes += 1;
        let published = self.broker.apply(command).is_ok();
        if published && mode == PublishMode::Confirm {
            let p = &mut self.producers[i];
            let seq = p.next_seq;
            p.next_seq += 1;
            p.pending.insert(seq, (id, key));
            if let Some(ms) = confirm_timeout_ms {
                self.wake(self.now().plus_millis(ms), Wakeup::ConfirmTimeout { producer: i, seq });
            }
        }
        if published && mode == PublishMode::Tx {
            self.broker.apply(Command::TxCommit { channel }).ok();
        }
        self.absorb();
    }

    /// Resends, under the same message id and key, what was not confirmed in time.
    pub(super) fn confirm_timed_out(&mut self, i: usize, seq: u64) {
        let Some((id, key)) = self.producers[i].pending.remove(&seq) else { return };
        self.guarantees.resends += 1;
        self.send(i, id, key);
    }

}
