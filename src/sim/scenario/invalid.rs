//! Why a scenario is refused, as data: the field's path plus a code with its parameters, rendered
//! per language. `warren-cli` and the tests read the English rendering; the editor shows the one
//! of the page's language. Texts that come from the broker itself (its refusal of a declaration,
//! a policy or an argument, as a real RabbitMQ words them) are carried as they are, after a
//! lead-in of the language.

use std::fmt;

use crate::lang::Lang;
use crate::tr;

/// A refused scenario: where (`producers[0].interval_ms`) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// The field's path in the scenario file (empty: the whole file).
    pub at: String,
    pub why: Why,
}

/// What kind of entity a name was looked up among.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Among {
    Exchange,
    Queue,
    Consumer,
    Producer,
    Client,
}

/// The reason, with what the text needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The file's schema version is not this build's.
    Version { reads: u32, got: u32 },
    /// A count or time that must be at least 1.
    AtLeastOne,
    /// A number that must be above 0.
    Positive,
    /// A duration above the one-day limit.
    TooLong { max_ms: u64, got: u64 },
    /// A link latency above 10 s.
    TooSlow { max_us: u64, got: u64 },
    /// A list longer than its limit.
    TooMany { max: usize, got: usize },
    /// A name longer than an AMQP short string.
    NameTooLong { max: usize, got: usize },
    /// A number above its limit.
    AtMost { max: u64, got: u64 },
    /// A rate above one per virtual microsecond.
    RateTooHigh,
    /// A client without a name.
    ClientNeedsName,
    /// Two entities of a namespace share a name.
    Duplicate { name: String },
    /// A reference to an entity that does not exist.
    NoSuch { among: Among, name: String },
    /// A reference to a node that does not exist, and the nodes there are.
    NoSuchNode { name: String, nodes: Vec<String> },
    ExchangeType { got: String },
    /// A name RabbitMQ keeps for itself (`amq.…`, the default exchange).
    Reserved { name: String },
    /// A queue name that is empty or reserved.
    EmptyOrReserved { name: String },
    NotAnExchangeName,
    DefaultExchangeBound,
    NeedsRoutingKey,
    NeedsTime,
    /// No schedule at all.
    NeedsInterval,
    /// More than one schedule.
    OneSchedule,
    /// A time at or after the end of the run.
    AfterEnd { at: u64, duration_ms: u64 },
    /// A field for another publishing mode.
    OnlyWithMode { mode: &'static str },
    NotProbability { numerator: u64, denominator: u64 },
    NotIntegerString,
    /// A range upside down; `max_field` names the upper end when it is another field.
    MinAboveMax { min: u64, max: u64, max_field: Option<&'static str> },
    ProcessingTwice,
    Empty,
    NeedsSide,
    OnTwoSides { node: String },
    ChaosRate,
    EndBeforeStart,
    NeedsCluster,
    TooManyChaosFaults { expected: u64, max: u64 },
    TooManyMessages { total: u64, max: u64 },
    /// The broker refuses it (its own words).
    Broker { text: String },
    /// A value the core's parser refuses (its own words: an argument table, a cluster setting).
    Value { text: String },
    /// A check that words its refusal as English text, not yet as a code (see `From<String>`).
    Text { text: String },
}

impl Invalid {
    pub fn new(at: impl Into<String>, why: Why) -> Invalid {
        Invalid { at: at.into(), why }
    }

    /// The message in `lang`: the field's path, then why.
    pub fn render(&self, lang: Lang) -> String {
        let why = self.why.render(lang);
        match (self.at.is_empty(), lang) {
            (true, _) => why,
            (false, Lang::En) => format!("{}: {why}", self.at),
            (false, Lang::Zh) => format!("{}：{why}", self.at),
        }
    }

    /// A message of the core's own parsers, `field: text` (an argument table, a cluster
    /// setting), under the field `outer`.
    pub fn from_core(outer: &str, message: &str) -> Invalid {
        match message.split_once(": ") {
            Some((field, text)) => Invalid::new(format!("{outer}.{field}"), Why::Value { text: text.to_string() }),
            None => Invalid::new(outer, Why::Value { text: message.to_string() }),
        }
    }

    /// The same problem one level further out (`faults[2].fault` in front of `consumer`).
    pub fn under(mut self, outer: &str) -> Invalid {
        self.at = match (outer.is_empty(), self.at.is_empty()) {
            (true, _) => self.at,
            (false, true) => outer.to_string(),
            (false, false) => format!("{outer}.{}", self.at),
        };
        self
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl std::error::Error for Invalid {}

/// Callers that report a plain message (the CLI, `World::new`) get the English one.
impl From<Invalid> for String {
    fn from(e: Invalid) -> String {
        e.render(Lang::En)
    }
}

/// A check that still reports `field: text` as a string joins the others: its field is kept,
/// its text is shown as it is (English) after a lead-in in Chinese.
impl From<String> for Invalid {
    fn from(message: String) -> Invalid {
        match message.split_once(": ") {
            Some((at, text)) => Invalid::new(at, Why::Text { text: text.to_string() }),
            None => Invalid::new("", Why::Text { text: message }),
        }
    }
}

impl Among {
    fn words(self, lang: Lang) -> &'static str {
        match self {
            Among::Exchange => lang.pick("exchange", "交换机"),
            Among::Queue => lang.pick("queue", "队列"),
            Among::Consumer => lang.pick("consumer", "消费者"),
            Among::Producer => lang.pick("producer", "生产者"),
            Among::Client => lang.pick("producer or consumer", "生产者或消费者"),
        }
    }
}

impl Why {
    /// Every kind, with sample parameters (for the tests that every one renders in both languages).
    pub fn samples() -> Vec<Why> {
        let name = || "x".to_string();
        vec![
            Why::Version { reads: 1, got: 2 },
            Why::AtLeastOne,
            Why::Positive,
            Why::TooLong { max_ms: 86_400_000, got: 86_400_001 },
            Why::TooSlow { max_us: 10_000_000, got: 10_000_001 },
            Why::TooMany { max: 1000, got: 1001 },
            Why::NameTooLong { max: 255, got: 256 },
            Why::AtMost { max: 10_000, got: 10_001 },
            Why::RateTooHigh,
            Why::ClientNeedsName,
            Why::Duplicate { name: name() },
            Why::NoSuch { among: Among::Exchange, name: name() },
            Why::NoSuch { among: Among::Queue, name: name() },
            Why::NoSuch { among: Among::Consumer, name: name() },
            Why::NoSuch { among: Among::Producer, name: name() },
            Why::NoSuch { among: Among::Client, name: name() },
            Why::NoSuchNode { name: name(), nodes: vec!["rabbit".into()] },
            Why::ExchangeType { got: "fan".into() },
            Why::Reserved { name: "amq.x".into() },
            Why::EmptyOrReserved { name: "amq.q".into() },
            Why::NotAnExchangeName,
            Why::DefaultExchangeBound,
            Why::NeedsRoutingKey,
            Why::NeedsTime,
            Why::NeedsInterval,
            Why::OneSchedule,
            Why::AfterEnd { at: 10, duration_ms: 10 },
            Why::OnlyWithMode { mode: "tx" },
            Why::NotProbability { numerator: 3, denominator: 2 },
            Why::NotIntegerString,
            Why::MinAboveMax { min: 3, max: 2, max_field: None },
            Why::MinAboveMax { min: 3, max: 2, max_field: Some("max_ms") },
            Why::ProcessingTwice,
            Why::Empty,
            Why::NeedsSide,
            Why::OnTwoSides { node: name() },
            Why::ChaosRate,
            Why::EndBeforeStart,
            Why::NeedsCluster,
            Why::TooManyChaosFaults { expected: 200_000, max: 100_000 },
            Why::TooManyMessages { total: 2_000_000, max: 1_000_000 },
            Why::Broker { text: "PRECONDITION_FAILED - x".into() },
            Why::Value { text: "x-max-length: must be a number".into() },
            Why::Text { text: "must be something".into() },
        ]
    }

    pub fn render(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Why::Version { reads, got } => {
                tr!(lang, "this build reads version {reads}, not {got}", "此版本只读取第 {reads} 版的场景文件，而不是第 {got} 版")
            }
            Why::AtLeastOne => lang.pick("must be at least 1", "至少为 1").into(),
            Why::Positive => lang.pick("must be > 0", "必须大于 0").into(),
            Why::TooLong { max_ms, got } => {
                tr!(lang, "at most {max_ms} ms (one day), not {got}", "最多 {max_ms} 毫秒（一天），而不是 {got}")
            }
            Why::TooSlow { max_us, got } => {
                tr!(lang, "at most {max_us} (10 s), not {got}", "最多 {max_us}（10 秒），而不是 {got}")
            }
            Why::TooMany { max, got } => tr!(lang, "at most {max} entries, not {got}", "最多 {max} 项，而不是 {got} 项"),
            Why::NameTooLong { max, got } => {
                tr!(lang, "a name is at most {max} bytes, not {got}", "名称最多 {max} 字节，而不是 {got} 字节")
            }
            Why::AtMost { max, got } => tr!(lang, "at most {max}, not {got}", "最多 {max}，而不是 {got}"),
            Why::RateTooHigh => lang.pick("at most 1000000 (one per virtual microsecond)", "最多 1000000（每虚拟微秒一条）").into(),
            Why::ClientNeedsName => lang.pick("every client needs a name", "每个客户端都需要名称").into(),
            Why::Duplicate { name } => tr!(lang, "the name \"{name}\" is used twice", "名称“{name}”被使用了两次"),
            Why::NoSuch { among, name } => {
                if zh { format!("没有名为“{name}”的{}", among.words(lang)) } else { format!("no {} named \"{name}\"", among.words(lang)) }
            }
            Why::NoSuchNode { name, nodes } => {
                if zh { format!("没有名为“{name}”的节点（节点有：{}）", nodes.join("、")) } else { format!("no node named \"{name}\" (the nodes are {})", nodes.join(", ")) }
            }
            Why::ExchangeType { got } => {
                tr!(lang, "\"{got}\" is not direct, fanout, topic or headers", "“{got}”不是 direct、fanout、topic 或 headers")
            }
            Why::Reserved { name } => tr!(lang, "\"{name}\" is reserved", "“{name}”是保留名称"),
            Why::EmptyOrReserved { name } => tr!(lang, "\"{name}\" is empty or reserved", "“{name}”为空或是保留名称"),
            Why::NotAnExchangeName => lang.pick("must be an exchange name", "必须是交换机名称").into(),
            Why::DefaultExchangeBound => lang.pick("the default exchange cannot be bound", "默认交换机不能绑定").into(),
            Why::NeedsRoutingKey => lang.pick("needs at least one routing key", "至少需要一个路由键").into(),
            Why::NeedsTime => lang.pick("needs at least one time", "至少需要一个时间").into(),
            Why::NeedsInterval => lang.pick("must be at least 1 (or give rate_per_s or burst)", "至少为 1（或改用 rate_per_s 或 burst）").into(),
            Why::OneSchedule => {
                lang.pick("give exactly one of interval_ms, rate_per_s and burst", "interval_ms、rate_per_s 和 burst 只能给出其中一个").into()
            }
            Why::AfterEnd { at, duration_ms } => {
                tr!(lang, "{at} is not before the end of the run (duration_ms {duration_ms})", "{at} 不在运行结束之前（duration_ms {duration_ms}）")
            }
            Why::OnlyWithMode { mode } => tr!(lang, "only meaningful with mode \"{mode}\"", "只在模式 \"{mode}\" 下有意义"),
            Why::NotProbability { numerator, denominator } => {
                tr!(lang, "{numerator}/{denominator} is not a probability", "{numerator}/{denominator} 不是一个概率")
            }
            Why::NotIntegerString => lang.pick("must be a string holding a non-negative integer", "必须是内容为非负整数的字符串").into(),
            Why::MinAboveMax { min, max, max_field: None } => {
                tr!(lang, "min {min} is above max {max}", "最小值 {min} 大于最大值 {max}")
            }
            Why::MinAboveMax { min, max, max_field: Some(field) } => {
                tr!(lang, "{min} is above {field} {max}", "{min} 大于 {field} {max}")
            }
            Why::ProcessingTwice => {
                lang.pick("give either processing or processing_ms, not both", "processing 与 processing_ms 只能给出其中一个").into()
            }
            Why::Empty => lang.pick("must not be empty", "不能为空").into(),
            Why::NeedsSide => lang.pick("needs at least one side", "至少需要一侧").into(),
            Why::OnTwoSides { node } => tr!(lang, "\"{node}\" is on two sides", "“{node}”同时在两侧"),
            Why::ChaosRate => lang.pick("must be > 0 and at most 1000", "必须大于 0 且不超过 1000").into(),
            Why::EndBeforeStart => lang.pick("must be after start_ms", "必须晚于 start_ms").into(),
            Why::NeedsCluster => lang.pick("needs a cluster of at least 2 nodes", "需要至少 2 个节点的集群").into(),
            Why::TooManyChaosFaults { expected, max } => {
                tr!(lang, "about {expected} faults in the run, at most {max}", "本次运行约有 {expected} 次故障，最多 {max} 次")
            }
            Why::TooManyMessages { total, max } => {
                tr!(
                    lang,
                    "the producers would publish {total} messages or more, at most {max} per run (lower count, the rate, the bursts or duration_ms)",
                    "生产者将发布 {total} 条或更多消息，每次运行最多 {max} 条（请降低 count、速率、突发次数或 duration_ms）",
                )
            }
            Why::Broker { text } => tr!(lang, "the broker refuses it: {text}", "代理拒绝：{text}"),
            Why::Value { text } => if zh { format!("取值无效：{text}") } else { text.clone() },
            Why::Text { text } => if zh { format!("场景无效：{text}") } else { text.clone() },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_renders_in_both_languages_and_the_chinese_is_not_the_english() {
        for why in Why::samples() {
            let e = Invalid::new("producers[0].x", why);
            let (en, zh) = (e.render(Lang::En), e.render(Lang::Zh));
            assert!(en.starts_with("producers[0].x: "), "{en}");
            assert!(zh.starts_with("producers[0].x："), "{zh}");
            assert_ne!(en, zh, "{:?}", e.why);
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{:?} in Chinese: {zh}", e.why);
            assert_eq!(e.to_string(), en, "Display is the English rendering");
        }
    }

    #[test]
    fn a_refused_scenario_reads_in_english_for_the_cli_and_in_chinese_for_the_page() {
        let cases = [
            (r#""duration_ms": 0"#, "duration_ms: must be at least 1", "duration_ms：至少为 1"),
            (
                r#""duration_ms": 1000, "queues": [{"name": "q"}], "consumers": [{"name": "c", "queue": "nowhere"}]"#,
                "consumers[0].queue: no queue named \"nowhere\"",
                "consumers[0].queue：没有名为“nowhere”的队列",
            ),
            (
                r#""duration_ms": 1000, "faults": [{"at_ms": 5000, "fault": {"kind": "restart_broker"}}]"#,
                "faults[0].at_ms: 5000 is not before the end of the run (duration_ms 1000)",
                "faults[0].at_ms：5000 不在运行结束之前（duration_ms 1000）",
            ),
        ];
        for (fields, en, zh) in cases {
            let text = format!(r#"{{"version": 1, {fields}}}"#);
            let s: crate::sim::scenario::Scenario = crate::input::from_json(&text).unwrap();
            let refusal = s.validate().unwrap_err();
            assert_eq!(refusal.to_string(), en);
            assert_eq!(refusal.render(Lang::Zh), zh);
            assert_eq!(crate::sim::scenario::parse(&text).unwrap_err(), en, "the CLI's message is the English one");
        }
    }

    #[test]
    fn a_plain_message_keeps_its_field_and_its_english_words() {
        let e = Invalid::from("services[0].rate: must be > 0".to_string());
        assert_eq!((e.at.as_str(), e.to_string()), ("services[0].rate", "services[0].rate: must be > 0".to_string()));
        assert_eq!(e.render(Lang::Zh), "services[0].rate：场景无效：must be > 0");
        assert_eq!(String::from(Invalid::from("no field here".to_string())), "no field here");
    }

    #[test]
    fn a_reason_moves_under_its_outer_field() {
        let e = Invalid::new("consumer", Why::NoSuch { among: Among::Consumer, name: "ghost".into() }).under("faults[0].fault");
        assert_eq!(e.to_string(), "faults[0].fault.consumer: no consumer named \"ghost\"");
        assert_eq!(e.render(Lang::Zh), "faults[0].fault.consumer：没有名为“ghost”的消费者");
    }
}
