//! Method builders: `queue`, `exchange`, `msg`, `consumer` describe AMQP methods; the free
//! functions build the simple ones (`ack`, `qos`, …).
#![allow(dead_code)]

use warren::core::{ChannelId, Command, ConnectionId, Properties, Table, Value};

use super::strs;

#[derive(Clone, Debug, Default)]
pub struct QueueDecl {
    pub name: String,
    pub durable: bool,
    pub exclusive: bool,
    pub auto_delete: bool,
    pub passive: bool,
    pub args: Table,
}

/// `queue.declare` of `name` (transient, non-exclusive, no arguments unless added).
pub fn queue(name: &str) -> QueueDecl {
    QueueDecl { name: name.into(), ..QueueDecl::default() }
}

impl QueueDecl {
    pub fn durable(mut self) -> Self {
        self.durable = true;
        self
    }
    pub fn exclusive(mut self) -> Self {
        self.exclusive = true;
        self
    }
    pub fn auto_delete(mut self) -> Self {
        self.auto_delete = true;
        self
    }
    pub fn passive(mut self) -> Self {
        self.passive = true;
        self
    }
    pub fn arg(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.args.insert(key.into(), value.into());
        self
    }
    pub fn ttl(self, ms: i64) -> Self {
        self.arg("x-message-ttl", ms)
    }
    pub fn dlx(self, exchange: &str) -> Self {
        self.arg("x-dead-letter-exchange", exchange)
    }
    pub fn dlrk(self, key: &str) -> Self {
        self.arg("x-dead-letter-routing-key", key)
    }
    pub fn max_length(self, n: i64) -> Self {
        self.arg("x-max-length", n)
    }
    pub fn overflow(self, mode: &str) -> Self {
        self.arg("x-overflow", mode)
    }
    pub fn on(self, channel: ChannelId) -> Command {
        Command::DeclareQueue {
            channel,
            name: self.name,
            durable: self.durable,
            exclusive: self.exclusive,
            auto_delete: self.auto_delete,
            args: self.args,
            passive: self.passive,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ExchangeDecl {
    pub name: String,
    pub kind: String,
    pub durable: bool,
    pub auto_delete: bool,
    pub internal: bool,
    pub passive: bool,
    pub args: Table,
}

/// `exchange.declare` of `name` with type `kind` (transient unless made durable).
pub fn exchange(name: &str, kind: &str) -> ExchangeDecl {
    ExchangeDecl { name: name.into(), kind: kind.into(), ..ExchangeDecl::default() }
}

impl ExchangeDecl {
    pub fn durable(mut self) -> Self {
        self.durable = true;
        self
    }
    pub fn auto_delete(mut self) -> Self {
        self.auto_delete = true;
        self
    }
    pub fn internal(mut self) -> Self {
        self.internal = true;
        self
    }
    pub fn alternate(mut self, ae: &str) -> Self {
        self.args.insert("alternate-exchange".into(), ae.into());
        self
    }
    pub fn on(self, channel: ChannelId) -> Command {
        Command::DeclareExchange {
            channel,
            name: self.name,
            kind: self.kind,
            durable: self.durable,
            auto_delete: self.auto_delete,
            internal: self.internal,
            args: self.args,
            passive: self.passive,
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Publish {
    pub exchange: String,
    pub routing_key: String,
    pub mandatory: bool,
    pub immediate: bool,
    pub properties: Properties,
    pub body: String,
}

/// `basic.publish` of `body`, to the default exchange with an empty key unless changed.
pub fn msg(body: &str) -> Publish {
    Publish { body: body.into(), ..Publish::default() }
}

impl Publish {
    pub fn to(mut self, exchange: &str) -> Self {
        self.exchange = exchange.into();
        self
    }
    pub fn key(mut self, routing_key: &str) -> Self {
        self.routing_key = routing_key.into();
        self
    }
    pub fn mandatory(mut self) -> Self {
        self.mandatory = true;
        self
    }
    pub fn immediate(mut self) -> Self {
        self.immediate = true;
        self
    }
    pub fn persistent(mut self) -> Self {
        self.properties.persistent = true;
        self
    }
    pub fn expiration(mut self, ms: &str) -> Self {
        self.properties.expiration = Some(ms.into());
        self
    }
    pub fn priority(mut self, p: u8) -> Self {
        self.properties.priority = Some(p);
        self
    }
    pub fn header(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.properties.headers.insert(key.into(), value.into());
        self
    }
    pub fn headers(mut self, headers: Table) -> Self {
        self.properties.headers = headers;
        self
    }
    pub fn cc(self, keys: &[&str]) -> Self {
        self.header("CC", strs(keys))
    }
    pub fn bcc(self, keys: &[&str]) -> Self {
        self.header("BCC", strs(keys))
    }
    pub fn on(self, channel: ChannelId) -> Command {
        Command::Publish {
            channel,
            exchange: self.exchange.into(),
            routing_key: self.routing_key.into(),
            mandatory: self.mandatory,
            immediate: self.immediate,
            properties: self.properties,
            body: self.body.into(),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Consume {
    pub queue: String,
    pub tag: String,
    pub auto_ack: bool,
    pub exclusive: bool,
    pub args: Table,
}

/// `basic.consume` on `queue`, manual ack, broker-named tag unless given.
pub fn consumer(queue: &str) -> Consume {
    Consume { queue: queue.into(), ..Consume::default() }
}

impl Consume {
    pub fn tag(mut self, tag: &str) -> Self {
        self.tag = tag.into();
        self
    }
    pub fn auto_ack(mut self) -> Self {
        self.auto_ack = true;
        self
    }
    pub fn exclusive(mut self) -> Self {
        self.exclusive = true;
        self
    }
    pub fn priority(mut self, p: i64) -> Self {
        self.args.insert("x-priority".into(), p.into());
        self
    }
    pub fn on(self, channel: ChannelId) -> Command {
        Command::Consume {
            channel,
            queue: self.queue,
            tag: self.tag,
            auto_ack: self.auto_ack,
            exclusive: self.exclusive,
            args: self.args,
        }
    }
}

pub fn bind(channel: ChannelId, exchange: &str, queue: &str, key: &str) -> Command {
    bind_args(channel, exchange, queue, key, Table::new())
}
pub fn bind_args(channel: ChannelId, exchange: &str, queue: &str, key: &str, args: Table) -> Command {
    Command::Bind {
        channel,
        source: exchange.into(),
        destination: queue.into(),
        to_exchange: false,
        key: key.into(),
        args,
    }
}
pub fn unbind(channel: ChannelId, exchange: &str, queue: &str, key: &str) -> Command {
    Command::Unbind {
        channel,
        source: exchange.into(),
        destination: queue.into(),
        to_exchange: false,
        key: key.into(),
        args: Table::new(),
    }
}
pub fn get(channel: ChannelId, queue: &str) -> Command {
    Command::Get { channel, queue: queue.into(), auto_ack: false }
}
pub fn get_auto(channel: ChannelId, queue: &str) -> Command {
    Command::Get { channel, queue: queue.into(), auto_ack: true }
}
pub fn ack(channel: ChannelId, tag: u64) -> Command {
    Command::ack(channel, tag, false)
}
pub fn ack_multiple(channel: ChannelId, tag: u64) -> Command {
    Command::ack(channel, tag, true)
}
pub fn nack(channel: ChannelId, tag: u64, multiple: bool, requeue: bool) -> Command {
    Command::nack(channel, tag, multiple, requeue)
}
pub fn reject(channel: ChannelId, tag: u64, requeue: bool) -> Command {
    Command::reject(channel, tag, requeue)
}
pub fn qos(channel: ChannelId, prefetch_count: u32) -> Command {
    Command::prefetch(channel, prefetch_count)
}
pub fn qos_global(channel: ChannelId, prefetch_count: u32) -> Command {
    Command::Qos { channel, prefetch_count, prefetch_size: 0, global: true }
}
pub fn cancel(channel: ChannelId, tag: &str) -> Command {
    Command::Cancel { channel, tag: tag.into() }
}
pub fn recover(channel: ChannelId) -> Command {
    Command::Recover { channel, requeue: true }
}
pub fn close_channel(channel: ChannelId) -> Command {
    Command::CloseChannel { channel }
}
pub fn close_connection(connection: ConnectionId) -> Command {
    Command::CloseConnection { connection }
}
pub fn confirm_select(channel: ChannelId) -> Command {
    Command::ConfirmSelect { channel }
}
pub fn tx_select(channel: ChannelId) -> Command {
    Command::TxSelect { channel }
}
pub fn tx_commit(channel: ChannelId) -> Command {
    Command::TxCommit { channel }
}
pub fn tx_rollback(channel: ChannelId) -> Command {
    Command::TxRollback { channel }
}
pub fn delete_queue(channel: ChannelId, name: &str) -> Command {
    Command::DeleteQueue { channel, name: name.into(), if_unused: false, if_empty: false }
}
pub fn purge(channel: ChannelId, name: &str) -> Command {
    Command::PurgeQueue { channel, name: name.into() }
}
