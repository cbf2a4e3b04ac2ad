//! The Yew front end.
mod app;
pub use app::App;
