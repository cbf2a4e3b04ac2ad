use yew::prelude::*;

use crate::sim::inspect;
use crate::sim::scenario::write::Pretty;
use crate::ui::hooks::{use_lang, use_playback};
use crate::ui::i18n::Key;

/// One message: its plain-language fate (decided by the simulation), every broker and client
/// step with its virtual time, its properties and headers including `x-death`. Everything shown is text (names are never markup).
#[component]
pub fn MessageDetail() -> Html {
    let playback = use_playback();
    let lang = use_lang();
    let life = {
        let playback = playback.clone();
        use_memo((playback.slow(), playback.selected.clone()), move |(_, body)| {
            let t = playback.timeline();
            body.as_ref().map(|body| inspect::full_lifecycle(t.world(), t.log(), t.client_log(), body))
        })
    };
    let (Some(body), Some(life)) = (playback.selected.clone(), life.as_ref()) else {
        return html! { <p class="empty">{ lang.t(Key::NoMessage) }</p> };
    };
    let close = {
        let playback = playback.clone();
        Callback::from(move |_: MouseEvent| playback.select(None))
    };
    let props = life.last.as_ref().map(|m| {
        let mut rows = vec![
            (lang.t(Key::Exchange).to_string(), if m.exchange.is_empty() { lang.t(Key::DefaultExchange).to_string() } else { m.exchange.to_string() }),
            (lang.t(Key::RoutingKey).to_string(), m.routing_key.to_string()),
            (lang.t(Key::Persistent).to_string(), m.persistent.to_string()),
        ];
        if let Some(p) = m.priority {
            rows.push((lang.t(Key::Priority).to_string(), p.to_string()));
        }
        if let Some(e) = m.expiration() {
            rows.push((lang.t(Key::Expiration).to_string(), e.to_string()));
        }
        for (k, v) in m.headers() {
            rows.push((k.clone(), Pretty::compact(&v.to_json())));
        }
        rows
    });
    // Every copy's fate (space-separated: `[data-fate~=…]` finds one).
    let fate_ids = (!life.fates.is_empty()).then(|| life.fates.iter().map(|c| c.fate.kind().id()).collect::<Vec<_>>().join(" "));
    html! {
        <div class="message-detail" data-message={body.to_string()}>
            <header>
                <h3>{ body.to_string() }</h3>
                <button type="button" class="button" onclick={close} aria-label={lang.t(Key::Close)}>{ "×" }</button>
            </header>
            <p class="fate" data-fate={fate_ids}>
                <strong>{ lang.t(Key::Fate) }{ ": " }</strong>
                { crate::sim::fate::sentence(&life.fates, lang).unwrap_or_else(|| lang.fate(life)) }
            </p>
            <div class="columns">
                <section>
                    <h4>{ lang.t(Key::Lifecycle) }</h4>
                    <ol class="lifecycle">
                        for step in life.steps.iter() {
                            <li class={classes!(matches!(step.step, inspect::Step::Client { .. }).then_some("client-step"))}>
                                <time>{ lang.seconds(step.at) }</time>{ " " }{ lang.step(&step.step) }
                            </li>
                        }
                        // The lifecycle ends in one sentence per copy: what finally happened to it.
                        for (copy, sentence) in life.fates.iter().zip(life.fate_sentences(lang)) {
                            <li class="fate-step" data-fate={copy.fate.kind().id()} data-queue={copy.queue.as_deref().map(str::to_string)}><strong>{ sentence }</strong></li>
                        }
                    </ol>
                </section>
                <section>
                    <h4>{ lang.t(Key::Properties) }</h4>
                    <dl class="props">
                        for (k, v) in props.unwrap_or_default() {
                            <div><dt>{ k }</dt><dd>{ v }</dd></div>
                        }
                    </dl>
                    if !life.deaths().is_empty() {
                        <h4>{ lang.t(Key::XDeath) }</h4>
                        <table class="x-death">
                            <tbody>
                                for d in life.deaths().iter() {
                                    <tr>
                                        <td>{ d.queue.to_string() }</td>
                                        <td>{ d.reason.as_str() }</td>
                                        <td>{ format!("{} {}", lang.t(Key::DeathCount), d.count) }</td>
                                        <td>{ d.exchange.to_string() }</td>
                                        <td>{ d.routing_keys.join(", ") }</td>
                                        <td>{ lang.seconds(d.time) }</td>
                                    </tr>
                                }
                            </tbody>
                        </table>
                    }
                </section>
            </div>
        </div>
    }
}
