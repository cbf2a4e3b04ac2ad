use yew::prelude::*;

use crate::ui::hooks::{use_editor, PlaybackContext};
use crate::ui::playback::{Play, Playback};

#[derive(Properties, PartialEq)]
pub struct PlaybackProviderProps {
    pub children: Html,
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
    html! {
        <ContextProvider<PlaybackContext> context={playback}>
            { props.children.clone() }
        </ContextProvider<PlaybackContext>>
    }
}
