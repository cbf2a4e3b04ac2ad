//! The one translation table of the UI: every text the UI shows comes from here, in English and
//! Simplified Chinese. (Names the user enters and the model's own validation messages are shown
//! as they are.)

use super::model::templates::Topic;
use super::model::{Kind, Problem};

pub use crate::lang::Lang;

impl Lang {
    /// The browser's language (English outside a browser).
    pub fn from_browser() -> Lang {
        web_sys::window().and_then(|w| w.navigator().language()).map_or(Lang::En, |tag| Lang::from_tag(&tag))
    }

    /// The `lang` attribute of the page.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh-CN",
        }
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "中文",
        }
    }

    pub fn t(self, key: Key) -> &'static str {
        key.text(self)
    }

    /// The name of a node kind.
    pub fn kind(self, kind: Kind) -> &'static str {
        self.t(match kind {
            Kind::Producer => Key::Producer,
            Kind::Exchange => Key::Exchange,
            Kind::Queue => Key::Queue,
            Kind::Consumer => Key::Consumer,
        })
    }

    /// Why an edit was refused, in words.
    pub fn problem(self, problem: &Problem) -> String {
        match problem {
            Problem::Invalid(message) => format!("{} {message}", self.t(Key::NotApplied)),
            Problem::Refused(refusal) => format!("{} {}", self.t(Key::NotApplied), refusal.render(self)),
            Problem::NotWhole => self.t(Key::NotWhole).into(),
            Problem::NotInteger => self.t(Key::NotInteger).into(),
            Problem::NotNumber => self.t(Key::NotNumber).into(),
            Problem::EmptyName => self.t(Key::EmptyName).into(),
            Problem::EmptyKey => self.t(Key::EmptyKey).into(),
            Problem::DuplicateKey => self.t(Key::DuplicateKey).into(),
            Problem::NeedsQueue => self.t(Key::NeedsQueue).into(),
            Problem::AlreadyBound => self.t(Key::AlreadyBound).into(),
            Problem::CannotConnect(a, b) => {
                format!("{} → {}: {}", self.kind(*a), self.kind(*b), self.t(Key::CannotConnect))
            }
            Problem::NoSuchNode(node) => format!("{} {node}", self.t(Key::NoSuchNode)),
            Problem::TooManyNodes => self.t(Key::TooManyNodes).into(),
            Problem::LastNode => self.t(Key::LastNode).into(),
            Problem::NodeInUse(node, user) => format!("{node}: {} {user}", self.t(Key::NodeInUse)),
            Problem::MirroredByPolicy(policy) => format!("{} {policy}", self.t(Key::MirroredByPolicy)),
        }
    }

    /// Why an import was refused: the file's problem as the parser words it, or the scenario
    /// validation's in this language (one line, safe to show).
    pub fn import_problem(self, problem: &Problem) -> String {
        match problem {
            Problem::Invalid(message) => message.clone(),
            Problem::Refused(refusal) => crate::input::one_line(&refusal.render(self)),
            other => self.problem(other),
        }
    }

    /// The label of an event-log kind (`sim::inspect::ROW_KINDS`).
    pub fn event_kind(self, kind: &str) -> &'static str {
        self.t(match kind {
            "published" => Key::EvPublished,
            "routed" => Key::EvRouted,
            "unroutable" => Key::EvUnroutable,
            "enqueued" => Key::EvEnqueued,
            "delivered" => Key::EvDelivered,
            "acked" => Key::EvAcked,
            "requeued" => Key::EvRequeued,
            "dead_lettered" => Key::EvDeadLettered,
            "dropped" => Key::EvDropped,
            "confirmed" => Key::EvConfirmed,
            "consumer" => Key::EvConsumer,
            "channel" => Key::EvChannel,
            _ => Key::EvBroker,
        })
    }

    /// The detail column of an event-log row: UI words translated, protocol terms (`ack`) kept
    /// as RabbitMQ writes them, a death reason (`expired`) in words with its term.
    pub fn detail(self, detail: &str) -> String {
        let key = match detail {
            "no queue" => Key::DetNoQueue,
            "returned" => Key::DetReturned,
            "redelivered" => Key::DetRedelivered,
            "started" => Key::DetStarted,
            "cancelled" => Key::DetCancelled,
            "opened" => Key::DetOpened,
            "closed" => Key::DetClosed,
            "restarted" => Key::DetRestarted,
            other => {
                use crate::core::DeathReason as R;
                let reason = [R::Rejected, R::Expired, R::Maxlen, R::DeliveryLimit].into_iter().find(|r| r.as_str() == other);
                return reason.map_or_else(|| other.to_string(), |r| self.reason(r));
            }
        };
        self.t(key).to_string()
    }

    /// Why a message died, as RabbitMQ writes it (`expired`), with the Chinese word before it.
    pub fn reason(self, reason: crate::core::DeathReason) -> String {
        use crate::core::DeathReason as R;
        let zh = match reason {
            R::Rejected => "被拒绝",
            R::Expired => "过期",
            R::Maxlen => "超出长度上限",
            R::DeliveryLimit => "超出投递次数上限",
        };
        match self {
            Lang::En => reason.as_str().to_string(),
            Lang::Zh => format!("{zh}（{}）", reason.as_str()),
        }
    }

    /// Why a message was dropped: English as the simulation writes it, Chinese in words.
    pub fn drop_reason(self, reason: crate::core::DropReason) -> String {
        use crate::core::DropReason as R;
        let zh = match reason {
            R::Expired => "过期（expired）",
            R::Rejected => "被拒绝（rejected）",
            R::Maxlen => "超出长度上限（maxlen）",
            R::DeliveryLimit => "超出投递次数上限（delivery limit）",
            R::DeadLetterCycle => "死信循环",
            R::DeadLetterExchangeMissing => "死信交换机不存在",
            R::DeadLetterUnroutable => "死信无法路由",
            R::DeadLetterRefused => "死信目标拒收",
            R::QueueDeleted => "队列被删除",
            R::QueuePurged => "队列被清空",
            R::TransientOnRestart => "重启时丢失的非持久消息",
            R::NodeDown => "随节点一起丢失",
            R::UnsyncedMirrorPromoted => "未同步的镜像被提升",
            R::PartitionDiscarded => "网络分区后被丢弃",
        };
        match self {
            Lang::En => reason.as_str().to_string(),
            Lang::Zh => zh.to_string(),
        }
    }

    /// A virtual time as seconds (`12.345 s`).
    pub fn seconds(self, t: crate::core::Time) -> String {
        let ms = t.as_millis();
        match self {
            Lang::En => format!("{}.{:03} s", ms / 1000, ms % 1000),
            Lang::Zh => format!("{}.{:03} 秒", ms / 1000, ms % 1000),
        }
    }

    /// One step of a message's lifecycle, in words.
    pub fn step(self, step: &crate::sim::inspect::Step) -> String {
        use crate::sim::inspect::Step as S;
        let zh = self == Lang::Zh;
        let ex = |e: &str| if e.is_empty() { self.t(Key::DefaultExchange).to_string() } else { format!("“{e}”") };
        match step {
            S::Published { producer, exchange, key } => {
                let who = producer.as_deref().unwrap_or("?");
                if zh { format!("{who} 发布到 {}，路由键“{key}”", ex(exchange)) } else { format!("published by {who} to {} with routing key “{key}”", ex(exchange)) }
            }
            S::Unroutable { returned } => match (zh, returned) {
                (false, true) => "unroutable, returned to the publisher".into(),
                (false, false) => "unroutable, dropped".into(),
                (true, true) => "无法路由，退回给发布者".into(),
                (true, false) => "无法路由，被丢弃".into(),
            },
            S::Enqueued { queue } => if zh { format!("进入队列“{queue}”") } else { format!("enqueued in “{queue}”") },
            S::Refused { queue } => if zh { format!("队列“{queue}”已满，拒收") } else { format!("refused by the full queue “{queue}”") },
            S::Delivered { queue, consumer, redelivered, auto_ack } => {
                let who = consumer.as_deref().unwrap_or("basic.get");
                let mut s = if zh { format!("从“{queue}”投递给 {who}") } else { format!("delivered from “{queue}” to {who}") };
                if *redelivered {
                    s.push_str(if zh { "（重投递）" } else { " (redelivered)" });
                }
                if *auto_ack {
                    s.push_str(if zh { "，自动确认" } else { ", auto-acked" });
                }
                s
            }
            S::Acked { queue, consumer } => {
                let who = consumer.as_deref().unwrap_or("?");
                if zh { format!("{who} 确认（ack），离开“{queue}”") } else { format!("acked by {who}, removed from “{queue}”") }
            }
            S::Requeued { queue } => if zh { format!("重新放回“{queue}”") } else { format!("requeued to “{queue}”") },
            S::DeadLettered { queue, reason, exchange, key } => {
                if zh { format!("因 {} 离开“{queue}”，作为死信发往 {}，路由键“{key}”", self.reason(*reason), ex(exchange)) }
                else { format!("{} in “{queue}”, dead-lettered to {} with routing key “{key}”", self.reason(*reason), ex(exchange)) }
            }
            S::Dropped { queue, reason } => if zh { format!("在“{queue}”中被丢弃（{}）", self.drop_reason(*reason)) } else { format!("dropped from “{queue}” ({})", self.drop_reason(*reason)) },
            S::Client { .. } => step.client_text(self).unwrap_or_default(),
            S::Confirmed { ack } => match (zh, ack) {
                (false, true) => "confirmed to the publisher".into(),
                (false, false) => "nacked to the publisher".into(),
                (true, true) => "已向发布者确认".into(),
                (true, false) => "已向发布者 nack".into(),
            },
        }
    }

    /// The plain-language account of a message's fate, from its lifecycle.
    pub fn fate(self, life: &crate::sim::inspect::Lifecycle) -> String {
        use crate::sim::inspect::Step as S;
        let zh = self == Lang::Zh;
        let mut parts = Vec::new();
        let mut entered: Option<(crate::core::Time, &str)> = None;
        for t in &life.steps {
            match &t.step {
                S::Enqueued { queue } => entered = Some((t.at, queue)),
                S::DeadLettered { queue, reason, exchange, key } => {
                    let waited = entered.map_or(0, |(at, _)| t.at.as_millis().saturating_sub(at.as_millis()));
                    let s = waited as f64 / 1000.0;
                    parts.push(if zh {
                        format!("在“{queue}”中 {s} 秒后因 {} 成为死信，发往“{exchange}”，路由键“{key}”", self.reason(*reason))
                    } else {
                        format!("{} after {s} s in {queue}, dead-lettered to {exchange} with routing key {key}", self.reason(*reason))
                    });
                }
                S::Acked { consumer, .. } => parts.push(if zh {
                    format!("由 {} 处理并确认", consumer.as_deref().unwrap_or("?"))
                } else {
                    format!("processed and acked by {}", consumer.as_deref().unwrap_or("?"))
                }),
                S::Delivered { consumer, redelivered: true, .. } => parts.push(if zh {
                    format!("重投递给 {}", consumer.as_deref().unwrap_or("?"))
                } else {
                    format!("redelivered to {}", consumer.as_deref().unwrap_or("?"))
                }),
                S::Delivered { consumer, auto_ack: true, .. } => parts.push(if zh {
                    format!("自动确认投递给 {}（此后崩溃则丢失）", consumer.as_deref().unwrap_or("?"))
                } else {
                    format!("delivered with auto-ack to {} (lost if it crashes now)", consumer.as_deref().unwrap_or("?"))
                }),
                S::Dropped { queue, reason } => parts.push(if zh { format!("在“{queue}”中被丢弃（{}）", self.drop_reason(*reason)) } else { format!("dropped from {queue} ({})", self.drop_reason(*reason)) }),
                S::Unroutable { .. } => parts.push(self.step(&t.step)),
                _ => {}
            }
        }
        let last = life.steps.iter().rev().map(|t| &t.step).find(|s| !matches!(s, S::Confirmed { .. }));
        let status = match last {
            None => return self.t(Key::NoMessage).into(),
            Some(S::Acked { .. }) => if zh { "已完成。" } else { "Done." },
            Some(S::Enqueued { .. }) | Some(S::Requeued { .. }) => if zh { "正在队列中等待。" } else { "Waiting in a queue." },
            Some(S::Delivered { auto_ack: false, .. }) => if zh { "正由消费者处理，尚未确认。" } else { "Being processed, not acked yet." },
            Some(S::Dropped { .. }) | Some(S::Unroutable { returned: false }) => if zh { "已丢失。" } else { "Gone for good." },
            _ => "",
        };
        let first = if zh { "已发布" } else { "Published" };
        let mut text = std::iter::once(first.to_string()).chain(parts).collect::<Vec<_>>().join(if zh { "；" } else { "; " });
        text.push_str(if zh { "。" } else { "." });
        if !status.is_empty() {
            text.push(' ');
            text.push_str(status);
        }
        text
    }

    /// The menu title and the one-line summary of a ready-made scenario.
    pub fn template(self, id: &str) -> (&'static str, &'static str) {
        let (title, blurb) = match id {
            "order-fanout" => (Key::TplFanout, Key::TplFanoutBlurb),
            "work-queue" => (Key::TplWork, Key::TplWorkBlurb),
            "delay-queue" => (Key::TplDelay, Key::TplDelayBlurb),
            "lost-ack" => (Key::TplLostAck, Key::TplLostAckBlurb),
            "lost-ack-dedup" => (Key::TplDedup, Key::TplDedupBlurb),
            "mirrored-vs-quorum" => (Key::TplMirrored, Key::TplMirroredBlurb),
            "tx-batches" => (Key::TplTx, Key::TplTxBlurb),
            "chaos-at-least-once" => (Key::TplChaos, Key::TplChaosBlurb),
            "lost-ack-unique-key" => (Key::TplUniqueKey, Key::TplUniqueKeyBlurb),
            "distributed-lock" => (Key::TplLock, Key::TplLockBlurb),
            "cache-aside" => (Key::TplCache, Key::TplCacheBlurb),
            "cluster-chaos" => (Key::TplClusterChaos, Key::TplClusterChaosBlurb),
            "dead-letters-and-overflow" => (Key::TplDeadLetters, Key::TplDeadLettersBlurb),
            "publisher-told-no" => (Key::TplToldNo, Key::TplToldNoBlurb),
            "consumer-failures" => (Key::TplConsumerFailures, Key::TplConsumerFailuresBlurb),
            "broker-down" => (Key::TplBrokerDown, Key::TplBrokerDownBlurb),
            _ => (Key::TplAutoAck, Key::TplAutoAckBlurb),
        };
        (self.t(title), self.t(blurb))
    }

    /// The heading of a group of the scenario menu.
    pub fn topic(self, topic: Topic) -> &'static str {
        self.t(match topic {
            Topic::Basics => Key::TopicBasics,
            Topic::Reliability => Key::TopicReliability,
            Topic::Idempotency => Key::TopicIdempotency,
            Topic::Delays => Key::TopicDelays,
            Topic::Patterns => Key::TopicPatterns,
            Topic::Cluster => Key::TopicCluster,
        })
    }
}

