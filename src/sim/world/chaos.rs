//! Chaos mode: each fault kind with a rate happens at the times of a Poisson process (gaps drawn
//! from an exponential distribution with mean 1/rate), against a client drawn uniformly. All
//! draws come from chaos's own stream of the seed, in integers, so a seed replays the same faults.

use super::{Wakeup, World};
use crate::core::Time;
use crate::sim::distribution::exponential;
use crate::sim::scenario::{Fault, FaultKind, FaultTarget};

impl World {
    pub(super) fn schedule_chaos(&mut self) {
        let Some(chaos) = self.scenario.chaos.clone() else { return };
        let start = Time::from_millis(chaos.start_ms);
        for kind in FaultKind::chaos_kinds() {
            if let Some(mean) = chaos.mean_gap_us(kind) {
                let gap = exponential(&mut self.chaos_rng, mean);
                self.wake(start.plus_micros(gap), Wakeup::Chaos(kind));
            }
        }
    }

    pub(super) fn chaos(&mut self, kind: FaultKind) {
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

    /// A fault of `kind` against a target drawn by its kind's target: a client of that role, a
    /// running node (never the last one: chaos degrades the cluster, it does not end the run), or
    /// one node cut off from the others (not while the network is already split).
    fn draw_fault(&mut self, kind: FaultKind, delay_ms: u64) -> Option<Fault> {
        let producers = self.scenario.producers.iter().map(|p| p.name.clone());
        let consumers = self.scenario.consumers.iter().map(|c| c.name.clone());
        let candidates: Vec<String> = match kind.target() {
            FaultTarget::Consumer => consumers.collect(),
            FaultTarget::Producer => producers.collect(),
            FaultTarget::Client => producers.chain(consumers).collect(),
            FaultTarget::Node => {
                let cluster = self.broker.cluster_state();
                let up: Vec<String> = cluster.nodes.iter().filter(|n| cluster.is_up(n.id)).map(|n| n.name.to_string()).collect();
                if up.len() < 2 {
                    return None;
                }
                up
            }
            FaultTarget::Nodes => {
                if self.broker.cluster_state().partitioned {
                    return None;
                }
                self.scenario.node_names()
            }
            FaultTarget::None => return Some(kind.make(&[], delay_ms)),
        };
        let last = (candidates.len() as u64).checked_sub(1)?;
        let target = candidates[self.chaos_rng.between(0, last) as usize].clone();
        Some(kind.make(&[target], delay_ms))
    }
}
