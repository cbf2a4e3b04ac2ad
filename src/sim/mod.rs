//! The simulated world around the broker: scenarios (topology, clients, faults), and — as the
//! cluster and client work lands — the actors that run them.

pub mod scenario;
