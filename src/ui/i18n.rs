//! The one translation table of the UI: every text the UI shows comes from here, in English and
//! Simplified Chinese. (Names the user enters and the model's own validation messages are shown
//! as they are.)

use super::model::{Kind, Problem};

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language for a browser language tag (`navigator.language`): Chinese for `zh…`.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

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
            Problem::NotWhole => self.t(Key::NotWhole).into(),
            Problem::NotInteger => self.t(Key::NotInteger).into(),
            Problem::EmptyName => self.t(Key::EmptyName).into(),
            Problem::EmptyKey => self.t(Key::EmptyKey).into(),
            Problem::DuplicateKey => self.t(Key::DuplicateKey).into(),
            Problem::NeedsQueue => self.t(Key::NeedsQueue).into(),
            Problem::AlreadyBound => self.t(Key::AlreadyBound).into(),
            Problem::CannotConnect(a, b) => {
                format!("{} → {}: {}", self.kind(*a), self.kind(*b), self.t(Key::CannotConnect))
            }
        }
    }

    /// The menu title and the one-line summary of a ready-made scenario.
    pub fn template(self, id: &str) -> (&'static str, &'static str) {
        let (title, blurb) = match id {
            "order-fanout" => (Key::TplFanout, Key::TplFanoutBlurb),
            "work-queue" => (Key::TplWork, Key::TplWorkBlurb),
            "delay-queue" => (Key::TplDelay, Key::TplDelayBlurb),
            "lost-ack" => (Key::TplLostAck, Key::TplLostAckBlurb),
            "lost-ack-dedup" => (Key::TplDedup, Key::TplDedupBlurb),
            _ => (Key::TplAutoAck, Key::TplAutoAckBlurb),
        };
        (self.t(title), self.t(blurb))
    }
}

macro_rules! table {
    ($($key:ident => $en:literal, $zh:literal;)*) => {
        /// A text of the UI.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, Lang::En) => $en, (Key::$key, Lang::Zh) => $zh,)*
                }
            }
        }
    };
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
    EmptyHint => "Add a producer, an exchange, a queue or a consumer from the palette, or load a ready-made scenario from the Scenarios menu.", "从左侧组件栏添加生产者、交换机、队列或消费者，或从“场景”菜单载入现成的场景。";
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
    SumEvery => "every", "每";
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
    Title => "Title", "标题";
    Description => "Description", "描述";
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
    AutoAck => "Auto-ack", "自动确认";
    Prefetch => "Prefetch (0: unlimited)", "预取数量（0：不限）";
    Priority => "Priority", "优先级";
    ProcessingMin => "Processing time, min (ms)", "处理时间下限（毫秒）";
    ProcessingMax => "Processing time, max (ms)", "处理时间上限（毫秒）";
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages() {
        for key in Key::ALL {
            for lang in Lang::ALL {
                assert!(!key.text(lang).trim().is_empty(), "{key:?} is empty in {lang:?}");
            }
        }
    }

    #[test]
    fn chinese_browsers_get_chinese() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("fr"), Lang::En);
    }
}
