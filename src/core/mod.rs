//! The deterministic broker core.
