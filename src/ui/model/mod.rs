//! The editor's model: plain functions over [`Scenario`](crate::sim::scenario::Scenario), no DOM.
//!
//! - [`entity`]: what can be selected (nodes by kind and name, bindings, the scenario);
//! - [`layout`]: where nodes are drawn (stored in `Scenario.layout`) and the geometry of the canvas;
//! - [`edges`]: the edges drawn between nodes;
//! - [`edit`]: every change the user can make, as a candidate scenario;
//! - [`fields`]: the property panel's fields as text;
//! - [`rename`]: a rename with every reference to the old name;
//! - [`templates`]: the ready-made scenarios;
//! - [`view`]: pan and zoom.

pub mod cluster;
pub mod edges;
pub mod edit;
pub mod entity;
pub mod fault_actions;
pub mod fields;
pub mod layout;
pub mod lessons;
pub mod rename;
pub mod spotlight;
pub mod stores;
pub mod templates;
pub mod view;

pub use edit::{Edit, Problem};
pub use entity::{Item, Kind, NodeRef};
pub use fields::Field;
pub use layout::Point;
pub use view::View;
