use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::ui::throttle::{Decision, Throttle};

#[derive(Properties, PartialEq)]
pub struct LiveRegionProps {
    /// What the page would say now.
    pub text: AttrValue,
    /// Say it without waiting (playback paused, a step the user asked for).
    #[prop_or_default]
    pub urgent: bool,
    /// At most one text this often (ms), urgent ones aside.
    #[prop_or(5_000)]
    pub every_ms: u32,
}

/// What a wait needs when it ends: the throttle, the latest text and whether it is urgent, and
/// whether a wait is already under way.
struct Pending {
    throttle: Throttle,
    latest: (AttrValue, bool),
    waiting: bool,
}

/// A polite ARIA live region, throttled (`ui::throttle`): any component that narrates (the
/// event log, a lesson) gives it the text it would say, and a screen reader hears at most one
/// text per interval, always the latest. Invisible on screen.
#[component]
pub fn LiveRegion(props: &LiveRegionProps) -> Html {
    let said = use_state(String::new);
    let pending = use_mut_ref(|| Pending {
        throttle: Throttle::new(f64::from(props.every_ms)),
        latest: (props.text.clone(), props.urgent),
        waiting: false,
    });
    pending.borrow_mut().latest = (props.text.clone(), props.urgent);
    {
        let (said, pending) = (said.clone(), pending.clone());
        use_effect_with((props.text.clone(), props.urgent), move |_| {
            offer(&said, &pending)
        });
    }
    html! {
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-live-region="">{ (*said).clone() }</div>
    }
}

/// Offers the latest text to the throttle: says it, or waits once (a timer that fires after the
/// component is gone only sets a state nobody reads).
fn offer(said: &UseStateHandle<String>, pending: &Rc<RefCell<Pending>>) {
    let decision = {
        let mut p = pending.borrow_mut();
        let (text, urgent) = p.latest.clone();
        p.throttle
            .offer(web_sys::js_sys::Date::now(), &text, urgent)
    };
    match decision {
        Decision::Say(text) => said.set(text),
        Decision::Wait(ms) if !pending.borrow().waiting => {
            pending.borrow_mut().waiting = true;
            let (said, pending) = (said.clone(), pending.clone());
            Timeout::new(ms.ceil() as u32, move || {
                pending.borrow_mut().waiting = false;
                offer(&said, &pending);
            })
            .forget();
        }
        Decision::Wait(_) | Decision::Quiet => {}
    }
}
