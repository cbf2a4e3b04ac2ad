//! The topology a scenario declares: exchanges, queues, bindings, policies and the cluster.
//! The declarations are the core's own specs, shared with the client-script format.

pub use crate::core::spec::{BindingSpec, ExchangeSpec, PolicySpec, QueueSpec};

/// The cluster: node names and how it behaves — the core's own configuration, read as is (one
/// definition: what a scenario can say is what the core can build).
pub use crate::core::cluster::ClusterConfig as ClusterSpec;
