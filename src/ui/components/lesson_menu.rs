use std::rc::Rc;

use yew::prelude::*;

use super::{LessonPanel, Menu};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::lesson_progress;
use crate::ui::model::lessons::{self, Progress, LESSON_FILES};
use crate::ui::state::Action;

/// The lesson menu: the twelve lessons with the learner's progress; picking one loads its
/// starting scenario (undoable) and opens its panel. Leaving the lesson keeps the progress; the
/// menu resumes it.
#[component]
pub fn LessonMenu() -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let active = use_state(|| None::<usize>);
    let progress = use_state(lesson_progress::load);
    let lessons = use_memo((), |_| LESSON_FILES.iter().map(|(_, json)| lessons::read(json).ok().map(|(l, r)| (Rc::new(l), Rc::new(r.start), Rc::new(r.variants.into_iter().map(|v| v.map(Rc::new)).collect::<Vec<_>>())))).collect::<Vec<_>>());
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
    let panel = active.and_then(|i| lessons.get(i).cloned().flatten()).map(|(lesson, start, variants)| {
        let key = lesson.id.clone();
        html! {
            <LessonPanel {key} {lesson} {start} {variants} progress={(*progress).clone()} {on_progress} {on_close} />
        }
    });
    html! {
        <Menu class="lesson-menu" button_class="lesson-menu-button" label={lang.t(Key::Lessons)} after={panel.unwrap_or_default()}>
            for (i, entry) in lessons.iter().enumerate() {
                if let Some((lesson, start, _)) = entry {
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
