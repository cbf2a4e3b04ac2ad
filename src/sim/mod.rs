//! The simulated world around the broker: scenarios (topology, clients, faults) and the world
//! that runs them, with its guarantee ledger.

pub mod distribution;
pub mod guarantees;
pub mod scenario;
pub mod world;

pub use guarantees::Guarantees;
pub use scenario::Scenario;
pub use world::World;
