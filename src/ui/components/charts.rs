use yew::prelude::*;

use crate::sim::inspect;
use crate::ui::hooks::{use_lang, use_playback};
use crate::ui::i18n::{Key, Lang};

/// At most this many buckets, each at least `MIN_BUCKET_MS` long.
const BUCKETS: u64 = 60;
const MIN_BUCKET_MS: u64 = 250;
const W: f64 = 420.0;
const H: f64 = 120.0;

/// A polyline of `values` scaled to the chart box, with `max` at the top.
fn line(values: &[u64], max: u64) -> String {
    let n = values.len().max(2) - 1;
    values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", i as f64 * W / n as f64, H - *v as f64 * (H - 4.0) / max.max(1) as f64))
        .collect::<Vec<_>>()
        .join(" ")
}

fn chart(title: &str, lines: Vec<(String, &'static str, Vec<u64>)>, id: &str, lang: Lang) -> Html {
    let max = lines.iter().flat_map(|(_, _, v)| v.iter().copied()).max().unwrap_or(0);
    html! {
        <figure class="chart" data-chart={id.to_string()}>
            <figcaption>{ title }<span class="max">{ format!(" ({} {max})", lang.t(Key::Max)) }</span></figcaption>
            <svg viewBox={format!("0 0 {W} {H}")} preserveAspectRatio="none" role="img" aria-label={title.to_string()}>
                <line class="axis" x1="0" y1={H.to_string()} x2={W.to_string()} y2={H.to_string()} />
                for (i, (_, class, values)) in lines.iter().enumerate() {
                    <polyline class={classes!("series", *class, format!("s{}", i % 6))} points={line(values, max)} />
                }
            </svg>
            <ul class="legend">
                for (i, (name, class, _)) in lines.iter().enumerate() {
                    <li class={classes!(*class, format!("s{}", i % 6))}>{ name.clone() }</li>
                }
            </ul>
        </figure>
    }
}

/// Queue depth over time and publish / deliver / ack rates, from the log up to now.
#[component]
pub fn Charts() -> Html {
    let playback = use_playback();
    let lang = use_lang();
    let charts = {
        let playback = playback.clone();
        use_memo((playback.slow(), lang), move |(_, lang)| draw(&playback, *lang))
    };
    (*charts).clone()
}

/// The two charts (redrawn a few times a second while playing: the series read the whole log).
fn draw(playback: &crate::ui::hooks::PlaybackHandle, lang: Lang) -> Html {
    let t = playback.timeline();
    let until = t.now().max(crate::core::Time::from_millis(1));
    let buckets = (until.as_millis() / MIN_BUCKET_MS).clamp(1, BUCKETS) as usize;
    let s = inspect::series(t.log(), until, buckets);
    let depth = s.depth.iter().map(|(q, v)| (q.to_string(), "depth", v.clone())).collect();
    let rates = vec![
        (lang.t(Key::RatePublish).to_string(), "publish", s.published.clone()),
        (lang.t(Key::RateDeliver).to_string(), "deliver", s.delivered.clone()),
        (lang.t(Key::RateAck).to_string(), "ack", s.acked.clone()),
    ];
    html! {
        <div class="charts">
            { chart(lang.t(Key::QueueDepth), depth, "depth", lang) }
            { chart(&format!("{} ({})", lang.t(Key::Rates), lang.seconds(s.bucket)), rates, "rates", lang) }
            { chart(lang.t(Key::Latency), vec![(lang.t(Key::LatencyMs).to_string(), "latency", s.latency.clone())], "latency", lang) }
        </div>
    }
}
