use yew::prelude::*;

use super::{Canvas, Header, ImportExport, Inspector, Palette, PlaybackPanel, PlaybackProvider, Shortcuts};
use crate::ui::hooks::EditorContext;
use crate::ui::i18n::Lang;
use crate::ui::state::Editor;
use crate::ui::Theme;

/// The whole page: the header above the palette, the canvas and the property panel. It owns the
/// editor state and the page preferences, and provides them to the components.
#[component]
pub fn App() -> Html {
    let theme = use_state(Theme::default);
    let lang = use_state(Lang::from_browser);
    let editor = use_reducer(Editor::default);
    let canvas = use_node_ref();
    let dialog = use_state(|| false);
    let help = use_state(|| false);
    let box_mode = use_state(|| false);

    let toggle = |flag: &UseStateHandle<bool>| {
        let flag = flag.clone();
        Callback::from(move |()| flag.set(!*flag))
    };
    let on_toggle_theme = {
        let theme = theme.clone();
        Callback::from(move |()| theme.set(theme.toggled()))
    };
    let on_lang = {
        let lang = lang.clone();
        Callback::from(move |l: Lang| lang.set(l))
    };
    let on_close_popups = {
        let (help, dialog) = (help.clone(), dialog.clone());
        Callback::from(move |()| {
            help.set(false);
            dialog.set(false);
        })
    };
    html! {
        <ContextProvider<Lang> context={*lang}>
            <ContextProvider<EditorContext> context={editor}>
            <PlaybackProvider>
                <main class="app" data-theme={theme.as_str()} lang={lang.tag()}>
                    <Header theme={*theme} {on_toggle_theme} {on_lang} on_import_export={toggle(&dialog)} />
                    <div class="workspace">
                        <Palette canvas={canvas.clone()} />
                        <Canvas
                            node_ref={canvas.clone()}
                            box_mode={*box_mode}
                            on_toggle_box={toggle(&box_mode)}
                            help={*help}
                            on_toggle_help={toggle(&help)}
                        />
                        <Inspector />
                    </div>
                    <PlaybackPanel />
                    <Shortcuts canvas={canvas} on_help={toggle(&help)} on_escape={on_close_popups.clone()} active={!*dialog} />
                    if *dialog {
                        <ImportExport on_close={on_close_popups} />
                    }
                </main>
            </PlaybackProvider>
            </ContextProvider<EditorContext>>
        </ContextProvider<Lang>>
    }
}
