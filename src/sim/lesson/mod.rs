//! Lessons: the interview topics as guided, bilingual, predict-then-run exercises. A lesson is
//! data (`lessons/*.json`, `format.rs`); its predictions and its fix-it goal are predicates over
//! the run's named figures (`predicate.rs`, `figures.rs`); `runner.rs` runs it and checks that
//! it teaches what it claims.

pub mod figures;
pub mod format;
pub mod predicate;
mod read;
pub mod runner;

pub use figures::{figure, FIGURES};
pub use format::{parse, Lesson, Text};
pub use predicate::Predicate;
pub use runner::{LessonRun, Resolved};