macro_rules! table {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// A text of the UI.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key),* }

        /// Every text in one string, per key in `Key` order its English then its Chinese; text
        /// `2 * key + language` ends at `ENDS` of it. Data instead of a match arm per text (the
        /// match was 13 KB of wasm code).
        const TEXTS: &str = concat!($($en, $zh),*);
        const ENDS: [u16; 2 * Key::ALL.len()] = ends([$($en.len(), $zh.len()),*]);

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                let i = 2 * self as usize + match lang { Lang::En => 0, Lang::Zh => 1 };
                let start = i.checked_sub(1).and_then(|j| ENDS.get(j)).map_or(0, |&e| usize::from(e));
                let end = ENDS.get(i).map_or(0, |&e| usize::from(e));
                TEXTS.get(start..end).unwrap_or_default()
            }
        }
    };
}

/// The running sums of the texts' lengths: where each text ends in `TEXTS` (checked at compile
/// time to fit in a u16).
const fn ends<const N: usize>(lens: [usize; N]) -> [u16; N] {
    let mut ends = [0u16; N];
    let (mut at, mut i) = (0, 0);
    while i < N {
        at += lens[i];
        assert!(at <= u16::MAX as usize, "the UI's texts outgrew u16 offsets");
        ends[i] = at as u16;
        i += 1;
    }
    ends
}

