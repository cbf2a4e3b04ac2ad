//! What the canvas shows on a client: crashed (and when it comes back) or reconnecting.

use super::World;
use crate::core::Time;

/// A client's state when it is not simply running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientStatus {
    /// Its process crashed; it starts again at `back_at`.
    Crashed { back_at: Time },
    /// Its process runs but its connection is gone; it reconnects.
    Reconnecting,
}

impl World {
    /// The state of consumer `i` now (None: running normally, or not started yet).
    pub fn consumer_status(&self, i: usize) -> Option<ClientStatus> {
        let c = self.consumers.get(i)?;
        if c.crashed || self.now() < c.down_until {
            return Some(ClientStatus::Crashed {
                back_at: c.down_until,
            });
        }
        let started = self.now() >= Time::from_millis(self.scenario.consumers[i].start_ms);
        (started && c.channel.is_none()).then_some(ClientStatus::Reconnecting)
    }

    /// The state of producer `i` now.
    pub fn producer_status(&self, i: usize) -> Option<ClientStatus> {
        let p = self.producers.get(i)?;
        (self.now() < p.down_until).then_some(ClientStatus::Crashed {
            back_at: p.down_until,
        })
    }
}
