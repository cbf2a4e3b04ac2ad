use std::rc::Rc;

use yew::prelude::*;

use crate::core::cluster::NodeState;
use crate::sim::inspect::{self, NodeLook, QueueLook};
use crate::ui::hooks::{use_editor, use_lang, use_playback};
use crate::ui::i18n::{Key, Lang};
use crate::ui::model::layout::{self, Placed, NODE_H, NODE_W};
use crate::ui::model::Kind;
use crate::ui::model::spotlight::SpotlightContext;

#[derive(Properties, PartialEq)]
pub struct ClusterLayerProps {
    pub placed: Rc<Vec<Placed>>,
}


pub fn state_key(state: NodeState) -> Key {
    match state {
        NodeState::Up => Key::NodeUp,
        NodeState::Stopped => Key::NodeStopped,
        NodeState::Crashed => Key::NodeCrashed,
        NodeState::Paused => Key::NodePaused,
    }
}

pub fn state_css(state: NodeState) -> &'static str {
    match state {
        NodeState::Up => "up",
        NodeState::Stopped => "stopped",
        NodeState::Crashed => "crashed",
        NodeState::Paused => "paused",
    }
}

/// The words under a node's name: its state, and its side while the network is split.
pub fn status(lang: Lang, look: &NodeLook) -> String {
    let mut s = lang.t(state_key(look.state)).to_string();
    if look.partitioned {
        s.push_str(&format!(" · {} {}", lang.t(Key::Side), (b'A' + (look.side % 26) as u8) as char));
    }
    s
}

/// A queue's replication badge: its leader (and term) or master, or that it is halted.
fn badge(lang: Lang, q: &QueueLook) -> String {
    let mut s = if q.quorum {
        match &q.leader {
            Some(l) => format!("{} {l} · {} {}", lang.t(Key::Leader), lang.t(Key::Term), q.term.unwrap_or(0)),
            None => lang.t(Key::NoLeader).to_string(),
        }
    } else if q.mirrored {
        format!("{} · {}", lang.t(Key::Mirrored), q.leader.as_deref().unwrap_or("?"))
    } else {
        q.leader.as_deref().unwrap_or("?").to_string()
    };
    if q.halted {
        s = format!("{} · {s}", lang.t(Key::Halted));
    }
    s
}

/// The broker nodes on the canvas: a rounded frame per node around the queues it serves now
/// (`model::layout::live_node_frames`), with the node's state during playback, and under each
/// queue its leader, term or master, read from the running world.
#[component]
pub fn ClusterLayer(props: &ClusterLayerProps) -> Html {
    let editor = use_editor();
    let playback = use_playback();
    let lang = use_lang();
    // Every hook before the early return: Yew requires the same hooks in the same order.
    let spotlight = use_context::<SpotlightContext>();
    let s = &editor.scenario;
    if s.cluster.is_none() {
        return html! {};
    }
    let (looks, queues) = {
        let t = playback.timeline();
        (inspect::nodes(t.world()), inspect::queue_looks(t.world()))
    };
    let mut frames = Vec::new();
    for (i, (name, r)) in layout::live_node_frames(s, &props.placed, &queues).into_iter().enumerate() {
        let look = looks.iter().find(|l| *l.name == name);
        let state = look.map_or("up", |l| state_css(l.state));
        let label = match look {
            Some(l) => format!("{name} · {}", status(lang, l)),
            None => name.clone(),
        };
        let spotlit = spotlight.as_ref().is_some_and(|c| c.spot.broker_node(&name)).then_some("spotlit");
        frames.push(html! {
            <g key={name.clone()} class={classes!("broker-node", state, format!("node-color-{}", i % 7), spotlit)} data-node={name.clone()} data-state={state}
                tabindex="0" role="button" aria-label={format!("{} {label}", lang.t(Key::BrokerNode))}>
                <rect class="node-frame" x={r.min.x.to_string()} y={r.min.y.to_string()} width={r.width().to_string()} height={r.height().to_string()} rx="14" />
                <text class="node-label" x={(r.min.x + 10.0).to_string()} y={(r.min.y + 16.0).to_string()}>{ label }</text>
            </g>
        });
    }
    let queue_rects: Vec<&Placed> = props.placed.iter().filter(|p| p.node.kind == Kind::Queue).collect();
    html! {
        <g class="cluster-layer">
            { for frames }
            for p in queue_rects.iter() {
                if queues.iter().any(|q| *q.name == p.node.name && q.halted) {
                    <rect key={format!("halo/{}", p.node.name)} class="halted-halo" x={(p.at.x - 5.0).to_string()} y={(p.at.y - 5.0).to_string()}
                        width={(NODE_W + 10.0).to_string()} height={(NODE_H + 10.0).to_string()} rx="10" />
                }
                if let Some(q) = queues.iter().find(|q| *q.name == p.node.name) {
                    <text key={p.node.name.clone()} class={classes!("replica-badge", q.halted.then_some("halted"), q.quorum.then_some("quorum"))}
                        data-queue={p.node.name.clone()} x={(p.at.x + 4.0).to_string()} y={(p.at.y + NODE_H + 32.0).to_string()}>{ badge(lang, q) }</text>
                }
            }
        </g>
    }
}
