use std::rc::Rc;

use yew::prelude::*;

use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::templates::{Template, Topic};
use crate::ui::state::Action;

/// The menu of ready-made scenarios, grouped by topic; one click loads one (undoable).
#[component]
pub fn ScenarioMenu() -> Html {
    let editor = use_editor();
    let lang = use_lang();
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let onkeydown = {
        let open = open.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                open.set(false);
            }
        })
    };
    html! {
        <div class="menu scenario-menu" {onkeydown}>
            <button type="button" class="button menu-button" aria-haspopup="true" aria-expanded={open.to_string()} onclick={toggle.clone()}>
                { lang.t(Key::Scenarios) }{ " ▾" }
            </button>
            if *open {
                <div class="backdrop" onclick={toggle} />
                <ul class="menu-list" role="menu">
                    for topic in Topic::ALL {
                        <li role="none" class="menu-topic">
                            <span class="menu-topic-name" aria-hidden="true">{ lang.topic(topic) }</span>
                            <ul role="group" aria-label={lang.topic(topic)} data-topic={format!("{topic:?}").to_lowercase()}>
                                for template in Template::of(topic) {
                                    <li role="none">
                                        <button
                                            type="button"
                                            role="menuitem"
                                            data-scenario={template.id}
                                            onclick={
                                                let (editor, open) = (editor.clone(), open.clone());
                                                move |_: MouseEvent| {
                                                    if let Ok(scenario) = template.scenario() {
                                                        editor.dispatch(Action::Load(Rc::new(scenario)));
                                                    }
                                                    open.set(false);
                                                }
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
                </ul>
            }
        </div>
    }
}
