use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

use crate::core::Time;
use crate::sim::lesson::figures::describe;
use crate::sim::lesson::format::KeyMoment;
use crate::sim::lesson::{figure, Lesson};
use crate::sim::scenario::Scenario;
use crate::sim::World;
use crate::ui::hooks::{use_editor, use_lang, use_playback, EditorHandle, PlaybackHandle};
use crate::ui::i18n::Key;
use crate::ui::model::lessons::Progress;
use crate::ui::dom;
use crate::ui::model::spotlight::{scroll_to_show, Spotlight, SpotlightContext};
use crate::ui::model::{Item, Kind, NodeRef};
use crate::ui::playback::Play;
use crate::ui::state::{Action, Select};

use super::LiveRegion;

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    pub lesson: Rc<Lesson>,
    pub start: Rc<Scenario>,
    /// Per prediction, the scenario of its own run (None: the start answers it).
    pub variants: Rc<Vec<Option<Rc<Scenario>>>>,
    pub progress: Progress,
    pub on_progress: Callback<Progress>,
    pub on_close: Callback<()>,
}

/// What a run showed: for each prediction, the choices that hold; the figures to look at.
#[derive(Clone, PartialEq)]
struct Shown {
    holds: Vec<Vec<bool>>,
    figures: Vec<(String, u64)>,
    /// Per prediction with a run of its own, the figures its key moment names, on that run.
    own_figures: Vec<Option<Vec<(String, u64)>>>,
}

/// The figures a key moment names.
fn names(moment: &KeyMoment) -> Vec<&str> {
    moment.highlight.figures.iter().map(String::as_str).collect()
}

fn figures_of(world: &World, names: &[&str]) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = Vec::new();
    for name in names {
        if out.iter().all(|(n, _)| n != name) {
            if let Some(v) = figure(world, name) {
                out.push((name.to_string(), v));
            }
        }
    }
    out
}

/// Takes the run to a key moment: paused there, its first highlighted message selected, its
/// queues and clients selected on the canvas, and lit with the broker nodes and ledger lines.
fn go_to_moment(moment: &KeyMoment, scenario: &Scenario, playback: &PlaybackHandle, editor: &EditorHandle, spotlight: Option<&SpotlightContext>, folded: &UseStateHandle<bool>) {
    playback.dispatch(Play::Seek(Time::from_millis(moment.at_ms)));
    playback.dispatch(Play::Pause);
    if let Some(id) = moment.highlight.messages.first() {
        playback.dispatch(Play::Select(Some(Rc::from(id.as_str()))));
    }
    let h = &moment.highlight;
    let clients = h.clients.iter().map(|c| {
        let kind = if scenario.producers.iter().any(|p| &p.name == c) { Kind::Producer } else { Kind::Consumer };
        NodeRef::new(kind, c.as_str())
    });
    let items = h.queues.iter().map(|q| NodeRef::new(Kind::Queue, q.as_str())).chain(clients).map(Item::Node).collect();
    editor.select(Select::Many { items, add: false });
    if let Some(c) = spotlight {
        c.set.emit(Spotlight::of(h));
    }
    move_aside(folded);
}

/// Below this width the panel is not docked beside the workspace (style/main.css) and would
/// cover what the key moment lights.
const UNDOCKED: &str = "(max-width: 899px)";

/// On a screen too narrow to dock the panel, the key moment folds it to a bar at the bottom and,
/// once the lit elements are drawn, scrolls the page so they lie above the bar.
fn move_aside(folded: &UseStateHandle<bool>) {
    if !dom::matches_media(UNDOCKED) {
        return;
    }
    folded.set(true);
    scroll_lit_into_view(SETTLE_TRIES);
}

/// Scrolls once the seek, the fold and the spotlight are drawn: the canvas draws the lit
/// elements after the panel, so it looks again every `SETTLE_MS` until they are there.
fn scroll_lit_into_view(tries: u32) {
    Timeout::new(SETTLE_MS, move || {
        let lit = dom::vertical_spans(".spotlit");
        if lit.is_empty() {
            if tries > 1 {
                scroll_lit_into_view(tries - 1);
            }
            return;
        }
        let bar = dom::vertical_spans(".lesson-panel").first().map_or(0.0, |(top, bottom)| bottom - top);
        if let Some(dy) = scroll_to_show(&lit, dom::viewport_height() - bar) {
            dom::scroll_page_by(dy);
        }
    })
    .forget();
}

