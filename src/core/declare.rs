//! Topology: declaring and deleting exchanges and queues, binding and unbinding, purging.

use std::rc::Rc;

use super::broker::{Broker, Timer};
use super::command::Reply;
use super::error::{AmqpError, RESOURCE_LOCKED};
use super::event::{DropReason, Event};
use super::exchange::{Binding, Destination, Exchange, ExchangeKind};
use super::cluster::replica::Replication;
use super::ids::{ChannelId, QueueId};
use super::queue::{Queue, Ready};
use super::cluster::Profile;
use super::queue_config::{QueueConfig, QueueKind};
use super::value::{Table, Value};

fn no_exchange(name: &str) -> AmqpError {
    AmqpError::not_found(format!("NOT_FOUND - no exchange '{name}' in vhost '/'"))
}
fn no_queue(name: &str) -> AmqpError {
    AmqpError::not_found(format!("NOT_FOUND - no queue '{name}' in vhost '/'"))
}
fn default_exchange_refused() -> AmqpError {
    AmqpError::access_refused("ACCESS_REFUSED - operation not permitted on the default exchange")
}
fn inequivalent(what: &str, field: &str, name: &str, received: impl std::fmt::Debug, current: impl std::fmt::Debug) -> AmqpError {
    AmqpError::precondition(format!(
        "PRECONDITION_FAILED - inequivalent arg '{field}' for {what} '{name}' in vhost '/': received {received:?} but current is {current:?}"
    ))
}

impl Broker {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn declare_exchange(
        &mut self,
        name: &str,
        kind: &str,
        durable: bool,
        auto_delete: bool,
        internal: bool,
        args: Table,
        passive: bool,
    ) -> Result<(), AmqpError> {
        if passive {
            return self.exchanges.get(name).map(|_| ()).ok_or_else(|| no_exchange(name));
        }
        let kind = ExchangeKind::parse(kind)?;
        if name.is_empty() {
            return Err(default_exchange_refused());
        }
        if let Some(existing) = self.exchanges.get(name) {
            if existing.kind != kind {
                return Err(inequivalent("exchange", "type", name, kind.as_str(), existing.kind.as_str()));
            }
            if existing.durable != durable {
                return Err(inequivalent("exchange", "durable", name, durable, existing.durable));
            }
            if existing.auto_delete != auto_delete {
                return Err(inequivalent("exchange", "auto_delete", name, auto_delete, existing.auto_delete));
            }
            if existing.internal != internal {
                return Err(inequivalent("exchange", "internal", name, internal, existing.internal));
            }
            let (old, new) = (existing.args.get("alternate-exchange"), args.get("alternate-exchange"));
            if old != new {
                return Err(inequivalent("exchange", "alternate-exchange", name, new, old));
            }
            return Ok(());
        }
        if name.starts_with("amq.") {
            return Err(AmqpError::access_refused(format!(
                "ACCESS_REFUSED - exchange name '{name}' contains reserved prefix 'amq.*'"
            )));
        }
        let name: Rc<str> = name.into();
        self.routes.clear();
        self.exchanges
            .insert(name.clone(), Exchange { name: name.clone(), kind, durable, auto_delete, internal, args, bindings: Vec::new() });
        self.emit(Event::ExchangeCreated { name });
        Ok(())
    }

    pub(super) fn delete_exchange(&mut self, name: &str, if_unused: bool) -> Result<(), AmqpError> {
        if name.is_empty() {
            return Err(default_exchange_refused());
        }
        if name.starts_with("amq.") {
            return Err(AmqpError::access_refused(format!("ACCESS_REFUSED - deletion of system exchange '{name}' not allowed")));
        }
        let Some(exchange) = self.exchanges.get(name) else { return Ok(()) };
        if if_unused && !exchange.bindings.is_empty() {
            return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - exchange '{name}' in vhost '/' in use")));
        }
        self.remove_exchange(name);
        Ok(())
    }

    /// Removes an exchange with the bindings it is the source or the destination of.
    pub(super) fn remove_exchange(&mut self, name: &str) {
        if self.exchanges.remove(name).is_none() {
            return;
        }
        self.routes.clear();
        let gone = Destination::Exchange(name.into());
        self.remove_bindings_to(&gone);
        self.emit(Event::ExchangeDeleted { name: name.into() });
    }

