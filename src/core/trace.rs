//! A fingerprint of a run's event trace: the determinism checks compare it across runs and
//! across platforms (native and wasm). FNV-1a over each event's debug form: no `usize`, no
//! hash-map order, the same bytes everywhere.

use super::event::Stamped;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceHash(u64);

impl Default for TraceHash {
    fn default() -> TraceHash {
        TraceHash(0xcbf2_9ce4_8422_2325)
    }
}

impl TraceHash {
    pub fn absorb_bytes(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    pub fn absorb(&mut self, events: &[Stamped]) {
        for stamped in events {
            self.absorb_bytes(format!("{stamped:?}").as_bytes());
        }
    }
    pub fn value(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::event::Event;
    use crate::core::time::Time;

    #[test]
    fn the_hash_depends_on_every_event_and_their_order() {
        let a = Stamped { at: Time(1), event: Event::BrokerRestarted };
        let b = Stamped { at: Time(2), event: Event::BrokerRestarted };
        let hash = |events: &[Stamped]| {
            let mut h = TraceHash::default();
            h.absorb(events);
            h.value()
        };
        assert_eq!(hash(&[a.clone(), b.clone()]), hash(&[a.clone(), b.clone()]));
        assert_ne!(hash(&[a.clone(), b.clone()]), hash(&[b.clone(), a.clone()]));
        assert_ne!(hash(std::slice::from_ref(&a)), hash(&[a, b]));
    }
}
