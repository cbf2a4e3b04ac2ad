use yew::prelude::*;

use super::{choices, node_field, FieldInput, Input, TableEditor, EXCHANGES};
use crate::ui::model::cluster::{self, ClusterField, QueueType};
use crate::ui::i18n::{Key, Lang};
use crate::ui::state::Editor;
use crate::ui::model::fields::QueueArg;
use crate::ui::model::{Field, Item, Kind};

/// A queue: name, type and node, durable, and its `x-` arguments (one field each, others in a
/// table); `key` (the queue's) remounts its fields when another one is selected.
/// A function, not a component: it has no state of its own and the inspector that calls it
/// re-renders with the editor anyway (a component would cost Yew's machinery per type in the wasm).
pub fn queue_form(editor: &Editor, lang: Lang, name: &str, key: String) -> Html {
    let item = Item::node(Kind::Queue, name.to_string());
    let types = choices(lang, &[("classic", Key::Classic), ("mirrored", Key::Mirrored), ("quorum", Key::Quorum)]);
    let mirrored = cluster::queue_type(&editor.scenario, name) == QueueType::Mirrored;
    let sync = choices(lang, &[("manual", Key::SyncManual), ("automatic", Key::SyncAutomatic)]);
    let arg = |a: QueueArg, key: Key, input: Input| {
        let list = (a == QueueArg::DeadLetterExchange).then_some(AttrValue::from(EXCHANGES));
        html! { <FieldInput item={item.clone()} field={Field::Arg(a)} label={lang.t(key)} {input} arg={a.key()} {list} /> }
    };
    let overflow = Input::Select(vec![
        ("".into(), lang.t(Key::OverflowDefault).into()),
        ("drop-head".into(), "drop-head".into()),
        ("reject-publish".into(), "reject-publish".into()),
        ("reject-publish-dlx".into(), "reject-publish-dlx".into()),
    ]);
    html! {
        <div key={key} class="form queue-form">
            <FieldInput item={item.clone()} field={Field::Name} label={lang.t(Key::Name)} input={Input::Text} />
            <div class="pair">
                <FieldInput item={item.clone()} field={Field::Cluster(ClusterField::QueueType)} label={lang.t(Key::QueueType)} input={types} />
                { node_field(editor, lang, &item) }
            </div>
            if mirrored {
                <FieldInput item={item.clone()} field={Field::Cluster(ClusterField::SyncMode)} label={lang.t(Key::SyncMode)} input={sync} arg="ha-sync-mode" />
            }
            <div class="checks">
                <FieldInput item={item.clone()} field={Field::Durable} label={lang.t(Key::Durable)} input={Input::Check} />
                { arg(QueueArg::SingleActiveConsumer, Key::SingleActiveConsumer, Input::Check) }
            </div>
            { arg(QueueArg::MessageTtl, Key::MessageTtl, Input::Number) }
            { arg(QueueArg::Expires, Key::Expires, Input::Number) }
            <div class="pair">
                { arg(QueueArg::MaxLength, Key::MaxLength, Input::Number) }
                { arg(QueueArg::MaxLengthBytes, Key::MaxLengthBytes, Input::Number) }
            </div>
            { arg(QueueArg::Overflow, Key::Overflow, overflow) }
            { arg(QueueArg::DeadLetterExchange, Key::DeadLetterExchange, Input::Text) }
            { arg(QueueArg::DeadLetterRoutingKey, Key::DeadLetterRoutingKey, Input::Text) }
            { arg(QueueArg::MaxPriority, Key::MaxPriority, Input::Number) }
            <TableEditor item={item.clone()} title={lang.t(Key::OtherArguments)} hidden={&QueueArg::KEYS[..]} />
        </div>
    }
}