const SETTLE_MS: u32 = 100;
const SETTLE_TRIES: u32 = 30;

/// A lesson beside the editor: the narration (a live region), the prediction, the run paused at
/// the key moment, the explanation, the fix-it check on the editor's scenario, hints and the
/// interview card.
#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let lang = use_lang();
    let editor = use_editor();
    let playback = use_playback();
    let lesson = props.lesson.clone();
    let chosen = use_state(|| vec![None::<usize>; lesson.predictions.len()]);
    let shown = use_state(|| None::<Result<Shown, String>>);
    let fix = use_state(|| None::<Result<(bool, Vec<(String, u64)>), String>>);
    let hints = use_state(|| 0usize);
    // Folded to its title, so the canvas and the property panel under it can be used.
    let folded = use_state(|| false);
    let spotlight = use_context::<SpotlightContext>();
    {
        // The spotlight goes out with the lesson (closed, or another one picked).
        let set = spotlight.as_ref().map(|c| c.set.clone());
        use_effect_with(lesson.id.clone(), move |_| {
            move || {
                if let Some(set) = set {
                    set.emit(Spotlight::default());
                }
            }
        });
    }

    let run_and_see = {
        let (lesson, start, shown, playback, editor) = (lesson.clone(), props.start.clone(), shown.clone(), playback.clone(), editor.clone());
        let (spotlight, variants, folded) = (spotlight.clone(), props.variants.clone(), folded.clone());
        let (progress, on_progress) = (props.progress.clone(), props.on_progress.clone());
        Callback::from(move |_: MouseEvent| {
            // A prediction with a run of its own is answered by that run.
            let own_runs = variants.iter().map(|v| v.as_ref().map(|s| World::run(s)).transpose()).collect::<Result<Vec<_>, _>>();
            let result = own_runs.and_then(|own_runs| World::run(&start).map(|world| (own_runs, world))).map(|(own_runs, world)| {
                let holds = lesson
                    .predictions
                    .iter()
                    .enumerate()
                    .map(|(p, prediction)| {
                        let world = own_runs.get(p).and_then(Option::as_ref).unwrap_or(&world);
                        (0..prediction.choices.len()).map(|c| lesson.shows(p, c).is_ok_and(|s| s.holds(world))).collect()
                    })
                    .collect();
                let own_figures = lesson
                    .predictions
                    .iter()
                    .zip(&own_runs)
                    .map(|(p, w)| Some(figures_of(w.as_ref()?, &names(&p.run.as_ref()?.key_moment))))
                    .collect();
                Shown { holds, figures: figures_of(&world, &names(&lesson.key_moment)), own_figures }
            });
            go_to_moment(&lesson.key_moment, &start, &playback, &editor, spotlight.as_ref(), &folded);
            if result.is_ok() && !progress.predicted.contains(&lesson.id) {
                let mut next = progress.clone();
                next.predicted.insert(lesson.id.clone());
                on_progress.emit(next);
            }
            shown.set(Some(result));
        })
    };
    let check_fix = {
        let (lesson, fix, editor) = (lesson.clone(), fix.clone(), editor.clone());
        let (progress, on_progress) = (props.progress.clone(), props.on_progress.clone());
        Callback::from(move |_: MouseEvent| {
            let result = lesson.goal().and_then(|goal| {
                let world = World::run(&editor.scenario)?;
                Ok((goal.holds(&world), figures_of(&world, &goal.figures())))
            });
            if matches!(result, Ok((true, _))) && !progress.fixed.contains(&lesson.id) {
                let mut next = progress.clone();
                next.fixed.insert(lesson.id.clone());
                on_progress.emit(next);
            }
            fix.set(Some(result));
        })
    };
    // Loads a prediction's own run; once playback runs that load, the effect below takes it to
    // that run's key moment (a seek before the load would be undone by it).
    let watching = use_state(|| None::<(usize, u32)>);
    let watch = {
        let (variants, editor, watching) = (props.variants.clone(), editor.clone(), watching.clone());
        Callback::from(move |p: usize| {
            let Some(Some(scenario)) = variants.get(p) else { return };
            // Read before the load: the handle shows the new state as soon as it is dispatched.
            let load = editor.loads + 1;
            editor.dispatch(Action::Load(scenario.clone()));
            watching.set(Some((p, load)));
        })
    };
    {
        let (lesson, variants, playback, editor, spotlight) = (lesson.clone(), props.variants.clone(), playback.clone(), editor.clone(), spotlight.clone());
        let (watching, folded) = (watching.clone(), folded.clone());
        use_effect_with((playback.loads(), *watching), move |(loads, pending)| {
            if let Some((p, load)) = *pending {
                if *loads >= load {
                    watching.set(None);
                    if let (Some(Some(scenario)), Some(Some(run))) = (variants.get(p), lesson.predictions.get(p).map(|x| &x.run)) {
                        go_to_moment(&run.key_moment, scenario, &playback, &editor, spotlight.as_ref(), &folded);
                    }
                }
            }
        });
    }
    let restart = {
        let (editor, start) = (editor.clone(), props.start.clone());
        Callback::from(move |_: MouseEvent| editor.dispatch(Action::Load(start.clone())))
    };
    let show_hint = {
        let hints = hints.clone();
        Callback::from(move |_: MouseEvent| hints.set(*hints + 1))
    };
    let on_close = props.on_close.reform(|_: MouseEvent| ());
    let fold = {
        let folded = folded.clone();
        Callback::from(move |_: MouseEvent| folded.set(!*folded))
    };
    let all_chosen = chosen.iter().all(Option::is_some);
    let figure_list = |figures: &[(String, u64)]| {
        html! {
            <>
            <p class="lesson-figures-caption">{ lang.t(Key::LessonFigures) }{ ":" }</p>
            <ul class="lesson-figures">
                for (name, value) in figures {
                    <li>
                        { describe(name, lang).unwrap_or_else(|| name.clone()) }{ ": " }<strong>{ value }</strong>
                        { " " }<code>{ name.clone() }</code>
                    </li>
                }
            </ul>
            </>
        }
    };
    let h = &lesson.key_moment.highlight;
    let look_at: Vec<String> = h.queues.iter().chain(&h.nodes).chain(&h.clients).chain(&h.messages).cloned().collect();
    // What a screen reader hears: the steps, then at the key moment what to look at and why.
    let narration = match &*shown {
        Some(Ok(_)) => format!(
            "{}: {} {} {}. {} {}",
            lang.t(Key::LessonKeyMoment),
            lang.t(Key::LessonAt),
            lesson.key_moment.at_ms,
            lang.pick("ms", "毫秒"),
            if look_at.is_empty() { String::new() } else { format!("{}: {}.", lang.t(Key::LessonLookAt), look_at.join(", ")) },
            lesson.explanation.pick(lang)
        ),
        _ => lesson.steps.iter().map(|s| s.pick(lang)).collect::<Vec<_>>().join(" "),
    };

    html! {
        <aside class={classes!("lesson-panel", folded.then_some("folded"))} aria-labelledby="lesson-title">
            <header class="lesson-head">
                <h2 id="lesson-title">{ format!("{}. {}", lesson.topic, lesson.title.pick(lang)) }</h2>
                <div class="lesson-head-actions">
                    <button type="button" class="button lesson-fold" aria-expanded={(!*folded).to_string()} onclick={fold}>
                        { lang.t(if *folded { Key::LessonUnfold } else { Key::LessonFold }) }
                    </button>
                    <button type="button" class="button lesson-close" onclick={on_close}>{ lang.t(Key::LessonClose) }</button>
                </div>
            </header>
            if !*folded {
            <div class="lesson-body">
            <LiveRegion text={narration} urgent={true} />
            // The steps are one stop of the Tab order, so a keyboard user can have them read.
            <section class="lesson-narration" tabindex="0" aria-labelledby="lesson-steps-title">
                <h3 id="lesson-steps-title">{ lang.t(Key::LessonSteps) }</h3>
                <ol>
                    for step in &lesson.steps {
                        <li>{ step.pick(lang) }</li>
                    }
                </ol>
            </section>
            for (p, prediction) in lesson.predictions.iter().enumerate() {
                <fieldset class="lesson-prediction">
                    <legend>{ lang.t(Key::LessonPredict) }{ ": " }{ prediction.question.pick(lang) }</legend>
                    for (c, choice) in prediction.choices.iter().enumerate() {
                        <label class="lesson-choice">
                            <input
                                type="radio"
                                name={format!("lesson-{}-{p}", lesson.id)}
                                data-choice={c.to_string()}
                                checked={chosen[p] == Some(c)}
                                onchange={
                                    let chosen = chosen.clone();
                                    move |_: Event| {
                                        let mut next = (*chosen).clone();
                                        next[p] = Some(c);
                                        chosen.set(next);
                                    }
                                }
                            />
                            { choice.text.pick(lang) }
                        </label>
                    }
                </fieldset>
            }
            <button type="button" class="button lesson-run" disabled={!all_chosen} onclick={run_and_see}>{ lang.t(Key::LessonRunCheck) }</button>
            <div class="lesson-outcome">
                if let Some(result) = &*shown {
                    { match result {
                        Err(e) => html! { <p class="lesson-error">{ lang.t(Key::LessonRunFailed) }{ " " }{ e.clone() }</p> },
                        Ok(shown) => html! {
                            <>
                                for (p, prediction) in lesson.predictions.iter().enumerate() {
                                    if chosen[p].is_some_and(|c| shown.holds[p].get(c).copied().unwrap_or(false)) {
                                        <p class="lesson-right">{ lang.t(Key::LessonRight) }</p>
                                    } else {
                                        <p class="lesson-wrong">
                                            { lang.t(Key::LessonWrong) }{ " " }
                                            { prediction.choices.iter().zip(&shown.holds[p]).filter(|(_, h)| **h).map(|(c, _)| c.text.pick(lang)).collect::<Vec<_>>().join(" / ") }
                                        </p>
                                    }
                                    if prediction.run.is_some() {
                                        <p class="lesson-own-run">
                                            { lang.t(Key::LessonOwnRun) }{ " " }
                                            <button type="button" class="button lesson-watch" data-prediction={p.to_string()} onclick={watch.reform(move |_: MouseEvent| p)}>
                                                { lang.t(Key::LessonWatchRun) }
                                            </button>
                                        </p>
                                        if let Some(Some(figures)) = shown.own_figures.get(p) {
                                            { figure_list(figures) }
                                        }
                                    }
                                }
                                <h3>{ lang.t(Key::LessonKeyMoment) }</h3>
                                <p>{ format!("{} {} {}", lang.t(Key::LessonAt), lesson.key_moment.at_ms, lang.pick("ms", "毫秒")) }</p>
                                if !look_at.is_empty() {
                                    <p>{ lang.t(Key::LessonLookAt) }{ ": " }{ look_at.join(", ") }</p>
                                }
                                { figure_list(&shown.figures) }
                                <h3>{ lang.t(Key::LessonExplanation) }</h3>
                                <p class="lesson-explanation">{ lesson.explanation.pick(lang) }</p>
                            </>
                        },
                    } }
                }
            </div>
            if shown.as_ref().is_some_and(|r| r.is_ok()) {
                <section class="lesson-fix">
                    <h3>{ lang.t(Key::LessonFixIt) }</h3>
                    <p>{ lesson.fix.task.pick(lang) }</p>
                    <p>{ lang.t(Key::LessonGoal) }{ ": " }<code>{ lesson.fix.goal.clone() }</code></p>
                    <p class="lesson-how">{ lang.t(Key::LessonFixHow) }</p>
                    for hint in lesson.hints.iter().take(*hints) {
                        <p class="lesson-hint">{ hint.pick(lang) }</p>
                    }
                    if *hints < lesson.hints.len() {
                        <button type="button" class="button lesson-hint-button" onclick={show_hint}>{ lang.t(Key::LessonShowHint) }</button>
                    }
                    <button type="button" class="button lesson-restart" onclick={restart}>{ lang.t(Key::LessonRestart) }</button>
                    <button type="button" class="button lesson-check" onclick={check_fix}>{ lang.t(Key::LessonCheckFix) }</button>
                    <div class="lesson-fix-result" aria-live="polite">
                        { match &*fix {
                            None => html! {},
                            Some(Err(e)) => html! { <p class="lesson-error">{ lang.t(Key::LessonRunFailed) }{ " " }{ e.clone() }</p> },
                            Some(Ok((met, figures))) => html! {
                                <>
                                    <p class={if *met { "lesson-right lesson-goal-met" } else { "lesson-wrong" }}>
                                        { lang.t(if *met { Key::LessonGoalMet } else { Key::LessonGoalNotMet }) }
                                    </p>
                                    { figure_list(figures) }
                                </>
                            },
                        } }
                    </div>
                    <details class="lesson-interview">
                        <summary>{ lang.t(Key::LessonInterview) }{ ": " }{ lesson.interview.question.pick(lang) }</summary>
                        <h4>{ lang.t(Key::LessonModelAnswer) }</h4>
                        <p>{ lesson.interview.answer.pick(lang) }</p>
                    </details>
                </section>
            }
            </div>
            }
        </aside>
    }
}
