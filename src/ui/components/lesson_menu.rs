use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use super::{LessonPanel, Menu};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::lesson_progress;
use crate::sim::lesson::Lesson;
use crate::sim::scenario::Scenario;
use crate::ui::fetch;
use crate::ui::model::lessons::{self, Files, Progress, Read, LESSON_FILES};
use crate::ui::state::Action;

/// A lesson of the menu: read and resolved (its start, and per prediction the scenario of its
/// own run), or why it could not be (a failed fetch names the file).
type Entry = Result<(Rc<Lesson>, Rc<Scenario>, Rc<Vec<Option<Rc<Scenario>>>>), String>;

/// Fetches every lesson file and the scenario files they name (each once), in menu order.
async fn load_all() -> Vec<Entry> {
    let mut files = Files::default();
    let mut entries = Vec::with_capacity(LESSON_FILES.len());
    for file in LESSON_FILES {
        entries.push(load_one(file, &mut files).await);
    }
    entries
}

async fn load_one(file: &str, files: &mut Files) -> Entry {
    let json = fetch::text(&lessons::lesson_url(file)).await?;
    loop {
        match lessons::read(&json, files) {
            Read::Ready(read) => {
                let (lesson, resolved) = *read;
                let variants = resolved.variants.into_iter().map(|v| v.map(Rc::new)).collect();
                return Ok((Rc::new(lesson), Rc::new(resolved.start), Rc::new(variants)));
            }
            Read::Needs(path) if !files.contains_key(&path) => {
                let text = fetch::text(&path).await?;
                files.insert(path, text);
            }
            Read::Needs(path) => return Err(format!("{file}: {path}: not loaded")),
            Read::Bad(e) => return Err(format!("{file}: {e}")),
        }
    }
}

/// The lesson menu: the twelve lessons with the learner's progress; picking one loads its
/// starting scenario (undoable) and opens its panel. Leaving the lesson keeps the progress; the
/// menu resumes it.
#[component]
pub fn LessonMenu() -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let active = use_state(|| None::<usize>);
    let progress = use_state(lesson_progress::load);
    // Fetched once, when the menu is first opened (the files are beside the page, not in the
    // wasm, and a first load over a slow link does not share it with them).
    let lessons = use_state(|| None::<Rc<Vec<Entry>>>);
    let fetching = use_mut_ref(|| false);
    let on_open = {
        let lessons = lessons.clone();
        Callback::from(move |()| {
            if !fetching.replace(true) {
                let lessons = lessons.clone();
                spawn_local(async move { lessons.set(Some(Rc::new(load_all().await))) });
            }
        })
    };
    let on_progress = {
        let progress = progress.clone();
        Callback::from(move |update: Progress| {
            lesson_progress::save(&update);
            progress.set(update);
        })
    };
    let on_close = {
        let active = active.clone();
        Callback::from(move |()| active.set(None))
    };
    let panel = active.and_then(|i| lessons.as_ref().and_then(|l| l.get(i).cloned()).and_then(Result::ok)).map(|(lesson, start, variants)| {
        let key = lesson.id.clone();
        html! {
            <LessonPanel {key} {lesson} {start} {variants} progress={(*progress).clone()} {on_progress} {on_close} />
        }
    });
    html! {
        <Menu class="lesson-menu" button_class="lesson-menu-button" label={lang.t(Key::Lessons)} {on_open} after={panel.unwrap_or_default()}>
            if lessons.is_none() {
                <li role="none" class="menu-note">{ lang.t(Key::LessonsLoading) }</li>
            }
            for (i, entry) in lessons.iter().flat_map(|l| l.iter()).enumerate() {
                if let Err(why) = entry {
                    <li role="none" class="menu-note lesson-not-loaded">{ lang.t(Key::LessonNotLoaded) }{ " " }{ why.clone() }</li>
                }
                if let Ok((lesson, start, _)) = entry {
                    <li role="none">
                        <button
                            type="button"
                            role="menuitem"
                            data-lesson={lesson.id.clone()}
                            onclick={
                                let (editor, active, start) = (editor.clone(), active.clone(), start.clone());
                                move |_: MouseEvent| {
                                    editor.dispatch(Action::Load(start.clone()));
                                    active.set(Some(i));
                                }
                            }
                        >
                            <span class="menu-title">
                                { format!("{}. {}", lesson.topic, lesson.title.pick(lang)) }
                                if progress.done(&lesson.id) {
                                    <span class="lesson-done">{ " ✓ " }{ lang.t(Key::LessonDone) }</span>
                                }
                            </span>
                        </button>
                    </li>
                }
            }
        </Menu>
    }
}
