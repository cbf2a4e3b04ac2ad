use std::rc::Rc;

use yew::prelude::*;

use super::Menu;
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::i18n::Key;
use crate::ui::model::templates::{Template, Topic};
use crate::ui::state::Action;

/// The menu of ready-made scenarios, grouped by topic; one click loads one (undoable).
#[component]
pub fn ScenarioMenu() -> Html {
    let editor = use_editor();
    let lang = use_lang();
    html! {
        <Menu class="scenario-menu" label={lang.t(Key::Scenarios)}>
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
                                        let editor = editor.clone();
                                        move |_: MouseEvent| {
                                            if let Ok(scenario) = template.scenario() {
                                                editor.dispatch(Action::Load(Rc::new(scenario)));
                                            }
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
        </Menu>
    }
}
