//! A limit on every count, rate, duration and size of a scenario. The same core runs in a browser
//! tab, so a file that would publish a billion messages or run for years is refused at the door
//! with the field named, instead of freezing or killing the tab. Each limit is above every
//! shipped scenario, benchmark and lesson (the largest, `bench/`: 10 min, 5 producers, 10
//! consumers, 600,005 messages); docs/scenario-schema.md lists them and why.

use super::invalid::{Invalid, Why};

/// The longest run and the longest duration of any kind (a delay, a lease, a processing time):
/// one virtual day. Shipped scenarios run 15 s to 10 min.
pub const MAX_DURATION_MS: u64 = 86_400_000;
/// Messages the producers may publish in one run, counted from their schedules (a count, an
/// interval or a rate over the run, bursts), resends not included.
pub const MAX_MESSAGES: u64 = 1_000_000;
/// Producers and consumers together.
pub const MAX_CLIENTS: usize = 200;
/// Exchanges, queues, bindings and policies, each.
pub const MAX_ENTITIES: usize = 1_000;
/// Scheduled faults, and the burst times of one producer.
pub const MAX_FAULTS: usize = 1_000;
/// Faults chaos may draw in one run, on average (its rates times its window).
pub const MAX_CHAOS_FAULTS: u64 = 100_000;
/// Routing keys one producer cycles through.
pub const MAX_KEYS: usize = 1_000;
/// A name or a routing key, in bytes (an AMQP short string).
pub const MAX_NAME_BYTES: usize = 255;
/// Publishes per transaction.
pub const MAX_TX_BATCH: u32 = 10_000;
/// A link between two nodes, in µs (as a client's link: `MAX_CLIENT_LATENCY_US`).
pub const MAX_INTER_NODE_LATENCY_US: u64 = 10_000_000;

/// A duration field: at most [`MAX_DURATION_MS`].
pub fn duration(ms: u64, at: &str) -> Result<(), Invalid> {
    if ms > MAX_DURATION_MS {
        return Err(Invalid::new(at, Why::TooLong { max_ms: MAX_DURATION_MS, got: ms }));
    }
    Ok(())
}

/// A list: at most `max` entries.
pub fn count(len: usize, max: usize, at: &str) -> Result<(), Invalid> {
    if len > max {
        return Err(Invalid::new(at, Why::TooMany { max, got: len }));
    }
    Ok(())
}

/// A name or key: at most [`MAX_NAME_BYTES`] bytes.
pub fn name(name: &str, at: &str) -> Result<(), Invalid> {
    if name.len() > MAX_NAME_BYTES {
        return Err(Invalid::new(at, Why::NameTooLong { max: MAX_NAME_BYTES, got: name.len() }));
    }
    Ok(())
}
