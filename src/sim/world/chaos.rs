//! Chaos mode: each fault kind with a rate happens at the times of a Poisson process (gaps drawn
//! from an exponential distribution with mean 1/rate), against a client drawn uniformly. All
//! draws come from chaos's own stream of the seed, in integers, so a seed replays the same faults.

use super::{Wakeup, World};
use crate::core::Time;
use crate::sim::distribution::exponential;
use crate::sim::scenario::{ChaosKind, Fault};

impl World {
    pub(super) fn schedule_chaos(&mut self) {
        let Some(chaos) = self.scenario.chaos.clone() else { return };
        let start = Time::from_millis(chaos.start_ms);
        for kind in ChaosKind::ALL {
            if let Some(mean) = chaos.mean_gap_us(kind) {
                let gap = exponential(&mut self.chaos_rng, mean);
                self.wake(start.plus_micros(gap), Wakeup::Chaos(kind));
            }
        }
    }

    pub(super) fn chaos(&mut self, kind: ChaosKind) {
        let Some(chaos) = &self.scenario.chaos else { return };
        let (end, delay_ms, mean) = (chaos.end_ms, chaos.delay_ms, chaos.mean_gap_us(kind));
        let (node_down_ms, partition_ms) = (chaos.node_down_ms, chaos.partition_ms);
        if end.is_some_and(|e| self.now() >= Time::from_millis(e)) {
            return;
        }
        if let Some(fault) = self.draw_fault(kind, delay_ms) {
            self.apply_fault(&fault);
            // Chaos brings back what it took down.
            match &fault {
                Fault::KillNode { node } | Fault::StopNode { node } => {
                    if let Some(id) = self.node_id(node) {
                        self.wake(self.now().plus_millis(node_down_ms), Wakeup::StartNode(id.0));
                    }
                }
                Fault::Partition { .. } => self.wake(self.now().plus_millis(partition_ms), Wakeup::Heal),
                _ => {}
            }
        }
        if let Some(mean) = mean {
            let gap = exponential(&mut self.chaos_rng, mean).max(1);
            self.wake(self.now().plus_micros(gap), Wakeup::Chaos(kind));
        }
    }

    fn draw_fault(&mut self, kind: ChaosKind, delay_ms: u64) -> Option<Fault> {
        let producers: Vec<String> = self.scenario.producers.iter().map(|p| p.name.clone()).collect();
        let consumers: Vec<String> = self.scenario.consumers.iter().map(|c| c.name.clone()).collect();
        let mut pick = |names: &[String]| -> Option<String> {
            let last = (names.len() as u64).checked_sub(1)?;
            Some(names[self.chaos_rng.between(0, last) as usize].clone())
        };
        let clients: Vec<String> = producers.iter().chain(consumers.iter()).cloned().collect();
        Some(match kind {
            ChaosKind::CrashConsumer => Fault::CrashConsumer { consumer: pick(&consumers)? },
            ChaosKind::LoseNextAck => Fault::LoseNextAck { consumer: pick(&consumers)? },
            ChaosKind::CrashProducer => Fault::CrashProducer { producer: pick(&producers)? },
            ChaosKind::LoseNextConfirm => Fault::LoseNextConfirm { producer: pick(&producers)? },
            ChaosKind::KillConnection => Fault::KillConnection { client: pick(&clients)? },
            ChaosKind::DropMessage => Fault::DropMessage { client: pick(&clients)? },
            ChaosKind::DelayMessage => Fault::DelayMessage { client: pick(&clients)?, delay_ms },
            ChaosKind::RestartBroker => Fault::RestartBroker,
            ChaosKind::KillNode | ChaosKind::StopNode => {
                let cluster = self.broker.cluster_state();
                let up: Vec<String> = cluster.nodes.iter().filter(|n| cluster.is_up(n.id)).map(|n| n.name.to_string()).collect();
                // Never the last running node: chaos degrades the cluster, it does not end the run.
                if up.len() < 2 {
                    return None;
                }
                let node = up[self.chaos_rng.between(0, up.len() as u64 - 1) as usize].clone();
                if kind == ChaosKind::KillNode {
                    Fault::KillNode { node }
                } else {
                    Fault::StopNode { node }
                }
            }
            ChaosKind::Partition => {
                if self.broker.cluster_state().partitioned {
                    return None;
                }
                let names = self.scenario.node_names();
                let node = names[self.chaos_rng.between(0, names.len() as u64 - 1) as usize].clone();
                Fault::Partition { sides: vec![vec![node]] }
            }
        })
    }
}
