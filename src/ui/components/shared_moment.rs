use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::core::Time;
use crate::ui::hooks::use_playback;
use crate::ui::playback::Play;

#[derive(Properties, PartialEq)]
pub struct SharedMomentProps {
    pub at_ms: Option<u64>,
    pub message: Option<String>,
}

/// Takes the playback of a shared link to its moment and opens its message, once, after the
/// playback has loaded the shared scenario (a timeout of 0 runs after every mount effect).
#[component]
pub fn SharedMoment(props: &SharedMomentProps) -> Html {
    let playback = use_playback();
    let (at_ms, message) = (props.at_ms, props.message.clone());
    use_effect_with((), move |_| {
        let dispatcher = playback.dispatcher();
        let timeout = Timeout::new(0, move || {
            if let Some(at) = at_ms {
                dispatcher.dispatch(Play::Seek(Time::from_millis(at)));
            }
            if let Some(id) = message {
                dispatcher.dispatch(Play::Select(Some(id.into())));
            }
        });
        move || drop(timeout)
    });
    html! {}
}
