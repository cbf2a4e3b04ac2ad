//! The deterministic broker core: RabbitMQ (AMQP 0-9-1) semantics as a pure state machine.
//!
//! Pure and sans-IO: no web crates, no wall clock, no OS randomness, no hash-order iteration.
//! Time is an integer the caller advances; the one PRNG is seeded. The same code runs natively
//! and in WebAssembly, and the same seed and commands give the same events everywhere.
//!
//! - [`Broker`] holds the state; [`Command`] goes in, [`Event`]s come out.
//! - One concept per file: routing, queues, channels, publishing, consuming, settling,
//!   dead-lettering, topology, lifecycle, and the conservation [`ledger`].

mod ack_timeout;
pub mod broker;
pub mod channel;
pub mod checker;
pub mod cluster;
pub mod command;
mod consume;
mod dead_letter;
mod declare;
pub mod error;
pub mod event;
pub mod exchange;
pub mod ids;
pub mod ledger;
mod lifecycle;
pub mod message;
mod message_pool;
mod publish;
pub mod queue;
pub mod queue_config;
pub mod rng;
pub mod routing;
mod session;
mod settle;
pub mod spec;
pub mod time;
pub mod trace;
pub mod value;

pub use broker::Broker;
pub use command::{Command, Reply};
pub use dead_letter::{is_cycle, record_death};
pub use error::AmqpError;
pub use event::{DropReason, Event, Stamped};
pub use ids::{ChannelId, ConnectionId, CopyId, MsgId, NodeId, QueueId};
pub use message::{DeathReason, Message, Properties};
pub use time::Time;
pub use trace::TraceHash;
pub use value::{Table, Value};
