//! Integer virtual time. The core never reads a clock: the caller advances time explicitly.

use serde::{Deserialize, Serialize};

/// A point in virtual time, in microseconds since the start of the run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Time(pub u64);

impl Time {
    pub const ZERO: Time = Time(0);
    /// Later than any real deadline; used for "never".
    pub const NEVER: Time = Time(u64::MAX);

    /// The one conversion from milliseconds (every duration a user writes) to virtual time. It
    /// saturates at [`Time::NEVER`] rather than wrapping; validation keeps real inputs far below.
    pub const fn from_millis(ms: u64) -> Time {
        Time(micros_from_millis(ms))
    }
    pub const fn as_millis(self) -> u64 {
        self.0 / 1000
    }
    pub const fn plus_micros(self, us: u64) -> Time {
        Time(self.0.saturating_add(us))
    }
    pub const fn plus_millis(self, ms: u64) -> Time {
        self.plus_micros(micros_from_millis(ms))
    }
}

/// A duration in milliseconds as microseconds, saturating (see [`Time::from_millis`]).
/// `saturating_mul` detects the overflow from the product's high half: one instruction natively,
/// but wasm has none for it and called a 128-bit multiply routine for every duration a simulated
/// client scheduled, so there the bound is checked before a plain multiply (natively that form
/// cost the standard workload 3 instructions a delivery). The same value either way.
pub const fn micros_from_millis(ms: u64) -> u64 {
    if cfg!(target_arch = "wasm32") {
        bound_then_multiply(ms)
    } else {
        ms.saturating_mul(1000)
    }
}

/// `ms * 1000`, saturating, without the product's high half.
const fn bound_then_multiply(ms: u64) -> u64 {
    if ms <= u64::MAX / 1000 {
        ms * 1000
    } else {
        u64::MAX
    }
}

impl std::fmt::Display for Time {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:03} ms", self.0 / 1000, self.0 % 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milliseconds_become_microseconds_saturating_at_never() {
        let edge = u64::MAX / 1000;
        for ms in [0, 1, 600_000, 86_400_000, edge - 1, edge, edge + 1, u64::MAX / 2, u64::MAX] {
            assert_eq!(micros_from_millis(ms), ms.saturating_mul(1000), "{ms}");
            assert_eq!(bound_then_multiply(ms), ms.saturating_mul(1000), "{ms}: the wasm form");
        }
        assert_eq!(Time::from_millis(edge + 1), Time::NEVER);
        assert_eq!(Time::from_millis(7).plus_millis(u64::MAX), Time::NEVER);
    }
}
