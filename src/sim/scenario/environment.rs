//! The world around the broker: the clients' network links and the external stores.


use super::defaults::*;

/// The network between the clients and their nodes (the nodes' own links are the cluster's
/// `inter_node_latency_us`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct NetworkSpec {
    /// One-way latency of a client's link, in virtual µs: a command reaches the broker, and a
    /// delivery or a confirm reaches the client, this long after it was sent.
    pub client_latency_us: u64,
}

/// A link slower than this is a mistake, not a network (10 s).
pub const MAX_CLIENT_LATENCY_US: u64 = 10_000_000;

impl NetworkSpec {
    pub fn is_default(&self) -> bool {
        *self == NetworkSpec::default()
    }
}

/// Per-operation latency of the external stores, in virtual milliseconds (a round trip).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct StoresSpec {
    pub redis: StoreSpec,
    pub mysql: StoreSpec,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(test, derive(serde::Serialize))]
pub struct StoreSpec {
    pub latency_ms: u64,
}

impl Default for StoresSpec {
    fn default() -> StoresSpec {
        StoresSpec { redis: redis_default(), mysql: mysql_default() }
    }
}

impl StoresSpec {
    pub fn is_default(&self) -> bool {
        *self == StoresSpec::default()
    }
}
