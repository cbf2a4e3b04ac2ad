use yew::prelude::*;

use super::{LangSwitch, LessonMenu, ScenarioMenu, ShareButton, ThemeToggle};
use crate::ui::hooks::use_lang;
use crate::ui::i18n::{Key, Lang};
use crate::ui::Theme;

#[derive(Properties, PartialEq)]
pub struct HeaderProps {
    pub theme: Theme,
    pub on_toggle_theme: Callback<()>,
    pub on_lang: Callback<Lang>,
    pub on_import_export: Callback<()>,
}

/// The title, the subtitle and the page-wide controls.
#[component]
pub fn Header(props: &HeaderProps) -> Html {
    let lang = use_lang();
    let on_import_export = props.on_import_export.reform(|_: MouseEvent| ());
    html! {
        <header class="header">
            <div class="brand">
                <h1>{ "Warren" }</h1>
                <p class="subtitle">{ lang.t(Key::Subtitle) }</p>
            </div>
            <nav class="header-controls">
                <ScenarioMenu />
                <LessonMenu />
                <button type="button" class="button import-export-open" onclick={on_import_export}>
                    { lang.t(Key::ImportExport) }
                </button>
                <ShareButton />
                <LangSwitch on_change={props.on_lang.clone()} />
                <ThemeToggle theme={props.theme} on_toggle={props.on_toggle_theme.clone()} />
            </nav>
        </header>
    }
}
