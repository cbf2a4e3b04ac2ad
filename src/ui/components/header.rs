use yew::prelude::*;

use super::{lang_switch, theme_toggle, LessonMenu, ScenarioMenu, ShareButton};
use crate::ui::i18n::{Key, Lang};
use crate::ui::Theme;

/// What the header shows and does beside its menus.
pub struct HeaderProps {
    pub theme: Theme,
    pub on_toggle_theme: Callback<()>,
    pub on_lang: Callback<Lang>,
    pub on_import_export: Callback<()>,
}

/// The title, the subtitle and the page-wide controls.
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn header(lang: Lang, props: HeaderProps) -> Html {
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
                { lang_switch(lang, &props.on_lang) }
                { theme_toggle(lang, props.theme, &props.on_toggle_theme) }
            </nav>
        </header>
    }
}
