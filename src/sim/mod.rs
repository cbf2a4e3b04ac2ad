//! The simulated world around the broker: scenarios (topology, clients, faults) and the world
//! that runs them, with its guarantee ledger.

pub mod client_event;
pub mod definitions;
pub mod distribution;
pub mod fate;
pub mod guarantees;
pub mod inspect;
pub mod ledger;
pub mod lesson;
pub mod message_id;
pub mod problem;
pub mod scenario;
pub mod timeline;
pub mod world;

pub use guarantees::Guarantees;
pub use scenario::Scenario;
pub use timeline::Timeline;
pub use world::World;
