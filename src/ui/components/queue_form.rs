use yew::prelude::*;

use super::{choices, FieldInput, Input, NodeField, TableEditor, EXCHANGES};
use crate::ui::hooks::{use_editor, use_lang};
use crate::ui::model::cluster::{self, ClusterField, QueueType};
use crate::ui::i18n::Key;
use crate::ui::model::fields::QueueArg;
use crate::ui::model::{Field, Item, Kind};

#[derive(Properties, PartialEq)]
pub struct QueueFormProps {
    pub name: AttrValue,
}

/// A queue: name, type and node, durable, and its `x-` arguments (one field each, others in a table).
#[component]
pub fn QueueForm(props: &QueueFormProps) -> Html {
    let lang = use_lang();
    let editor = use_editor();
    let item = Item::node(Kind::Queue, props.name.to_string());
    let types = choices(lang, &[("classic", Key::Classic), ("mirrored", Key::Mirrored), ("quorum", Key::Quorum)]);
    let mirrored = cluster::queue_type(&editor.scenario, &props.name) == QueueType::Mirrored;
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
        <div class="form queue-form">
            <FieldInput item={item.clone()} field={Field::Name} label={lang.t(Key::Name)} input={Input::Text} />
            <div class="pair">
                <FieldInput item={item.clone()} field={Field::Cluster(ClusterField::QueueType)} label={lang.t(Key::QueueType)} input={types} />
                <NodeField item={item.clone()} />
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
