//! Writing later: a value that changes in bursts (a drag moves the view or the scenario at every
//! pointer move) is written once it has stayed the same for a while, and at once when the page is
//! hidden or left (`pagehide`, `visibilitychange`), so the last change is never lost.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Writes `value` with `write` `after_ms` after its last change, or when the page goes away.
#[hook]
pub fn use_write_later<T: Clone + PartialEq + 'static>(value: T, after_ms: u32, write: fn(&T)) {
    // The value not written yet; whoever writes it (the timer or the page going away) takes it.
    let pending: Rc<RefCell<Option<T>>> = use_mut_ref(|| None);
    let timer: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    {
        let pending = pending.clone();
        use_effect_with((), move |_| {
            let flush = Closure::<dyn Fn()>::new(move || {
                let value = pending.borrow_mut().take();
                if let Some(value) = value {
                    write(&value);
                }
            });
            let window = web_sys::window();
            let document = window.as_ref().and_then(|w| w.document());
            let f = flush.as_ref().unchecked_ref();
            if let Some(w) = &window {
                let _ = w.add_event_listener_with_callback("pagehide", f);
            }
            if let Some(d) = &document {
                let _ = d.add_event_listener_with_callback("visibilitychange", f);
            }
            move || {
                let f = flush.as_ref().unchecked_ref();
                if let Some(w) = &window {
                    let _ = w.remove_event_listener_with_callback("pagehide", f);
                }
                if let Some(d) = &document {
                    let _ = d.remove_event_listener_with_callback("visibilitychange", f);
                }
            }
        });
    }
    use_effect_with(value, move |value| {
        *pending.borrow_mut() = Some(value.clone());
        // A new change restarts the wait (the replaced timer is cancelled as it drops).
        let later = pending.clone();
        *timer.borrow_mut() = Some(Timeout::new(after_ms, move || {
            let value = later.borrow_mut().take();
            if let Some(value) = value {
                write(&value);
            }
        }));
    });
}