table! {
    Subtitle => "RabbitMQ broker semantics, simulated deterministically in your browser", "在浏览器中确定性地模拟 RabbitMQ 代理语义";
    DarkTheme => "Dark theme", "深色主题";
    LightTheme => "Light theme", "浅色主题";
    Language => "Language", "语言";
    Scenarios => "Scenarios", "场景";
    ImportExport => "Import / Export", "导入 / 导出";

    Add => "Add", "添加";
    Producer => "Producer", "生产者";
    Exchange => "Exchange", "交换机";
    Queue => "Queue", "队列";
    Consumer => "Consumer", "消费者";
    Binding => "Binding", "绑定";
    Scenario => "Scenario", "场景";
    PaletteHint => "Click to add, drag to place. Drag from a node's dot to another node to connect them.", "点击添加，拖动放置。从节点右侧的圆点拖到另一个节点即可连线。";

    Undo => "Undo", "撤销";
    Redo => "Redo", "重做";
    Delete => "Delete", "删除";
    ZoomIn => "Zoom in", "放大";
    ZoomOut => "Zoom out", "缩小";
    Fit => "Fit to view", "适应视图";
    BoxSelect => "Box select", "框选";
    Shortcuts => "Keyboard shortcuts", "键盘快捷键";
    Close => "Close", "关闭";

    KeyDelete => "Delete the selection", "删除所选";
    KeyUndo => "Undo", "撤销";
    KeyRedo => "Redo", "重做";
    KeySelectAll => "Select everything", "全选";
    KeyEscape => "Clear the selection, close a popup", "取消选择，关闭弹窗";
    KeyArrows => "Move the selection (Shift: by 50)", "移动所选（Shift：每次 50）";
    KeyZoom => "Zoom in / out", "放大 / 缩小";
    KeyFit => "Fit the topology to the view", "让拓扑适应视图";
    KeyHelp => "Show this help", "显示此帮助";
    KeyPlay => "Play / pause", "播放 / 暂停";
    KeyStep => "Step to the next event", "单步到下一事件";
    KeyShiftClick => "Add to or remove from the selection", "加入或移出所选";
    KeyShiftDrag => "Select with a box", "框选";
    KeyDragEmpty => "Pan the canvas", "平移画布";
    KeyWheel => "Zoom at the pointer", "以指针为中心缩放";
    KeyDragDot => "Connect two nodes", "连接两个节点";
    MouseShiftClick => "Shift + click", "Shift + 点击";
    MouseShiftDrag => "Shift + drag on empty canvas", "Shift + 在空白处拖动";
    MouseDragEmpty => "Drag on empty canvas", "在空白处拖动";
    MouseWheel => "Wheel", "滚轮";
    MouseDragDot => "Drag from a node's dot", "从节点的圆点拖动";

    CanvasLabel => "Broker topology", "代理拓扑";
    EmptyHint => "Add a producer, an exchange, a queue or a consumer from the palette, or load a ready-made scenario from the Scenarios menu.", "从组件栏添加生产者、交换机、队列或消费者，或从“场景”菜单载入现成的场景。";
    DefaultExchange => "(default exchange)", "（默认交换机）";
    DefaultShort => "default", "默认";
    Dlx => "DLX", "死信";
    Ae => "AE", "备用";

    SumInternal => "internal", "内部";
    SumTransient => "transient", "非持久";
    SumMax => "max", "上限";
    SumPriority => "priority", "优先级";
    SumSac => "single active", "单活跃";
    SumClassic => "classic queue", "经典队列";
    SumQuorum => "quorum queue", "仲裁队列";
    SumMirrored => "mirrored queue", "镜像队列";
    SumEvery => "every", "每";
    SumBurst => "bursts of", "突发，每批";
    SumConfirm => "confirms", "发布确认";
    SumTx => "tx", "事务";
    SumAutoAck => "auto-ack", "自动确认";
    SumManualAck => "manual ack", "手动确认";
    SumPrefetch => "prefetch", "预取";
    SumDedup => "dedup", "去重";
    SumUnique => "unique key", "唯一键";

    Selected => "selected", "项已选中";
    DeleteSelected => "Delete selected", "删除所选";
    ScenarioHint => "Nothing selected: these are the scenario's own settings. Click a node or an edge to edit it.", "未选中任何对象：以下是场景本身的设置。点击节点或连线即可编辑。";
    Name => "Name", "名称";
    Title => "Title", "标题（英文）";
    Description => "Description", "描述（英文）";
    Seed => "Seed", "随机种子";
    Duration => "Duration (ms)", "时长（毫秒）";
    Faults => "Fault schedule", "故障计划";
    AddFault => "Add fault", "添加故障";
    Remove => "Remove", "移除";
    AtMs => "At (ms)", "时间（毫秒）";
    FaultKind => "Fault", "故障";
    Target => "Target", "对象";
    CrashConsumer => "Crash consumer", "消费者崩溃";
    LoseNextAck => "Lose next ack", "丢失下一个 ack";
    LoseNextConfirm => "Lose next confirm", "丢失下一个确认";
    RestartBroker => "Restart broker", "重启代理";
    NoFaults => "No faults scheduled.", "没有计划的故障。";
    CrashProducer => "Crash producer", "生产者崩溃";
    KillConnection => "Kill connection", "断开连接";
    DropMessage => "Drop the next message", "丢弃下一条消息";
    DelayMessage => "Delay messages", "延迟消息";
    KillNode => "Kill a node", "杀死节点";
    StopNode => "Stop a node", "停止节点";
    Partition => "Network partition", "网络分区";
    DelayFor => "Held for (ms)", "延迟时长（毫秒）";
    Stores => "External stores", "外部存储";
    StoreRedis => "Redis-like", "类 Redis";
    StoreMysql => "MySQL-like", "类 MySQL";
    StoreLatency => "Latency per operation (ms)", "每次操作的延迟（毫秒）";
    RedisHint => "Shared by every consumer: dedup sets, locks and cached records. Choose a consumer's use in its form.", "所有消费者共用：去重集合、锁和缓存记录。在消费者的表单中选择用途。";
    MysqlHint => "Shared by every consumer: unique keys and the records behind a cache. Choose a consumer's use in its form.", "所有消费者共用：唯一键和缓存背后的记录。在消费者的表单中选择用途。";
    UsedBy => "Used by", "使用者";
    NoUsers => "No consumer uses it yet.", "尚无消费者使用。";
    UseLock => "lock", "锁";
    UseCache => "cache", "缓存";
    StoresHint => "Round trip of one operation. Redis holds dedup sets and locks; MySQL holds unique keys and the records behind a cache.", "单次操作的往返时间。Redis 存放去重集合和锁；MySQL 存放唯一键和缓存背后的记录。";
    RedisLatency => "Redis-like latency (ms)", "类 Redis 延迟（毫秒）";
    MysqlLatency => "MySQL-like latency (ms)", "类 MySQL 延迟（毫秒）";
    Chaos => "Chaos", "混沌模式";
    ChaosOn => "Faults at seeded random times", "在随机（按种子）时刻注入故障";
    ChaosStart => "From (ms)", "开始（毫秒）";
    ChaosEnd => "Until (ms; empty: the end)", "结束（毫秒；留空：到结尾）";
    ChaosDelay => "A delay holds messages for (ms)", "延迟故障的时长（毫秒）";
    Never => "never", "不发生";
    ChaosRatesHint => "Faults per simulated second, by kind (empty: never).", "每种故障每模拟秒的次数（留空：不发生）。";

    Type => "Type", "类型";
    Durable => "Durable", "持久化";
    Internal => "Internal", "内部";
    AlternateExchange => "Alternate exchange", "备用交换机";
    OtherArguments => "Other arguments", "其他参数";
    Arguments => "Arguments", "参数";
    Headers => "Headers", "消息头";
    MessageTtl => "Message TTL (ms)", "消息 TTL（毫秒）";
    Expires => "Queue expires after unused (ms)", "闲置后删除队列（毫秒）";
    MaxLength => "Max length (messages)", "最大长度（条）";
    MaxLengthBytes => "Max length (bytes)", "最大长度（字节）";
    Overflow => "Overflow", "溢出行为";
    OverflowDefault => "drop-head (default)", "drop-head（默认）";
    DeadLetterExchange => "Dead-letter exchange", "死信交换机";
    DeadLetterRoutingKey => "Dead-letter routing key", "死信路由键";
    MaxPriority => "Max priority", "最大优先级";
    SingleActiveConsumer => "Single active consumer", "单活跃消费者";
    Source => "Source exchange", "源交换机";
    Destination => "Destination", "目标";
    ToExchange => "Destination is an exchange", "目标是交换机";
    BindingKey => "Binding key", "绑定键";
    RoutingKeys => "Routing keys (one per line)", "路由键（每行一个）";
    Interval => "Interval (ms)", "发送间隔（毫秒）";
    Count => "Count (empty: until the end)", "数量（留空：直到结束）";
    Start => "Starts at (ms)", "开始时间（毫秒）";
    Persistent => "Persistent messages", "持久化消息";
    Mode => "Publishing mode", "发布模式";
    ModePlain => "plain", "普通";
    ModeConfirm => "publisher confirms", "发布确认";
    ModeTx => "transactions", "事务";
    ConfirmTimeout => "Confirm timeout, then resend (ms)", "确认超时后重发（毫秒）";
    Mandatory => "Mandatory", "mandatory（不可路由时退回）";
    Expiration => "Per-message expiration (ms)", "单条消息过期时间（毫秒）";
    SectionRoute => "Publishes to", "发布目标";
    SectionSchedule => "When", "发送时机";
    SectionGuarantee => "Delivery guarantee", "投递保证";
    SectionMessages => "Messages", "消息属性";
    Schedule => "Schedule", "发送方式";
    ScheduleInterval => "one every interval", "固定间隔";
    ScheduleRate => "a steady rate", "固定速率";
    ScheduleBurst => "bursts at given times", "在指定时刻突发";
    Rate => "Rate (messages per second)", "速率（条/秒）";
    BurstSize => "Messages per burst", "每次突发的条数";
    BurstAt => "Burst times (ms, comma-separated)", "突发时刻（毫秒，逗号分隔）";
    MessageIds => "Set message ids (needed by dedup and unique keys)", "设置 message_id（去重和唯一键需要）";
    TxBatch => "Publishes per commit", "每次提交的发布数";
    TxRollback => "Rollback probability (n out of d)", "回滚概率（d 次中 n 次）";
    RollbackN => "n (rollbacks)", "n（回滚次数）";
    SectionConsume => "Consumes", "消费";
    SectionProcessing => "Processing", "处理";
    SectionStores => "External stores", "外部存储";
    ProcessingDist => "Processing time", "处理时间分布";
    DistFixed => "fixed", "固定";
    DistUniform => "uniform between min and max", "在上下限之间均匀分布";
    DistExponential => "exponential (long tail)", "指数分布（长尾）";
    ProcessingFixed => "Processing time (ms)", "处理时间（毫秒）";
    ProcessingMean => "Mean processing time (ms)", "平均处理时间（毫秒）";
    Lock => "Lock around processing (Redis SET NX PX)", "处理时加锁（Redis SET NX PX）";
    LockKey => "Lock key", "锁的键";
    LockLease => "Lease (ms)", "租期（毫秒）";
    LockRetry => "Retry every (ms)", "重试间隔（毫秒）";
    Cache => "Cache-aside reads (Redis, then MySQL)", "旁路缓存读取（先 Redis，后 MySQL）";
    CacheTtl => "Cache TTL (ms)", "缓存 TTL（毫秒）";
    AutoAck => "Auto-ack", "自动确认";
    Prefetch => "Prefetch (0: unlimited)", "预取数量（0：不限）";
    Priority => "Priority", "优先级";
    ProcessingMin => "Shortest (ms)", "最短（毫秒）";
    ProcessingMax => "Longest (ms)", "最长（毫秒）";
    Failure => "Failure probability (n out of d)", "失败概率（d 次中 n 次）";
    FailureN => "n (failures)", "n（失败次数）";
    FailureD => "d (out of)", "d（总次数）";
    OnFailure => "On failure", "失败时";
    Reject => "reject (dead-letter)", "拒绝（进入死信）";
    Requeue => "requeue", "重新入队";
    Idempotency => "Idempotency", "幂等处理";
    IdemNone => "none (duplicates processed)", "无（重复消息会被处理）";
    IdemDedup => "dedup set (Redis SETNX)", "去重集合（Redis SETNX）";
    IdemUnique => "unique key (MySQL unique index)", "唯一键（MySQL 唯一索引）";
    Key => "Key", "键";
    Value => "Value", "值";
    NewKey => "new key", "新键";

    NotApplied => "Not applied:", "未应用：";
    NotWhole => "Enter a whole number, 0 or more.", "请输入不小于 0 的整数。";
    NotInteger => "Enter a whole number.", "请输入整数。";
    NotNumber => "Enter a number, such as 0.5.", "请输入数字，例如 0.5。";
    EmptyName => "A name cannot be empty.", "名称不能为空。";
    EmptyKey => "A key cannot be empty.", "键不能为空。";
    DuplicateKey => "This key is already used.", "该键已存在。";
    NeedsQueue => "Add a queue first: a consumer reads from a queue.", "请先添加队列：消费者需要从队列读取消息。";
    AlreadyBound => "These two are already bound with the same key.", "二者已用相同的键绑定。";
    CannotConnect => "these cannot be connected.", "二者不能相连。";
    Dismiss => "Dismiss", "关闭";

    ScenarioJson => "The scenario as JSON", "场景 JSON";
    Apply => "Apply", "应用";
    OpenFile => "Open a file…", "打开文件…";
    Download => "Download", "下载";
    ImportRefused => "Import refused, your work is unchanged:", "导入被拒绝，当前内容未改变：";
    WorkRestored => "Your work from your last visit was restored from this browser.", "已从本浏览器恢复你上次的工作。";
    StartFresh => "Start fresh", "重新开始";
    SavedWorkRefused => "Saved work from this browser could not be restored, so Warren started fresh (the saved text is kept aside under warren.autosave.refused):", "无法恢复本浏览器中保存的工作，Warren 已重新开始（保存的内容另存于 warren.autosave.refused）：";
    OpenedSharedLink => "Opened a shared link. Your own work is kept in this browser.", "已打开分享链接。你自己的工作仍保存在本浏览器中。";
    BackToOwnWork => "Back to my work", "回到我的工作";
    LinkRefused => "This link could not be opened; your saved work is as it was:", "无法打开此链接；你保存的工作保持不变：";
    ShareLink => "Share link", "分享链接";
    ShareLinkHint => "The scenario, in the link itself (compressed): nothing is sent to a server.", "场景就在链接中（已压缩）：不会发送到任何服务器。";
    ShareMoment => "Include the playback time and the selected message", "包含回放时间和所选消息";
    CopyLink => "Copy", "复制";
    LinkCopied => "Copied.", "已复制。";
    RabbitDefinitions => "RabbitMQ definitions", "RabbitMQ 定义文件";
    DefinitionsHint => "The topology as the management plugin's definitions.json, for rabbitmqctl import_definitions; or a file from rabbitmqctl export_definitions opened as a new scenario.", "拓扑结构导出为管理插件的 definitions.json，可用 rabbitmqctl import_definitions 导入；也可打开 rabbitmqctl export_definitions 导出的文件，作为新场景。";
    DownloadDefinitions => "Download definitions.json", "下载 definitions.json";
    OpenDefinitions => "Open definitions.json…", "打开 definitions.json…";
    DefinitionsNotes => "Not carried by a definitions file:", "定义文件不包含：";
    DefinitionsImported => "Imported. What Warren does not simulate or carry over:", "已导入。Warren 未模拟或未带入的内容：";
    DefinitionsRefused => "Definitions refused, your work is unchanged:", "定义文件被拒绝，当前内容未改变：";

    Playback => "Playback", "回放";
    Play => "Play", "播放";
    Pause => "Pause", "暂停";
    Step => "Step to the next event", "单步到下一事件";
    StepShort => "Step", "单步";
    Restart => "Restart (same seed)", "重新开始（相同种子）";
    Speed => "Speed", "速度";
    TimelineLabel => "Virtual time", "虚拟时间";
    NewSeed => "Run with this seed", "用此种子运行";
    SeedBad => "A seed is a whole number, 0 or more.", "种子必须是不小于 0 的整数。";
    Ledger => "Guarantee ledger", "保证账本";
    TabEvents => "Events", "事件";
    TabMessage => "Message", "消息";
    TabCharts => "Charts", "图表";
    Fold => "Hide details ▾", "收起详情 ▾";
    Unfold => "Faults, events, message, charts ▴", "故障、事件、消息、图表 ▴";
    FaultsNow => "Inject now", "立即注入";
    FaultHint => "Select a consumer or producer on the canvas for its faults.", "在画布上选中消费者或生产者以注入其故障。";
    FaultRefused => "Not injected:", "未注入：";
    Behind => "falling behind: this speed needs more work per frame than the page allows", "跟不上：此速度下每帧所需的计算超出页面允许的上限";
    AllKinds => "All events", "全部事件";
    FilterText => "Filter by message, queue or consumer", "按消息、队列或消费者筛选";
    NoEvents => "No events yet: press Play or Step.", "还没有事件：请点击播放或单步。";
    NoMessage => "Click a message on the canvas or in the event log to see its lifecycle.", "点击画布或事件日志中的消息以查看其生命周期。";
    Lifecycle => "Lifecycle", "生命周期";
    Properties => "Properties", "属性";
    Fate => "Fate", "结局";
    XDeath => "x-death", "x-death（死信记录）";
    RoutingKey => "Routing key", "路由键";
    NoHeaders => "no headers", "无消息头";
    QueueDepth => "Queue depth (ready + unacked)", "队列深度（就绪 + 未确认）";
    Rates => "Publish / deliver / ack per interval", "每个区间的发布 / 投递 / ack 数";
    Latency => "Latency, publish → ack (mean)", "延迟：发布 → ack（均值）";
    LatencyMs => "ms", "毫秒";
    RatePublish => "publish", "发布";
    RateDeliver => "deliver", "投递";
    RateAck => "ack", "ack";
    BReady => "ready", "就绪";
    BUnacked => "unacked", "未确认";
    BInFlight => "in flight", "处理中";
    // The broker's view: an auto-ack delivery counts as acked when it leaves, processed or not
    // (its fate, in the ledger and the lifecycle, says whether it was).
    BDone => "acked", "已确认";
    BSent => "sent", "已发送";
    EvPublished => "published", "发布";
    EvRouted => "routed", "路由";
    EvUnroutable => "unroutable", "无法路由";
    EvEnqueued => "enqueued", "入队";
    EvDelivered => "delivered", "投递";
    EvAcked => "acked", "ack";
    EvRequeued => "requeued", "重新入队";
    EvDeadLettered => "dead-lettered", "死信";
    EvDropped => "dropped", "丢弃";
    EvConfirmed => "confirmed", "确认";
    EvConsumer => "consumer", "消费者";
    EvChannel => "channel", "信道";
    EvBroker => "broker", "代理";
    EventKind => "Kind of event", "事件类型";
    DetNoQueue => "no queue", "无队列";
    DetReturned => "returned", "已退回";
    DetRedelivered => "redelivered", "重投递";
    DetStarted => "started", "已开始";
    DetCancelled => "cancelled", "已取消";
    DetOpened => "opened", "已打开";
    DetClosed => "closed", "已关闭";
    DetRestarted => "restarted", "已重启";
    Max => "max", "最大";
    DeathCount => "count", "次数";

    TplFanout => "Order event fan-out", "订单事件扇出";
    TplFanoutBlurb => "One order event copied to the SMS and coupon services", "一个订单事件同时复制给短信和优惠券服务";
    TplWork => "Work queue, two consumers", "工作队列，两个消费者";
    TplWorkBlurb => "Round-robin with prefetch 1", "预取为 1 的轮询分发";
    TplDelay => "Delay queue: cancel unpaid orders", "延迟队列：取消未支付订单";
    TplDelayBlurb => "TTL + dead-letter exchange", "TTL + 死信交换机";
    TplLostAck => "Lost ack, no dedup", "丢失 ack，无去重";
    TplLostAckBlurb => "The redelivered message is processed twice", "重投递的消息被处理两次";
    TplDedup => "Lost ack, with a dedup store", "丢失 ack，有去重存储";
    TplDedupBlurb => "The dedup set makes the redelivery harmless", "去重集合让重投递无害";
    TplAutoAck => "Auto-ack consumer crashes", "自动确认的消费者崩溃";
    TplAutoAckBlurb => "Messages it held are lost", "它持有的消息全部丢失";
    TplMirrored => "Mirrored vs quorum queue, node crash", "镜像队列对比仲裁队列：节点崩溃";
    TplMirroredBlurb => "The unsynchronised mirror loses confirmed messages", "未同步的镜像丢失已确认的消息";

    // The cluster.
    BrokerNode => "Broker node", "Broker 节点";
    Cluster => "Cluster", "集群";
    Nodes => "Nodes", "节点";
    NodeLabel => "Node", "节点";
    RemoveNode => "Remove node", "删除节点";
    ClusterHint => "Add a broker node from the palette to make a cluster.", "在组件栏添加 Broker 节点即可组成集群。";
    Profile => "Profile", "版本";
    PartitionHandling => "Partition handling", "分区处理";
    QueueType => "Type", "类型";
    Classic => "classic", "经典";
    Mirrored => "mirrored", "镜像";
    Quorum => "quorum", "仲裁";
    SyncMode => "Mirror sync", "镜像同步";
    SyncManual => "manual", "手动";
    SyncAutomatic => "automatic", "自动";
    NoSuchNode => "There is no node named", "没有这个节点：";
    TooManyNodes => "A cluster has at most 7 nodes.", "集群最多 7 个节点。";
    LastNode => "The cluster needs at least one node.", "集群至少需要一个节点。";
    NodeInUse => "still used by", "仍被使用：";
    MirroredByPolicy => "The queue stays mirrored by the policy", "该队列仍被此策略镜像：";
    NodeUp => "up", "运行";
    NodeStopped => "stopped", "已停止";
    NodeCrashed => "crashed", "已崩溃";
    NodePaused => "paused", "已暂停";
    Side => "side", "分区";
    Leads => "leads", "主导";
    MirrorsOf => "mirrors", "镜像";
    Follows => "follows", "跟随";
    Term => "term", "任期";
    Halted => "halted", "已停摆";
    Leader => "leader", "领导者";
    NoLeader => "no leader", "无领导者";
    CrashNode => "Crash", "崩溃";
    StopNodeShort => "Stop", "停止";
    StartNode => "Start", "启动";
    StartANode => "Start a node", "启动节点";
    PartitionNodes => "Partition selected", "分区所选节点";
    Heal => "Heal network", "恢复网络";
    NodeFaultHint => "Tick nodes to cut them off from the rest.", "勾选节点，把它们与其余节点隔开。";

    // Issue 9 (editor half): the scenario menu's topics and its pattern scenarios.
    TopicBasics => "Basics", "基础";
    TopicReliability => "Reliability: loss and duplicates", "可靠性：丢失与重复";
    TopicIdempotency => "Idempotency", "幂等";
    TopicDelays => "Delays and expiry", "延迟与过期";
    TopicPatterns => "Patterns beside the broker", "配套模式";
    TopicCluster => "Cluster", "集群";
    TplTx => "Transactions: batches and rollbacks", "事务：批量提交与回滚";
    TplTxBlurb => "Rolled-back batches and a crash before commit publish nothing", "回滚的批次和提交前崩溃都不会发布任何消息";
    TplChaos => "Chaos: at-least-once under random faults", "混沌：随机故障下的至少一次投递";
    TplChaosBlurb => "Without idempotency, duplicates; with a dedup set, none", "不做幂等会重复处理；有去重集合则不会";
    TplUniqueKey => "Lost ack, with a unique key (MySQL)", "丢失 ack，用唯一键（MySQL）";
    TplUniqueKeyBlurb => "The duplicate insert is refused: charged once", "重复插入被唯一键拒绝：只扣款一次";
    TplLock => "Distributed lock with a lease", "带租约的分布式锁";
    TplLockBlurb => "Redis SETNX; a lease that runs out lets two workers overlap", "Redis SETNX；租约过期时两个工作者会同时持锁";
    TplCache => "Cache-aside through Redis", "旁路缓存（Cache-aside）";
    TplCacheBlurb => "Hits, misses and stale reads as prices change", "价格变化时的命中、未命中与脏读";
    TplClusterChaos => "Chaos on a cluster: quorum vs mirrored", "集群混沌：仲裁队列对比镜像队列";
    TitleZh => "Title in Chinese", "标题（中文）";
    DescriptionZh => "Description in Chinese", "描述（中文）";
    TplClusterChaosBlurb => "Node crashes and stops; confirmed messages lost on the mirrored side", "节点崩溃与停止；镜像队列一侧丢失已确认消息";
    // Issue 13: accessibility, drawers.
    MessagesLabel => "Messages (Enter opens a message's lifecycle)", "消息（按 Enter 打开消息的生命周期）";
    LookInFlight => "in flight", "传输中";
    LookConfirmed => "confirmed", "已确认";
    LookDelivered => "delivered", "已投递";
    LookRedelivered => "redelivered", "已重投递";
    LookDeadLettered => "dead-lettered", "已死信";
    LookDelayed => "delayed by a TTL", "因 TTL 延迟";
    LookExpired => "expired", "已过期";
    LookLost => "lost", "已丢失";
    AnnPlaying => "Playing,", "播放中，";
    AnnPaused => "Paused at", "暂停于";
    AnnLatest => "Latest:", "最新：";
    Legend => "What the message dots mean", "消息圆点的含义";
    // Issue 10: lessons.
    Lessons => "Lessons", "课程";
    LessonDone => "done", "已完成";
    LessonSteps => "What happens", "情景";
    LessonPredict => "Predict", "先猜一猜";
    LessonRunCheck => "Run and see", "运行看看";
    LessonRight => "Right: the run shows it.", "猜对了：运行结果正是如此。";
    LessonWrong => "Not quite: the run shows", "不对，运行结果是：";
    LessonKeyMoment => "The key moment", "关键时刻";
    LessonAt => "at", "时间";
    LessonFigures => "At the end of the run", "运行结束时";
    LessonLookAt => "Look at", "关注";
    LessonExplanation => "Why", "为什么";
    LessonFixIt => "Fix it", "动手修复";
    LessonFixHow => "Change the scenario in the editor, then check it.", "在编辑器里修改场景，然后检查。";
    LessonGoal => "Goal", "目标";
    LessonCheckFix => "Check my fix", "检查我的修改";
    LessonGoalMet => "Goal met. Lesson done.", "目标达成，本课完成。";
    LessonGoalNotMet => "Not yet: the goal does not hold on your scenario.", "还没有：你的场景还没有达到目标。";
    LessonShowHint => "Show a hint", "看提示";
    LessonInterview => "Interview card", "面试卡片";
    LessonModelAnswer => "A model answer", "参考答案";
    LessonClose => "Back to the free editor", "回到自由编辑";
    LessonRunFailed => "The run stopped:", "运行中止：";
    LessonRestart => "Load the starting scenario again", "重新载入初始场景";
    LessonFold => "Hide", "收起";
    LessonUnfold => "Show the lesson", "展开课程";
    // Issue 9 (9s): the scenarios that show the refused, dead-lettered and consumer-side fates.
    TplDeadLetters => "Dead letters and overflow", "死信与溢出";
    TplDeadLettersBlurb => "Rejected payments wait in a DLQ; a full clicks queue drops its oldest", "被拒绝的支付进入死信队列；满了的 clicks 队列丢弃最旧的消息";
    TplToldNo => "The publisher is told no", "发布者被告知“不”";
    TplToldNoBlurb => "Returned (mandatory) and nacked (reject-publish)", "被退回（mandatory）与被 nack（reject-publish）";
    TplConsumerFailures => "Failures inside the consumer", "消费者内部的失败";
    TplConsumerFailuresBlurb => "An auto-ack failure and a dedup mark before a crash: both lost", "自动确认下的处理失败、崩溃前已写入的去重标记：都会丢消息";
    TplBrokerDown => "The broker is down", "代理宕机";
    TplBrokerDownBlurb => "Without confirms, lost on the way; with retries, given up after 10", "不用确认：途中丢失；带重试：重发 10 次后放弃";
    // Issue 14 (page size): the lessons are fetched after first paint.
    LessonsLoading => "Loading the lessons…", "正在载入课程…";
    LessonNotLoaded => "This lesson could not be loaded:", "这一课载入失败：";
    // Issue 10 (session 5): a prediction answered by a run of its own.
    LessonOwnRun => "This question is answered by a run of its own.", "这个问题由单独的一次运行来回答。";
    LessonWatchRun => "Watch this run", "观看这次运行";
    // Several items selected: what they are, and what can be done with them.
    SeveralSelectedHint => "Click one of them on the canvas to edit it; Delete removes them all.", "在画布上点击其中一项即可编辑；“删除”会移除所有选中项。";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::model::templates::TEMPLATES;

    #[test]
    fn every_text_exists_in_both_languages() {
        for key in Key::ALL {
            for lang in Lang::ALL {
                assert!(!key.text(lang).trim().is_empty(), "{key:?} is empty in {lang:?}");
            }
        }
    }

    #[test]
    fn each_key_finds_its_own_text_in_the_packed_table() {
        // The first, some in the middle and the last key: an offset off by one text shows here.
        assert_eq!(Key::Subtitle.text(Lang::En), "RabbitMQ broker semantics, simulated deterministically in your browser");
        assert_eq!(Key::Subtitle.text(Lang::Zh), "在浏览器中确定性地模拟 RabbitMQ 代理语义");
        assert_eq!(Key::DarkTheme.text(Lang::En), "Dark theme");
        assert_eq!(Key::Scenarios.text(Lang::Zh), "场景");
        assert_eq!(Key::NotApplied.text(Lang::En), "Not applied:");
        assert_eq!(Key::NotApplied.text(Lang::Zh), "未应用：");
        let last = *Key::ALL.last().unwrap();
        assert_eq!(last.text(Lang::En), "Click one of them on the canvas to edit it; Delete removes them all.");
        assert_eq!(last.text(Lang::Zh), "在画布上点击其中一项即可编辑；“删除”会移除所有选中项。");
        // The slices tile the string: every text once, in order, nothing left over.
        let tiled: String = Key::ALL.iter().flat_map(|k| [k.text(Lang::En), k.text(Lang::Zh)]).collect();
        assert_eq!(tiled, TEXTS);
    }

    #[test]
    fn every_ready_made_scenario_has_its_own_title_and_blurb_in_both_languages() {
        for lang in Lang::ALL {
            let mut seen: Vec<_> = TEMPLATES.iter().map(|t| lang.template(t.id)).collect();
            seen.sort();
            seen.dedup();
            assert_eq!(seen.len(), TEMPLATES.len(), "{lang:?}: no two share a title (none falls through)");
        }
    }

    #[test]
    fn death_reasons_read_in_chinese_with_rabbitmqs_term() {
        assert_eq!(Lang::En.detail("expired"), "expired");
        assert_eq!(Lang::Zh.detail("expired"), "过期（expired）");
        assert_eq!(Lang::Zh.detail("maxlen"), "超出长度上限（maxlen）");
        assert_eq!(Lang::Zh.detail("ack"), "ack", "other protocol terms stay as they are");
    }

    #[test]
    fn chinese_browsers_get_chinese() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("fr"), Lang::En);
    }
}
