use yew::prelude::*;

use crate::sim::inspect::Look;
use crate::ui::i18n::{Key, Lang};

use super::message_layer::{look_css, look_key};

const LOOKS: [Look; 8] = [
    Look::InFlight,
    Look::Confirmed,
    Look::Delivered,
    Look::Redelivered,
    Look::DeadLettered,
    Look::Delayed,
    Look::Expired,
    Look::Lost,
];

/// What each message glyph means, in words: the looks differ by colour and also by fill,
/// outline and size (style/main.css), so colour is never the only signal.
/// A function, not a component: it has no state of its own and its caller re-renders with
/// what it shows (a component would cost Yew's machinery per type in the wasm).
pub fn message_legend(lang: Lang) -> Html {
    html! {
        <details class="message-legend">
            <summary>{ lang.t(Key::Legend) }</summary>
            <ul>
                for look in LOOKS {
                    <li data-look={look_css(look)}>
                        <svg width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">
                            <circle class={classes!("msg", look_css(look))} r="4.5" />
                        </svg>
                        { lang.t(look_key(look)) }
                    </li>
                }
            </ul>
        </details>
    }
}
