//! Faults as commands: the same function runs a fault from the scenario's schedule, one drawn
//! by chaos mode, and one the UI injects into a live world at its current time.

use super::{Client, World};
use crate::core::command::Command;
use crate::core::ids::NodeId;
use crate::sim::scenario::Fault;

impl World {
    /// Injects a fault now (at `self.now()`), as the UI does. Refused, naming the field, if it
    /// names no client of this scenario.
    pub fn inject(&mut self, fault: &Fault) -> Result<(), String> {
        fault.check(&self.scenario, "fault")?;
        self.apply_fault(fault);
        self.absorb();
        Ok(())
    }

    fn client_named(&self, name: &str) -> Option<Client> {
        if let Some(i) = self.scenario.producers.iter().position(|p| p.name == name) {
            return Some(Client::Producer(i));
        }
        self.scenario.consumers.iter().position(|c| c.name == name).map(Client::Consumer)
    }

    pub(super) fn apply_fault(&mut self, fault: &Fault) {
        *self.guarantees.faults.entry(fault.kind().name().to_string()).or_insert(0) += 1;
        let target = fault.target().and_then(|name| self.client_named(name));
        match (fault, target) {
            (Fault::CrashConsumer { .. }, Some(Client::Consumer(i))) => self.crash_consumer(i),
            (Fault::LoseNextAck { .. }, Some(Client::Consumer(i))) | (Fault::DropMessage { .. }, Some(Client::Consumer(i))) => {
                self.consumers[i].lose_next_ack = true
            }
            (Fault::LoseNextConfirm { .. }, Some(Client::Producer(i))) => self.producers[i].lose_next_confirm = true,
            (Fault::CrashProducer { .. }, Some(Client::Producer(i))) => self.crash_producer(i),
            (Fault::DropMessage { .. }, Some(Client::Producer(i))) => self.producers[i].drop_next = true,
            (Fault::KillConnection { .. }, Some(Client::Producer(i))) => self.kill_producer_connection(i),
            (Fault::KillConnection { .. }, Some(Client::Consumer(i))) => self.kill_consumer_connection(i),
            (Fault::DelayMessage { delay_ms, .. }, Some(client)) => self.hold(client, *delay_ms),
            (Fault::RestartBroker, _) => self.restart_broker(),
            (Fault::KillNode { node }, _) => self.node_command(node, |node| Command::KillNode { node }),
            (Fault::StopNode { node }, _) => self.node_command(node, |node| Command::StopNode { node }),
            (Fault::StartNode { node }, _) => self.node_command(node, |node| Command::StartNode { node }),
            (Fault::Partition { sides }, _) => {
                let sides: Vec<Vec<NodeId>> = sides.iter().map(|side| side.iter().filter_map(|n| self.node_id(n)).collect()).collect();
                self.apply(Command::Partition { sides });
            }
            (Fault::Heal, _) => {
                self.apply(Command::Heal);
            }
            _ => {}
        }
    }

    pub(super) fn node_id(&self, name: &str) -> Option<NodeId> {
        self.scenario.node_names().iter().position(|n| n == name).map(|i| NodeId(i as u32))
    }

    fn node_command(&mut self, name: &str, command: impl Fn(NodeId) -> Command) {
        if let Some(node) = self.node_id(name) {
            self.apply(command(node)); // Refused (already down, already up): nothing happens.
        }
    }

    /// Every connection drops; the processes live on: producers reconnect on their next publish,
    /// consumers at once (their work in progress can no longer be acked).
    fn restart_broker(&mut self) {
        self.apply(Command::RestartBroker);
        for i in 0..self.producers.len() {
            self.producers[i].channel = None;
            self.producers[i].connection = None;
            self.producers[i].link.outbox.clear();
        }
        for i in 0..self.consumers.len() {
            let c = &mut self.consumers[i];
            c.link.outbox.clear();
            c.connection = None;
            c.channel = None;
            c.subscribed = false;
            self.wake(self.now(), super::Wakeup::StartConsumer(i));
        }
    }
}