    /// Removes every binding to `destination`; auto-delete exchanges left without bindings go too.
    fn remove_bindings_to(&mut self, destination: &Destination) {
        self.routes.clear();
        let mut emptied = Vec::new();
        for exchange in self.exchanges.values_mut() {
            let before = exchange.bindings.len();
            exchange.bindings.retain(|b| b.destination != *destination);
            if exchange.auto_delete && before > 0 && exchange.bindings.is_empty() {
                emptied.push(exchange.name.clone());
            }
        }
        for name in emptied {
            self.remove_exchange(&name);
        }
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn declare_queue(
        &mut self,
        channel: ChannelId,
        name: &str,
        durable: bool,
        exclusive: bool,
        auto_delete: bool,
        args: Table,
        passive: bool,
    ) -> Result<Reply, AmqpError> {
        let owner = self.channel(channel).map(|c| c.connection);
        if passive {
            let id = self.find_queue(channel, name)?;
            self.check_reachable(id, channel)?;
            self.arm_unused_timer(id);
            return Ok(self.declare_ok(channel, id));
        }
        // The reserved prefix is refused before existence is checked, even for amq.gen-… names.
        if name.starts_with("amq.") {
            return Err(AmqpError::access_refused(format!("ACCESS_REFUSED - queue name '{name}' contains reserved prefix 'amq.*'")));
        }
        // An exclusive queue is never durable.
        let durable = durable && !exclusive;
        if let Some(existing) = self.queue_named(name) {
            let id = existing.id;
            let owner_matches = existing.exclusive_owner == if exclusive { owner } else { None };
            if !owner_matches {
                return Err(locked(name));
            }
            if existing.durable != durable {
                return Err(inequivalent("queue", "durable", name, durable, existing.durable));
            }
            if existing.auto_delete != auto_delete {
                return Err(inequivalent("queue", "auto_delete", name, auto_delete, existing.auto_delete));
            }
            // The existing queue's type decides which arguments are compared (3.10
            // `assert_args_equivalence`); an absent x-queue-type equals "classic".
            for key in existing.config.kind.known_args() {
                let (old, new) = (existing.args.get(*key), args.get(*key));
                let classic = |v: Option<&Value>| v.is_none_or(|v| v.as_str() == Some("classic"));
                if old != new && !(*key == "x-queue-type" && classic(old) && classic(new)) {
                    return Err(inequivalent("queue", key, name, new, old));
                }
            }
            let id = self.resolve_twin(id, self.node_of_channel(channel));
            self.check_reachable(id, channel)?;
            self.arm_unused_timer(id);
            return Ok(self.declare_ok(channel, id));
        }
        let name: Rc<str> = if name.is_empty() {
            self.next_generated_name += 1;
            format!("amq.gen-{:08}", self.next_generated_name).into()
        } else {
            name.into()
        };
        let mut config = QueueConfig::parse(&args)?;
        if config.kind == QueueKind::Quorum && config.delivery_limit.is_none() && self.cluster.profile == Profile::V4 {
            // 4.x gives every quorum queue a delivery limit of 20.
            config.delivery_limit = Some(20);
        }
        if config.kind == QueueKind::Quorum {
            // A quorum queue must be durable, shared and permanent.
            let invalid = if exclusive {
                Some("exclusive-owner")
            } else if !durable {
                Some("non-durable")
            } else if auto_delete {
                Some("auto-delete")
            } else {
                None
            };
            if let Some(property) = invalid {
                return Err(AmqpError::precondition(format!(
                    "PRECONDITION_FAILED - invalid property '{property}' for queue '{name}' in vhost '/'"
                )));
            }
        }
        let id = QueueId(self.queues.len() as u32);
        self.queues.push(Some(Queue {
            id,
            name: name.clone(),
            node: self.node_of_channel(channel),
            durable,
            exclusive_owner: if exclusive { owner } else { None },
            auto_delete,
            args,
            ready: Ready::new(config.levels(), config.return_to()),
            config,
            consumers: Vec::new(),
            active_consumer: None,
            next_registration: 0,
            armed_expiry: None,
            unused_deadline: None,
            replication: Replication::None,
            halt: None,
        }));
        self.queue_names.insert(name.clone(), id);
        match self.queue(id).expect("just declared").config.kind {
            QueueKind::Quorum => self.place_quorum(id),
            QueueKind::Classic => self.place_mirrors(id),
        }
        // The default exchange routes by queue name: a new queue changes its routes.
        self.routes.clear();
        self.emit(Event::QueueCreated { queue: id, name });
        self.arm_unused_timer(id);
        Ok(self.declare_ok(channel, id))
    }

    /// declare-ok; the channel now remembers this queue for methods that name queue `""`.
    fn declare_ok(&mut self, channel: ChannelId, id: QueueId) -> Reply {
        let name = self.queue(id).expect("declared").name.clone();
        if let Some(ch) = self.channel_mut(channel) {
            ch.last_declared_queue = Some(name);
        }
        let q = self.queue(id).expect("declared");
        Reply::QueueDeclared { name: q.name.to_string(), messages: q.ready.len(), consumers: q.consumers.len() as u64 }
    }

    /// Looks a queue up for a client operation: 404 if missing, 405 if another connection owns it.
    /// The empty name means the channel's most recently declared queue.
    pub(super) fn find_queue(&self, channel: ChannelId, name: &str) -> Result<QueueId, AmqpError> {
        let name = self.expand_queue_name(channel, name)?;
        let id = self.queue_named(&name).ok_or_else(|| no_queue(&name))?.id;
        let id = self.resolve_twin(id, self.node_of_channel(channel));
        self.check_exclusive(id, channel)?;
        Ok(id)
    }

    /// A queue for consuming or getting: 404 if its node is down or cut off; None when it is a
    /// quorum queue without a working leader the client reaches (the client would wait).
    pub(super) fn find_serving_queue(&self, channel: ChannelId, name: &str) -> Result<Option<QueueId>, AmqpError> {
        let id = self.find_queue(channel, name)?;
        self.check_reachable(id, channel)?;
        let quorum = matches!(self.queue(id).map(|q| &q.replication), Some(Replication::Quorum(_)));
        if quorum && !self.quorum_serves(id, self.node_of_channel(channel)) {
            return Ok(None);
        }
        Ok(Some(id))
    }

    fn expand_queue_name(&self, channel: ChannelId, name: &str) -> Result<Rc<str>, AmqpError> {
        if !name.is_empty() {
            return Ok(name.into());
        }
        self.channel(channel)
            .and_then(|c| c.last_declared_queue.clone())
            .ok_or_else(|| AmqpError::not_found("NOT_FOUND - no previously declared queue"))
    }

    fn check_exclusive(&self, id: QueueId, channel: ChannelId) -> Result<(), AmqpError> {
        let queue = self.queue(id).expect("caller found it");
        match queue.exclusive_owner {
            Some(owner) if Some(owner) != self.channel(channel).map(|c| c.connection) => Err(locked(&queue.name)),
            _ => Ok(()),
        }
    }

    pub(super) fn delete_queue_cmd(&mut self, channel: ChannelId, name: &str, if_unused: bool, if_empty: bool) -> Result<Reply, AmqpError> {
        let id = match self.find_queue(channel, name) {
            Ok(id) => id,
            // Deleting a queue that does not exist succeeds.
            Err(error) if error.code == super::error::NOT_FOUND => return Ok(Reply::MessageCount(0)),
            Err(error) => return Err(error),
        };
        // 3.10: "home node … is down or inaccessible" (404); the queue returns with its node.
        self.check_reachable(id, channel)?;
        let queue = self.queue(id).expect("found");
        if if_unused && !queue.consumers.is_empty() {
            return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - queue '{name}' in vhost '/' in use")));
        }
        if if_empty && !queue.ready.is_empty() {
            return Err(AmqpError::precondition(format!("PRECONDITION_FAILED - queue '{name}' in vhost '/' not empty")));
        }
        let count = queue.ready.len();
        self.delete_queue(id, "deleted by a client");
        Ok(Reply::MessageCount(count))
    }

    /// Deletes a queue: its ready messages are dropped (never dead-lettered), its consumers are
    /// cancelled by the broker, its bindings removed. Unacked copies stay with their channels.
    pub(super) fn delete_queue(&mut self, id: QueueId, why: &'static str) {
        let Some(mut queue) = self.queues.get_mut(id.index()).and_then(Option::take) else { return };
        self.queue_names.remove(&queue.name);
        for m in queue.ready.drain_all() {
            self.drop_copy(id, m.copy, DropReason::QueueDeleted);
        }
        for consumer in std::mem::take(&mut queue.consumers) {
            if let Some(ch) = self.channel_mut(consumer.channel) {
                ch.consumers.remove(&consumer.tag);
            }
            self.emit(Event::ConsumerCancelled { queue: id, channel: consumer.channel, tag: consumer.tag, by_broker: true });
        }
        self.remove_bindings_to(&Destination::Queue(id));
        self.emit(Event::QueueDeleted { queue: id, name: queue.name, why });
    }

    pub(super) fn purge_queue(&mut self, channel: ChannelId, name: &str) -> Result<Reply, AmqpError> {
        let id = self.find_queue(channel, name)?;
        self.check_reachable(id, channel)?;
        let purged = self.queue_mut(id).expect("found").ready.drain_all();
        let count = purged.len() as u64;
        for m in purged {
            self.drop_copy(id, m.copy, DropReason::QueuePurged);
        }
        Ok(Reply::MessageCount(count))
    }

    fn binding_ends(&self, channel: ChannelId, source: &str, destination: &str, to_exchange: bool) -> Result<Destination, AmqpError> {
        if source.is_empty() || (to_exchange && destination.is_empty()) {
            return Err(default_exchange_refused());
        }
        let destination = if to_exchange {
            self.exchanges.get(destination).ok_or_else(|| no_exchange(destination))?;
            Destination::Exchange(destination.into())
        } else {
            Destination::Queue(self.find_queue(channel, destination)?)
        };
        self.exchanges.get(source).ok_or_else(|| no_exchange(source))?;
        Ok(destination)
    }

    pub(super) fn bind(&mut self, channel: ChannelId, source: &str, destination: &str, to_exchange: bool, key: &str, args: Table) -> Result<(), AmqpError> {
        let destination = self.binding_ends(channel, source, destination, to_exchange)?;
        let exchange = self.exchanges.get_mut(source).expect("checked");
        if !exchange.bindings.iter().any(|b| b.same_as(&destination, key, &args)) {
            let binding = Binding::new(exchange.kind, destination, key, args)?;
            exchange.bindings.push(binding);
            self.routes.clear();
        }
        Ok(())
    }

    pub(super) fn unbind(&mut self, channel: ChannelId, source: &str, destination: &str, to_exchange: bool, key: &str, args: &Table) -> Result<(), AmqpError> {
        let target = self.binding_ends(channel, source, destination, to_exchange)?;
        let exchange = self.exchanges.get_mut(source).expect("checked");
        let Some(at) = exchange.bindings.iter().position(|b| b.same_as(&target, key, args)) else {
            return Err(AmqpError::not_found(format!(
                "NOT_FOUND - no binding {key} between exchange '{source}' in vhost '/' and '{destination}' in vhost '/'"
            )));
        };
        exchange.bindings.remove(at);
        self.routes.clear();
        if exchange.auto_delete && exchange.bindings.is_empty() {
            self.remove_exchange(source);
        }
        Ok(())
    }

    // ----- timers for queue expiry -----

    /// Arms the timer for the earliest head expiry, unless an earlier one is armed already.
    pub(super) fn arm_head_timer(&mut self, id: QueueId) {
        let Some(queue) = self.queue_mut(id) else { return };
        let Some(due) = queue.ready.next_head_expiry() else { return };
        if queue.armed_expiry.is_some_and(|armed| armed <= due) {
            return;
        }
        queue.armed_expiry = Some(due);
        self.schedule(due, Timer::HeadExpiry(id));
    }

    /// `x-expires`: (re)starts the unused-queue lease.
    pub(super) fn arm_unused_timer(&mut self, id: QueueId) {
        let now = self.now;
        let Some(queue) = self.queue_mut(id) else { return };
        let Some(ms) = queue.config.expires else { return };
        let deadline = now.plus_millis(ms);
        queue.unused_deadline = Some(deadline);
        self.schedule(deadline, Timer::QueueUnused(id));
    }

    pub(super) fn expire_unused_queue(&mut self, id: QueueId) {
        let now = self.now;
        let Some(queue) = self.queue(id) else { return };
        if queue.consumers.is_empty() && queue.unused_deadline.is_some_and(|d| d <= now) {
            self.delete_queue(id, "unused for longer than x-expires");
        }
    }
}

fn locked(name: &str) -> AmqpError {
    AmqpError::new(
        RESOURCE_LOCKED,
        format!("RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '{name}' in vhost '/'"),
    )
}
