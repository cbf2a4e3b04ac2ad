use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::core::Time;
use crate::ui::hooks::{use_editor, PlaybackContext};
use crate::ui::playback::{Play, Playback};

#[derive(Properties, PartialEq)]
pub struct PlaybackProviderProps {
    pub children: Html,
    /// A shared link's moment (ms) and message, taken to once the shared scenario has loaded.
    #[prop_or_default]
    pub at_ms: Option<u64>,
    #[prop_or_default]
    pub message: Option<String>,
}

/// Owns the playback state and provides it. Its own component, so that a frame re-renders only
/// the components that read playback, not the whole page.
#[component]
pub fn PlaybackProvider(props: &PlaybackProviderProps) -> Html {
    let editor = use_editor();
    let playback = use_reducer(Playback::default);
    {
        // Playback follows the scenario being edited: a load starts over, an edit forks at now.
        let dispatcher = playback.dispatcher();
        use_effect_with((editor.scenario.clone(), editor.loads), move |(scenario, loads)| {
            dispatcher.dispatch(Play::Scenario { scenario: scenario.clone(), loads: *loads });
        });
    }
    {
        // A shared link's moment and message, once, after the playback has loaded the shared
        // scenario (a timeout of 0 runs after every mount effect). Here rather than in a
        // component of its own: each component type costs the page about 1.8 KB of wasm.
        let (dispatcher, at_ms, message) = (playback.dispatcher(), props.at_ms, props.message.clone());
        use_effect_with((), move |_| {
            let timeout = (at_ms.is_some() || message.is_some()).then(|| {
                Timeout::new(0, move || {
                    if let Some(at) = at_ms {
                        dispatcher.dispatch(Play::Seek(Time::from_millis(at)));
                    }
                    if let Some(id) = message {
                        dispatcher.dispatch(Play::Select(Some(id.into())));
                    }
                })
            });
            move || drop(timeout)
        });
    }
    html! {
        <ContextProvider<PlaybackContext> context={playback}>
            { props.children.clone() }
        </ContextProvider<PlaybackContext>>
    }
}
