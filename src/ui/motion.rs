//! The user's `prefers-reduced-motion` setting: with it, messages do not travel along the edges
//! but appear at their next place (a change of state instead of a tween).

use yew::prelude::*;

/// Whether the browser asks for reduced motion (read once when the component mounts).
#[hook]
pub fn use_reduced_motion() -> bool {
    *use_memo((), |_| {
        web_sys::window()
            .and_then(|w| {
                w.match_media("(prefers-reduced-motion: reduce)")
                    .ok()
                    .flatten()
            })
            .is_some_and(|m| m.matches())
    })
}

/// How far along its leg a moving message is drawn: where it is, or with reduced motion
/// already where it goes.
pub fn shown_progress(progress: f64, reduced: bool) -> f64 {
    if reduced {
        1.0
    } else {
        progress
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduced_motion_draws_a_message_at_the_end_of_its_leg() {
        for p in [0.0, 0.3, 0.99, 1.0] {
            assert_eq!(shown_progress(p, false), p);
            assert_eq!(shown_progress(p, true), 1.0);
        }
    }
}
