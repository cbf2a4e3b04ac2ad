//! Faults from the schedule: a consumer crash, a lost ack, a lost confirm, a broker restart.

use super::{Wakeup, World, CONSUMER_RESTART_MS};
use crate::core::command::Command;
use crate::sim::scenario::Fault;

impl World {
    pub(super) fn inject(&mut self, index: usize) {
        match self.scenario.faults[index].fault.clone() {
            Fault::CrashConsumer { consumer } => {
                let Some(i) = self.scenario.consumers.iter().position(|c| c.name == consumer) else { return };
                let c = &mut self.consumers[i];
                c.generation += 1;
                if self.scenario.consumers[i].auto_ack {
                    self.guarantees.lost_in_auto_ack_consumers += c.working.len() as u64;
                }
                c.working.clear();
                if let Some(channel) = self.alive(self.consumers[i].channel) {
                    self.apply(Command::CloseChannel { channel });
                }
                self.consumers[i].channel = None;
                self.wake(self.now().plus_millis(CONSUMER_RESTART_MS), Wakeup::StartConsumer(i));
            }
            Fault::LoseNextAck { consumer } => {
                if let Some(i) = self.scenario.consumers.iter().position(|c| c.name == consumer) {
                    self.consumers[i].lose_next_ack = true;
                }
            }
            Fault::LoseNextConfirm { producer } => {
                if let Some(i) = self.scenario.producers.iter().position(|p| p.name == producer) {
                    self.producers[i].lose_next_confirm = true;
                }
            }
            Fault::RestartBroker => {
                self.apply(Command::RestartBroker);
                for i in 0..self.consumers.len() {
                    if self.consumers[i].channel.take().is_some() {
                        self.consumers[i].generation += 1;
                        self.consumers[i].working.clear();
                        self.wake(self.now(), Wakeup::StartConsumer(i));
                    }
                }
            }
        }
    }

}
