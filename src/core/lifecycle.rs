//! Connections and channels opening and closing, channel errors, and a broker restart.

use std::rc::Rc;

use super::broker::Broker;
use super::channel::{Channel, Connection, Settle};
use super::error::AmqpError;
use super::event::{DropReason, Event};
use super::ids::{ChannelId, ConnectionId, NodeId, QueueId};
use super::queue_config::QueueKind;
use crate::core::error::CHANNEL_ERROR;

impl Broker {
    pub(super) fn open_connection(&mut self, name: &str, node: NodeId) -> ConnectionId {
        let id = ConnectionId(self.connections.len() as u32);
        self.connections.push(Some(Connection { id, name: Rc::from(name), node, channels: Vec::new() }));
        self.emit(Event::ConnectionOpened { connection: id });
        id
    }

    pub(super) fn open_channel(&mut self, connection: ConnectionId) -> Result<ChannelId, AmqpError> {
        let id = ChannelId(self.channels.len() as u32);
        let conn = self
            .connections
            .get_mut(connection.index())
            .and_then(Option::as_mut)
            .ok_or_else(|| AmqpError::new(CHANNEL_ERROR, format!("CHANNEL_ERROR - connection {} is not open", connection.0)))?;
        conn.channels.push(id);
        self.channels.push(Some(Channel::new(id, connection, self.now)));
        self.emit(Event::ChannelOpened { channel: id });
        Ok(id)
    }

    /// A failed command closes its channel, or its whole connection for a hard error.
    pub(super) fn fail_channel(&mut self, channel: ChannelId, error: &AmqpError) {
        let Some(connection) = self.channel(channel).map(|c| c.connection) else { return };
        if error.closes_connection() {
            let _ = self.close_connection(connection, error.code, &error.text);
        } else {
            self.close_channel(channel, error.code, &error.text);
        }
    }

    /// Closing a channel cancels its consumers and requeues everything it held unacked, in
    /// delivery-tag order (each goes back to its original position), flagged redelivered.
    pub(super) fn close_channel(&mut self, channel: ChannelId, code: u16, text: &str) {
        self.close_channels(&[channel], code, text);
    }

    /// Closes channels together: every consumer on any of them is unregistered before anything
    /// is requeued, so nothing requeued here is delivered back to a channel that is closing.
    fn close_channels(&mut self, channels: &[ChannelId], code: u16, text: &str) {
        let mut left: Vec<QueueId> = Vec::new();
        for &channel in channels {
            let consumers: Vec<_> = self.channel(channel).map(|c| c.consumers.clone().into_iter().collect()).unwrap_or_default();
            for (tag, queue) in consumers {
                if self.unregister_consumer(queue, channel, &tag, false) {
                    left.push(queue);
                }
            }
        }
        for &channel in channels {
            let Some(mut ch) = self.channels.get_mut(channel.index()).and_then(Option::take) else { continue };
            if let Some(conn) = self.connections.get_mut(ch.connection.index()).and_then(Option::as_mut) {
                conn.channels.retain(|c| *c != channel);
            }
            // A transaction's held acks are forgotten: those deliveries are simply unacked again.
            let held: Vec<_> = ch.tx_settles.drain(..).flat_map(|p| p.deliveries).collect();
            ch.restore_deliveries(held);
            let deliveries: Vec<_> = ch.unacked.drain(..).collect();
            self.settle_deliveries(channel, deliveries, Settle::Return);
            self.emit(Event::ChannelClosed { channel, code, text: text.to_string() });
        }
        left.sort_unstable();
        left.dedup();
        for queue in left {
            self.after_consumer_left(queue);
        }
    }

    pub(super) fn close_connection(&mut self, connection: ConnectionId, code: u16, text: &str) -> Result<(), AmqpError> {
        self.close_connections(&[connection], code, text)
    }

    pub(super) fn close_connections(&mut self, connections: &[ConnectionId], code: u16, text: &str) -> Result<(), AmqpError> {
        let mut channels = Vec::new();
        for connection in connections {
            let conn = self
                .connection(*connection)
                .ok_or_else(|| AmqpError::new(CHANNEL_ERROR, format!("CHANNEL_ERROR - connection {} is not open", connection.0)))?;
            channels.extend(conn.channels.iter().copied());
        }
        self.close_channels(&channels, code, text);
        for &connection in connections {
            self.connections[connection.index()] = None;
            // Exclusive queues die with the connection that declared them.
            let owned: Vec<_> = self.queues().filter(|q| q.exclusive_owner == Some(connection)).map(|q| q.id).collect();
            for queue in owned {
                self.delete_queue(queue, "its exclusive connection closed");
            }
            self.emit(Event::ConnectionClosed { connection, code, text: text.to_string() });
        }
        Ok(())
    }

    /// The node stops and starts again. Every connection drops; transient queues and exchanges
    /// are gone; durable queues come back with only their persistent messages.
    pub(super) fn restart(&mut self) {
        let open: Vec<_> = self.connections.iter().flatten().map(|c| c.id).collect();
        let _ = self.close_connections(&open, 320, "CONNECTION_FORCED - broker shutdown");
        let transient: Vec<_> = self.queues().filter(|q| !q.durable).map(|q| q.id).collect();
        for queue in transient {
            self.delete_queue(queue, "transient queue lost in restart");
        }
        let durable: Vec<_> = self.queues().map(|q| q.id).collect();
        for id in durable {
            let queue = self.queue_mut(id).expect("listed above");
            // Quorum queues persist every message, whatever its delivery mode.
            let quorum = queue.config.kind == QueueKind::Quorum;
            let lost = queue.ready.retain(|m| quorum || m.msg.persistent);
            queue.active_consumer = None;
            for m in lost {
                self.drop_copy(id, m.copy, DropReason::TransientOnRestart);
            }
            self.arm_unused_timer(id);
            self.arm_head_timer(id);
        }
        let transient: Vec<_> = self.exchanges.values().filter(|x| !x.durable).map(|x| x.name.clone()).collect();
        for name in transient {
            self.remove_exchange(&name);
        }
        self.emit(Event::BrokerRestarted);
    }
}
