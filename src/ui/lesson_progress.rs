//! The learner's lesson progress in localStorage (the pure part is `model/lessons.rs`).

use super::model::lessons::{Progress, PROGRESS_KEY};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved progress (outside a browser, or with storage blocked: none).
pub fn load() -> Progress {
    storage().and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten()).map_or_else(Progress::default, |text| Progress::decode(&text))
}

/// Saves it (a full or blocked storage is not an error the learner can act on: ignored).
pub fn save(progress: &Progress) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(PROGRESS_KEY, &progress.encode());
    }
}
