//! The client's connections and channels during a script, opened lazily and reopened after a
//! channel or connection error, following the conventions in conformance/EXTENSIONS.md.

use super::format::{OnDelivery, PublisherMode};
use super::run::{ConsumerChannel, Runner};
use crate::core::command::Command;
use crate::core::ids::{ChannelId, ConnectionId, NodeId};
use crate::core::AmqpError;

impl Runner<'_> {
    /// A connection's name on a node: `main` on the first node, `main@rabbit2` on another
    /// (the oracle's convention).
    pub(super) fn connection_name(&self, base: Option<&str>, node: NodeId) -> String {
        let base = base.unwrap_or("main");
        match (node.0, self.script.nodes.get(node.index())) {
            (0, _) | (_, None) => base.to_string(),
            (_, Some(name)) => format!("{base}@{name}"),
        }
    }

    /// The node a connection name is on (see [`Self::connection_name`]).
    fn node_of_connection(&self, name: &str) -> NodeId {
        let node = name.rsplit_once('@').map(|(_, node)| node);
        self.node(node)
    }

    /// The open connection of that name, connecting when needed. A node that is stopped or
    /// killed refuses the connection: the step that needed it records the refusal in `errors`.
    pub(super) fn connection(&mut self, name: &str) -> Result<ConnectionId, AmqpError> {
        if let Some(id) = self.connections.get(name).filter(|id| self.broker.connection(**id).is_some()) {
            return Ok(*id);
        }
        let node = self.node_of_connection(name);
        let id = self.broker.new_connection(name, Some(node))?;
        self.connections.insert(name.to_string(), id);
        Ok(id)
    }

    pub(super) fn open_channel(&mut self, connection: &str) -> Result<ChannelId, AmqpError> {
        let connection = self.connection(connection)?;
        self.broker.new_channel(connection)
    }

    pub(super) fn alive(&self, channel: Option<ChannelId>) -> Option<ChannelId> {
        channel.filter(|c| self.broker.channel(*c).is_some())
    }

    /// The publisher channel on `node`, opened (in the script's publisher mode) when needed.
    pub(super) fn publisher_on(&mut self, node: NodeId) -> Result<ChannelId, AmqpError> {
        if let Some(ch) = self.alive(self.publishers.get(&node).copied()) {
            return Ok(ch);
        }
        let channel = self.open_channel(&self.connection_name(None, node))?;
        let select = match self.script.publisher {
            PublisherMode::Plain => None,
            PublisherMode::Confirm => Some(Command::ConfirmSelect { channel }),
            PublisherMode::Tx => Some(Command::TxSelect { channel }),
        };
        if let Some(select) = select {
            self.broker.apply(select)?;
        }
        self.publishers.insert(node, channel);
        Ok(channel)
    }

    pub(super) fn publisher(&mut self) -> Result<ChannelId, AmqpError> {
        self.publisher_on(NodeId(0))
    }

    pub(super) fn declarer_on(&mut self, node: NodeId) -> Result<ChannelId, AmqpError> {
        if let Some(ch) = self.alive(self.declarers.get(&node).copied()) {
            return Ok(ch);
        }
        let channel = self.open_channel(&self.connection_name(None, node))?;
        self.declarers.insert(node, channel);
        Ok(channel)
    }

    pub(super) fn declarer(&mut self) -> Result<ChannelId, AmqpError> {
        self.declarer_on(NodeId(0))
    }

    pub(super) fn consumer_channel(&mut self, name: &str, connection: Option<&str>) -> Result<ChannelId, AmqpError> {
        if let Some(ch) = self.alive(self.consumers.get(name).map(|c| c.channel)) {
            return Ok(ch);
        }
        let known = self.consumers.get(name).map(|c| c.connection.clone());
        let connection = connection.map(str::to_string).or(known).unwrap_or_else(|| "main".to_string());
        let channel = self.open_channel(&connection)?;
        self.consumers.insert(name.to_string(), ConsumerChannel { channel, connection, on_delivery: None });
        self.opened.retain(|n| n != name);
        self.opened.push(name.to_string());
        Ok(channel)
    }

    pub(super) fn consumer_named(&self, channel: ChannelId) -> Option<(&str, Option<OnDelivery>)> {
        self.consumers.iter().find(|(_, c)| c.channel == channel).map(|(n, c)| (n.as_str(), c.on_delivery))
    }
}
