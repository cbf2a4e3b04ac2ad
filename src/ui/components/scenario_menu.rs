use std::cell::RefCell;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use super::Menu;
use crate::sim::scenario::parse;
use crate::ui::fetch;
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::templates::{Template, Topic, TEMPLATES};
use crate::ui::state::{Action, Editor};

/// A ready-made scenario's file (they are beside the page, not in the wasm): not asked for yet,
/// on its way, or its text or why it could not be fetched (naming the file).
#[derive(Clone, Default)]
enum File {
    #[default]
    Unasked,
    Fetching,
    Fetched(Result<Rc<str>, String>),
}

/// The files of `TEMPLATES` (same index), and the one picked before its file had arrived.
#[derive(Default)]
struct Files {
    files: [File; TEMPLATES.len()],
    picked: Option<usize>,
}

type Shared = Rc<RefCell<Files>>;
type Dispatch = UseReducerDispatcher<Editor>;

/// Asks for file `i` unless it is here or on its way (a failed one is asked for again); when it
/// arrives and was picked meanwhile, loads it.
fn fetch_file(files: &Shared, editor: &Dispatch, i: usize) {
    if !matches!(files.borrow().files[i], File::Unasked | File::Fetched(Err(_))) {
        return;
    }
    files.borrow_mut().files[i] = File::Fetching;
    let (files, editor) = (files.clone(), editor.clone());
    spawn_local(async move {
        let text = fetch::text(&TEMPLATES[i].url()).await.map(Rc::from);
        let picked = {
            let mut f = files.borrow_mut();
            f.files[i] = File::Fetched(text);
            f.picked == Some(i)
        };
        if picked {
            pick(&files, &editor, i);
        }
    });
}

/// Loads scenario `i` (undoable) if its file is here, or loads it when it arrives; a file that
/// could not be fetched or read is shown in the error banner, naming the file.
fn pick(files: &Shared, editor: &Dispatch, i: usize) {
    let file = files.borrow().files[i].clone();
    files.borrow_mut().picked = None;
    match file {
        File::Fetched(Ok(text)) => match parse(&text) {
            Ok(scenario) => editor.dispatch(Action::Load(Rc::new(scenario))),
            Err(e) => editor.dispatch(Action::LoadFailed(format!("{}: {e}", TEMPLATES[i].url()))),
        },
        File::Fetched(Err(why)) => {
            // Asked for again, so a second pick after a network hiccup works.
            files.borrow_mut().files[i] = File::Unasked;
            editor.dispatch(Action::LoadFailed(why));
        }
        File::Unasked | File::Fetching => {
            files.borrow_mut().picked = Some(i);
            fetch_file(files, editor, i);
        }
    }
}

/// The menu of ready-made scenarios, grouped by topic; one click loads one (undoable). Its files
/// are fetched when the menu first opens, so a pick is usually loaded at once.
#[component]
pub fn ScenarioMenu() -> Html {
    let editor = use_editor().dispatcher();
    let lang = use_lang();
    let files = use_mut_ref(Files::default);
    let on_open = {
        let (files, editor) = (files.clone(), editor.clone());
        Callback::from(move |()| (0..TEMPLATES.len()).for_each(|i| fetch_file(&files, &editor, i)))
    };
    html! {
        <Menu class="scenario-menu" label={lang.t(Key::Scenarios)} {on_open}>
            for topic in Topic::ALL {
                <li role="none" class="menu-topic">
                    <span class="menu-topic-name" aria-hidden="true">{ lang.topic(topic) }</span>
                    <ul role="group" aria-label={lang.topic(topic)} data-topic={format!("{topic:?}").to_lowercase()}>
                        for (i, template) in Template::of(topic) {
                            <li role="none">
                                <button
                                    type="button"
                                    role="menuitem"
                                    data-scenario={template.id}
                                    onclick={
                                        let (files, editor) = (files.clone(), editor.clone());
                                        move |_: MouseEvent| pick(&files, &editor, i)
                                    }
                                >
                                    <span class="menu-title">{ lang.template(template.id).0 }</span>
                                    <span class="menu-blurb">{ lang.template(template.id).1 }</span>
                                </button>
                            </li>
                        }
                    </ul>
                </li>
            }
        </Menu>
    }
}
