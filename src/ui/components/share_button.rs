use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::ui::hooks::{use_editor, use_lang, use_playback};
use crate::ui::i18n::Key;
use crate::ui::share::{self, Shared};

/// "Share link": a popover with a link that holds the scenario being edited (and, if ticked, the
/// playback time and the selected message), selected for copying, and a Copy button. A scenario
/// too big for a link is said so, with the way out (the file).
#[component]
pub fn ShareButton() -> Html {
    let editor = use_editor();
    let playback = use_playback();
    let lang = use_lang();
    let open = use_state(|| false);
    let moment = use_state(|| true);
    let copied = use_state(|| false);
    let field = use_node_ref();
    let toggle = {
        let (open, copied) = (open.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            open.set(!*open);
            copied.set(false);
        })
    };
    let link = (*open).then(|| {
        let now = playback.now().as_millis();
        let shared = Shared {
            scenario: (*editor.scenario).clone(),
            at_ms: (*moment && now > 0).then_some(now),
            message: if *moment { playback.selected.as_deref().map(str::to_string) } else { None },
        };
        share::encode(&shared).map(|fragment| share::link(&fragment))
    });
    let on_moment = {
        let moment = moment.clone();
        Callback::from(move |e: Event| moment.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let copy = {
        let (field, copied) = (field.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = field.cast::<HtmlInputElement>() {
                input.select();
                // The selected text, copied synchronously (the async Clipboard API rejects
                // without focus or permission, and the selection is there to copy by hand).
                let document = web_sys::window().and_then(|w| w.document()).and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok());
                copied.set(document.is_some_and(|d| d.exec_command("copy").unwrap_or(false)));
            }
        })
    };
    html! {
        <div class="share">
            <button type="button" class="button share-open" aria-expanded={open.to_string()} onclick={toggle.clone()}>{ lang.t(Key::ShareLink) }</button>
            if let Some(link) = link {
                <div class="popover share-popover" role="dialog" aria-label={lang.t(Key::ShareLink)}>
                    <p class="hint">{ lang.t(Key::ShareLinkHint) }</p>
                    <label class="check">
                        <input type="checkbox" class="share-moment" checked={*moment} onchange={on_moment} />
                        { lang.t(Key::ShareMoment) }
                    </label>
                    {
                        match link {
                            Ok(link) => html! {
                                <div class="share-row">
                                    <input ref={field} class="share-link" type="text" readonly=true value={link} aria-label={lang.t(Key::ShareLink)} />
                                    <button type="button" class="button primary copy-link" onclick={copy}>{ lang.t(Key::CopyLink) }</button>
                                </div>
                            },
                            Err(why) => html! { <p class="field-error share-error" role="alert">{ why.render(lang) }</p> },
                        }
                    }
                    if *copied {
                        <p class="hint share-copied" role="status">{ lang.t(Key::LinkCopied) }</p>
                    }
                </div>
            }
        </div>
    }
}
