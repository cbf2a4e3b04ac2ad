use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::core::Time;
use crate::ui::frames::AnimationFrames;
use crate::ui::hooks::{use_editor, use_lang, use_playback};
use crate::ui::model::{Edit, Field, Item};
use crate::ui::i18n::Key;
use crate::ui::playback::{slider_to_speed, speed_to_slider, Play};

/// Play / pause, step, restart, speed, seed and the scrubber. While playing, an owned
/// `AnimationFrames` (stopped when dropped) sends one `Frame` per animation frame.
#[component]
pub fn PlaybackBar() -> Html {
    let playback = use_playback();
    let editor = use_editor();
    let lang = use_lang();
    {
        let dispatcher = playback.dispatcher();
        use_effect_with(playback.playing, move |playing| {
            let frames = playing.then(|| AnimationFrames::new(move |at| dispatcher.dispatch(Play::Frame(at))));
            move || drop(frames)
        });
    }
    let seed_input = use_node_ref();
    let t = playback.timeline();
    let (now, end, seed) = (t.now(), t.end(), editor.scenario.seed);
    drop(t);
    let send = |action: Play| {
        let playback = playback.clone();
        Callback::from(move |_: MouseEvent| playback.dispatch(action.clone()))
    };
    let toggle = send(if playback.playing { Play::Pause } else { Play::Play });
    let on_scrub = {
        let playback = playback.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            if let Ok(ms) = input.value().parse::<u64>() {
                playback.seek(Time::from_millis(ms));
            }
        })
    };
    let on_speed = {
        let playback = playback.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            playback.dispatch(Play::SetSpeed(slider_to_speed(input.value().parse().unwrap_or(100))));
        })
    };
    // The scenario's own seed (one seed everywhere: playback, export, share links), so a new
    // one here is an undoable edit and the run follows it from time 0.
    let on_seed = {
        let (playback, seed_input, editor) = (playback.clone(), seed_input.clone(), editor.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(input) = seed_input.cast::<HtmlInputElement>() else { return };
            match input.value().trim().parse::<u64>() {
                Ok(seed) => {
                    playback.dispatch(Play::DismissError);
                    editor.edit(Edit::Set { item: Item::Scenario, field: Field::Seed, value: seed.to_string() });
                }
                Err(_) => playback.dispatch(Play::Refuse(Key::SeedBad)),
            }
        })
    };
    let speed = playback.speed;
    let speed_text = if speed < 1.0 { format!("{speed:.2}×") } else { format!("{speed}×") };
    html! {
        <div class="playback-bar">
            <button type="button" class={classes!("button", "primary", "play")} data-action="play" onclick={toggle}
                aria-pressed={playback.playing.to_string()}>
                { lang.t(if playback.playing { Key::Pause } else { Key::Play }) }
            </button>
            <button type="button" class="button" data-action="step" title={lang.t(Key::Step)} onclick={send(Play::Step)}>{ lang.t(Key::StepShort) }</button>
            <button type="button" class="button" data-action="restart" title={lang.t(Key::Restart)} onclick={send(Play::Restart)}>{ "↺" }</button>
            <label class="scrubber">
                <span class="sr-only">{ lang.t(Key::TimelineLabel) }</span>
                <input type="range" min="0" max={end.as_millis().to_string()} step="1" value={now.as_millis().to_string()} oninput={on_scrub} />
            </label>
            <output class="clock" data-now-ms={now.as_millis().to_string()}>{ format!("{} / {}", lang.seconds(now), lang.seconds(end)) }</output>
            if playback.behind {
                <span class="behind" role="status" data-behind="true">{ lang.t(Key::Behind) }</span>
            }
            <label class="speed">
                <span>{ lang.t(Key::Speed) }</span>
                <input type="range" min="0" max="300" value={speed_to_slider(speed).to_string()} oninput={on_speed} />
                <output>{ speed_text }</output>
            </label>
            <form class="seed" onsubmit={on_seed}>
                <label>
                    <span>{ lang.t(Key::Seed) }</span>
                    <input ref={seed_input} type="text" inputmode="numeric" size="6" value={seed.to_string()} />
                </label>
                <button type="submit" class="button" title={lang.t(Key::NewSeed)}>{ "⏎" }</button>
            </form>
        </div>
    }
}
