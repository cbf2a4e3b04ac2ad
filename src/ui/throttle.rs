//! When a live region may speak: a screen reader reads every change of a polite live region, so
//! a running simulation would flood it. A new text is said at once if the last was said long
//! enough ago or if it is urgent (playback paused, a step the user asked for); otherwise it waits
//! for the end of the interval, and only the latest text is said then. Pure: the caller gives the
//! time (ms, from any clock) and sets the timer.

/// What the live region does with an offered text.
#[derive(Clone, Debug, PartialEq)]
pub enum Decision {
    /// Say this now.
    Say(String),
    /// Offer again in this many ms (the latest text then).
    Wait(f64),
    /// Nothing new to say.
    Quiet,
}

#[derive(Clone, Debug, Default)]
pub struct Throttle {
    every_ms: f64,
    last_at: Option<f64>,
    said: String,
}

impl Throttle {
    /// At most one text every `every_ms`, urgent ones aside.
    pub fn new(every_ms: f64) -> Throttle {
        Throttle {
            every_ms,
            last_at: None,
            said: String::new(),
        }
    }

    /// The text the page would say at `now_ms`; `urgent` says it without waiting.
    pub fn offer(&mut self, now_ms: f64, text: &str, urgent: bool) -> Decision {
        if text == self.said {
            return Decision::Quiet;
        }
        let since = self.last_at.map(|at| now_ms - at);
        match since {
            Some(since) if !urgent && since < self.every_ms => {
                Decision::Wait(self.every_ms - since)
            }
            _ => {
                self.last_at = Some(now_ms);
                self.said = text.to_string();
                Decision::Say(self.said.clone())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_text_is_said_at_once_and_the_same_text_never_twice() {
        let mut t = Throttle::new(5_000.0);
        assert_eq!(t.offer(100.0, "a", false), Decision::Say("a".into()));
        assert_eq!(t.offer(9_000.0, "a", false), Decision::Quiet);
        assert_eq!(t.offer(9_000.0, "a", true), Decision::Quiet);
    }

    #[test]
    fn while_playing_at_most_one_text_per_interval_and_the_latest_one_at_its_end() {
        let mut t = Throttle::new(5_000.0);
        assert_eq!(t.offer(0.0, "1 s", false), Decision::Say("1 s".into()));
        // Sixty frames a second would each change the text: none is said before 5 s.
        let mut said = 0;
        for frame in 1..300 {
            let now = frame as f64 * 16.0;
            match t.offer(now, &format!("{frame}"), false) {
                Decision::Say(_) => said += 1,
                Decision::Wait(ms) => {
                    assert!((ms - (5_000.0 - now)).abs() < 1e-9, "wait {ms} at {now}")
                }
                Decision::Quiet => panic!("every frame is a new text"),
            }
        }
        assert_eq!(said, 0);
        assert_eq!(
            t.offer(5_000.0, "latest", false),
            Decision::Say("latest".into())
        );
        assert_eq!(t.offer(5_001.0, "next", false), Decision::Wait(4_999.0));
    }

    #[test]
    fn an_urgent_text_pause_or_step_is_said_without_waiting() {
        let mut t = Throttle::new(5_000.0);
        t.offer(0.0, "playing", false);
        assert_eq!(
            t.offer(200.0, "paused at 3 s", true),
            Decision::Say("paused at 3 s".into())
        );
        // And it starts the next interval.
        assert_eq!(
            t.offer(300.0, "playing again", false),
            Decision::Wait(4_900.0)
        );
    }
}
