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
pub const fn micros_from_millis(ms: u64) -> u64 {
    ms.saturating_mul(1000)
}

impl std::fmt::Display for Time {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:03} ms", self.0 / 1000, self.0 % 1000)
    }
}
