//! The Yew front end: it only sends commands to the core and renders its state.
//!
//! One component per file; plain UI state (such as [`Theme`]) lives beside them.
mod app;
mod canvas;
mod header;
mod theme;
mod theme_toggle;

pub use app::App;
pub use canvas::Canvas;
pub use header::Header;
pub use theme::Theme;
pub use theme_toggle::ThemeToggle;
