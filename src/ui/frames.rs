//! The playback loop's clock: a callback on every animation frame, as an owned value that stops
//! when dropped (like gloo-timers' `Interval`, but in step with the display).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

type Callback = Closure<dyn FnMut(f64)>;

pub struct AnimationFrames {
    id: Rc<Cell<i32>>,
    /// The callback; it asks for the next frame itself. Taking it out on drop ends the loop.
    callback: Rc<RefCell<Option<Callback>>>,
}

fn request(callback: &Callback) -> i32 {
    web_sys::window().and_then(|w| w.request_animation_frame(callback.as_ref().unchecked_ref()).ok()).unwrap_or(0)
}

impl AnimationFrames {
    /// Calls `on_frame` with the frame's timestamp (ms, as `performance.now()`) on every frame.
    pub fn new(mut on_frame: impl FnMut(f64) + 'static) -> AnimationFrames {
        let callback: Rc<RefCell<Option<Callback>>> = Rc::new(RefCell::new(None));
        let id = Rc::new(Cell::new(0));
        let (again, next_id) = (callback.clone(), id.clone());
        *callback.borrow_mut() = Some(Closure::new(move |at: f64| {
            on_frame(at);
            if let Some(c) = again.borrow().as_ref() {
                next_id.set(request(c));
            }
        }));
        id.set(request(callback.borrow().as_ref().expect("just set")));
        AnimationFrames { id, callback }
    }
}

impl Drop for AnimationFrames {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.cancel_animation_frame(self.id.get());
        }
        self.callback.borrow_mut().take();
    }
}
