//! Opening connections and channels and the commands clients send most, the steps every driver
//! of the broker takes (the World, the
//! script runner, the random runs, the workloads and the tests' harness): the reply is checked
//! here once instead of matched by each. Like every call, these may queue events for
//! `drain_events`.

use super::broker::Broker;
use super::command::{Command, Reply};
use super::error::{AmqpError, INTERNAL_ERROR};
use super::ids::{ChannelId, ConnectionId, NodeId};

/// The commands every driver sends, in the form clients send them.
impl Command {
    /// A connection named `name` to `node` (None: the first node).
    pub fn connect(name: &str, node: Option<NodeId>) -> Command {
        match node {
            Some(node) => Command::Connect { name: name.into(), node },
            None => Command::OpenConnection { name: name.into() },
        }
    }
    /// `basic.qos` as clients set it: a prefetch count for each new consumer (no size, not global).
    pub fn prefetch(channel: ChannelId, prefetch_count: u32) -> Command {
        Command::Qos { channel, prefetch_count, prefetch_size: 0, global: false }
    }
    pub fn ack(channel: ChannelId, tag: u64, multiple: bool) -> Command {
        Command::Ack { channel, tag, multiple }
    }
    pub fn nack(channel: ChannelId, tag: u64, multiple: bool, requeue: bool) -> Command {
        Command::Nack { channel, tag, multiple, requeue }
    }
    pub fn reject(channel: ChannelId, tag: u64, requeue: bool) -> Command {
        Command::Reject { channel, tag, requeue }
    }
}

impl Broker {
    /// Opens a connection named `name` to `node` (None: the first node). Refused while that node
    /// is down or cut off.
    pub fn new_connection(&mut self, name: &str, node: Option<NodeId>) -> Result<ConnectionId, AmqpError> {
        match self.apply(Command::connect(name, node))? {
            Reply::Connection(id) => Ok(id),
            other => Err(unexpected("a connection", other)),
        }
    }

    /// Opens a channel on an open connection.
    pub fn new_channel(&mut self, connection: ConnectionId) -> Result<ChannelId, AmqpError> {
        match self.apply(Command::OpenChannel { connection })? {
            Reply::Channel(id) => Ok(id),
            other => Err(unexpected("a channel", other)),
        }
    }

    /// A new connection (see [`new_connection`](Broker::new_connection)) with one channel.
    pub fn new_client(&mut self, name: &str, node: Option<NodeId>) -> Result<(ConnectionId, ChannelId), AmqpError> {
        let connection = self.new_connection(name, node)?;
        Ok((connection, self.new_channel(connection)?))
    }
}

fn unexpected(wanted: &str, reply: Reply) -> AmqpError {
    AmqpError::new(INTERNAL_ERROR, format!("INTERNAL_ERROR - expected {wanted}, the broker replied {reply:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::cluster::ClusterConfig;

    #[test]
    fn a_client_opens_on_a_running_node_and_is_refused_on_a_down_one() {
        let mut broker = Broker::with_cluster(1, &ClusterConfig::of(&["a", "b"])).unwrap();
        let (connection, channel) = broker.new_client("c", Some(NodeId(1))).unwrap();
        assert!(broker.connection(connection).is_some() && broker.channel(channel).is_some());
        broker.apply(Command::KillNode { node: NodeId(1) }).unwrap();
        assert_eq!(broker.new_connection("c", Some(NodeId(1))).unwrap_err().code, crate::core::error::CONNECTION_FORCED);
        assert!(broker.new_channel(connection).is_err(), "its connection went with the node");
        assert!(broker.new_client("d", None).is_ok(), "the first node still accepts");
    }
}
