use yew::prelude::*;

use std::rc::Rc;

use super::{drawer, drawer_bar, header, restore_notice, Canvas, DrawerProps, HeaderProps, ImportExport, Inspector, Palette, PlaybackPanel, PlaybackProvider, RestoreNoticeProps, Shortcuts, Side};
use crate::ui::autosave::{self, Boot, Saved};
use crate::ui::dom;
use crate::ui::keys;
use crate::ui::write_later::use_write_later;
use crate::ui::hooks::EditorContext;
use crate::ui::i18n::Lang;
use crate::ui::state::{blank, Action, Editor};
use crate::ui::Theme;
use crate::ui::model::spotlight::{Spotlight, SpotlightContext};

/// How long autosave waits after the last change before writing (ms).
const SAVE_AFTER_MS: u32 = 400;

/// The whole page: the header above the palette, the canvas and the property panel. It owns the
/// editor state and the page preferences, and provides them to the components.
#[component]
pub fn App() -> Html {
    // What the browser kept from the last visit (read once).
    // A share link in the address, else what the browser kept from the last visit (read once).
    let boot = use_memo((), |_| Boot::at_start());
    let saved = boot.saved().cloned();
    let theme = use_state(|| saved.as_ref().map_or_else(Theme::default, |s| s.theme));
    let lang = use_state(|| saved.as_ref().map_or_else(Lang::from_browser, |s| s.lang));
    let editor = use_reducer(|| match (&*boot, saved) {
        (Boot::Shared(shared), _) => Editor::new(shared.scenario.clone()),
        (_, Some(saved)) => {
            let mut editor = Editor::new(saved.scenario);
            editor.view = saved.view;
            editor
        }
        (_, None) => Editor::default(),
    });
    let notice = use_state(|| (*boot).clone());
    // Every change is saved, once it has stayed for SAVE_AFTER_MS (a drag is one write, not one
    // per pointer move) or when the page is left.
    use_write_later((editor.scenario.clone(), editor.view, *lang, *theme), SAVE_AFTER_MS, |(scenario, view, lang, theme)| {
        autosave::save(&Saved { scenario: (**scenario).clone(), view: *view, lang: *lang, theme: *theme });
    });
    let on_start_fresh = {
        let (editor, notice) = (editor.clone(), notice.clone());
        Callback::from(move |()| {
            autosave::clear();
            editor.dispatch(Action::Load(Rc::new(blank())));
            notice.set(Boot::Fresh);
        })
    };
    let on_back_to_own = {
        let (editor, notice) = (editor.clone(), notice.clone());
        Callback::from(move |()| {
            let own = autosave::before_link().map_or_else(blank, |saved| saved.scenario);
            editor.dispatch(Action::Load(Rc::new(own)));
            notice.set(Boot::Fresh);
        })
    };
    let on_dismiss_notice = {
        let notice = notice.clone();
        Callback::from(move |()| notice.set(Boot::Fresh))
    };
    let canvas = use_node_ref();
    {
        // A shared link's topology is fitted into the canvas, as a loaded scenario is.
        let (editor, canvas, shared) = (editor.clone(), canvas.clone(), matches!(&*boot, Boot::Shared(_)));
        use_effect_with((), move |_| {
            if let Some((width, height)) = dom::size(&canvas).filter(|_| shared) {
                editor.dispatch(Action::Fit { width, height });
            }
        });
    }
    // A shared link's moment and message, which the playback takes to once loaded.
    let shared = match &*boot {
        Boot::Shared(shared) => Some(shared),
        _ => None,
    };
    let dialog = use_state(|| false);
    // What a lesson's key moment points at, lit on the canvas and in the ledger.
    let spotlight = use_state(Spotlight::default);
    let spotlight = SpotlightContext {
        spot: Rc::new((*spotlight).clone()),
        set: {
            let spotlight = spotlight.clone();
            Callback::from(move |s: Spotlight| spotlight.set(s))
        },
    };
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
    // On phones and tablets the palette and the property panel are drawers; at most one is open.
    let open_drawer = use_state(|| None::<Side>);
    let on_toggle_drawer = {
        let open_drawer = open_drawer.clone();
        Callback::from(move |side: Side| {
            let opening = *open_drawer != Some(side);
            open_drawer.set(opening.then_some(side));
            // The focus goes into an opened drawer, and back to its button when it closes.
            let into = if opening { "data-drawer-close" } else { "data-drawer-open" };
            keys::focus_after_render(format!("[{into}=\"{}\"]", side.id()));
        })
    };
    let on_close_drawer = {
        let open_drawer = open_drawer.clone();
        Callback::from(move |()| {
            if let Some(side) = *open_drawer {
                keys::focus_after_render(format!("[data-drawer-open=\"{}\"]", side.id()));
            }
            open_drawer.set(None);
        })
    };
    let on_close_popups = {
        let (help, dialog, close_drawer) = (help.clone(), dialog.clone(), on_close_drawer.clone());
        Callback::from(move |()| {
            help.set(false);
            dialog.set(false);
            close_drawer.emit(());
        })
    };
    html! {
        <ContextProvider<Lang> context={*lang}>
            <ContextProvider<EditorContext> context={editor}>
            <PlaybackProvider at_ms={shared.and_then(|s| s.at_ms)} message={shared.and_then(|s| s.message.clone())}>
            <ContextProvider<SpotlightContext> context={spotlight}>
                <main class="app" data-theme={theme.as_str()} lang={lang.tag()}>
                    { header(*lang, HeaderProps { theme: *theme, on_toggle_theme, on_lang, on_import_export: toggle(&dialog) }) }
                    { restore_notice(*lang, RestoreNoticeProps { boot: (*notice).clone(), on_start_fresh, on_back_to_own, on_dismiss: on_dismiss_notice }) }
                    <div class="workspace">
                        { drawer_bar(*lang, *open_drawer, &on_toggle_drawer) }
                        { drawer(*lang, DrawerProps {
                            side: Side::Palette,
                            open: *open_drawer == Some(Side::Palette),
                            on_close: on_close_drawer.clone(),
                            close_on: Some("[data-add]"),
                            children: html! { <Palette canvas={canvas.clone()} /> },
                        }) }
                        <Canvas
                            node_ref={canvas.clone()}
                            box_mode={*box_mode}
                            on_toggle_box={toggle(&box_mode)}
                            help={*help}
                            on_toggle_help={toggle(&help)}
                        />
                        { drawer(*lang, DrawerProps {
                            side: Side::Properties,
                            open: *open_drawer == Some(Side::Properties),
                            on_close: on_close_drawer,
                            close_on: None,
                            children: html! { <Inspector /> },
                        }) }
                    </div>
                    <PlaybackPanel />
                    <Shortcuts canvas={canvas} on_help={toggle(&help)} on_escape={on_close_popups.clone()} active={!*dialog} />
                    if *dialog {
                        <ImportExport on_close={on_close_popups} />
                    }
                </main>
            </ContextProvider<SpotlightContext>>
            </PlaybackProvider>
            </ContextProvider<EditorContext>>
        </ContextProvider<Lang>>
    }
}
