//! Definitions → scenario: the topology of vhost `/`, with a warning for everything else the file
//! holds (a warning names the field, what Warren does with it, and why). A malformed file, or one
//! RabbitMQ itself would refuse (a bad argument type or value), or that names one thing twice, is an error
//! naming the field.

use serde_json::{Map, Value as Json};

use super::{Definitions, VHOST};
use crate::core::queue_config::{QueueConfig, QueueKind};
use crate::core::value::table_from_json;
use crate::ordered::SortedSet;
use crate::sim::scenario::{BindingSpec, ExchangeSpec, PolicySpec, QueueSpec, Texts, VERSION};
use crate::sim::Scenario;

/// Queue arguments the broker core reads; any other is kept in the scenario and named.
const SIMULATED_QUEUE_ARGS: [&str; 11] = [
    "x-message-ttl",
    "x-expires",
    "x-max-length",
    "x-max-length-bytes",
    "x-overflow",
    "x-dead-letter-exchange",
    "x-dead-letter-routing-key",
    "x-max-priority",
    "x-single-active-consumer",
    "x-queue-type",
    "x-delivery-limit",
];
const SIMULATED_EXCHANGE_ARGS: [&str; 1] = ["alternate-exchange"];
const EXCHANGE_TYPES: [&str; 4] = ["direct", "fanout", "topic", "headers"];
/// Top-level keys that describe the file, not the broker.
const META_KEYS: [&str; 2] = ["product_name", "product_version"];
/// How long an imported scenario runs until the user says otherwise.
const DEFAULT_DURATION_MS: u64 = 30_000;

/// The scenario and the warnings, in the file's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub scenario: Scenario,
    pub warnings: Vec<String>,
}

pub fn import(text: &str) -> Result<Imported, String> {
    let defs: Definitions = crate::script::format::from_json(text)?;
    let mut warnings = Vec::new();
    let mut warn = |w: String| warnings.push(w);
    let here = |vhost: &Option<String>| vhost.as_deref().is_none_or(|v| v == VHOST);

    for key in defs.other.keys().filter(|k| !META_KEYS.contains(&k.as_str())) {
        warn(format!("{key}: not a section Warren knows; ignored"));
    }
    for (i, v) in defs.vhosts.iter().enumerate() {
        if v.name != VHOST {
            warn(format!("vhosts[{i}]: \"{}\" is not simulated (only \"/\" is); everything in it is skipped", v.name));
        }
        if v.other.get("limits").is_some_and(|l| !is_empty(l)) {
            warn(format!("vhosts[{i}].limits: vhost limits are not simulated; ignored"));
        }
    }
    if !defs.users.is_empty() {
        let names: Vec<&str> = defs.users.iter().filter_map(|u| u.get("name").and_then(Json::as_str)).collect();
        warn(format!("users: {} not simulated (Warren has no authentication); ignored", quoted(&names)));
    }
    for (section, entries) in [("permissions", &defs.permissions), ("topic_permissions", &defs.topic_permissions)] {
        if !entries.is_empty() {
            let n = entries.len();
            warn(format!("{section}: {n} {} not simulated (Warren has no authentication); ignored", if n == 1 { "entry" } else { "entries" }));
        }
    }
    for (i, p) in defs.parameters.iter().enumerate() {
        warn(format!("parameters[{i}]: {} \"{}\" is not simulated (no plugins run in Warren); ignored", p.component, p.name));
    }
    for (i, p) in defs.global_parameters.iter().enumerate() {
        let name = p.get("name").and_then(Json::as_str).unwrap_or("?");
        warn(format!("global_parameters[{i}]: \"{name}\" is not simulated; ignored"));
    }

    // Exchanges: which names the scenario will have, and which were left out on purpose.
    let mut skipped = SortedSet::new();
    let mut exchanges = Vec::new();
    let mut other_vhost = [0usize; 4];
    for (i, x) in defs.exchanges.iter().enumerate() {
        let at = format!("exchanges[{i}]");
        if !here(&x.vhost) {
            other_vhost[0] += 1;
            continue;
        }
        unknown_fields(&x.other, &at, &mut warn);
        if x.name.is_empty() || x.name.starts_with("amq.") {
            warn(format!("{at}.name: \"{}\" is built in; skipped", x.name));
            continue;
        }
        if !EXCHANGE_TYPES.contains(&x.kind.as_str()) {
            warn(format!(
                "{at}.type: \"{}\" exchanges are not simulated (only direct, fanout, topic, headers); \"{}\" and its bindings are skipped",
                x.kind, x.name
            ));
            skipped.insert(x.name.clone());
            continue;
        }
        if exchanges.iter().any(|(_, e): &(usize, ExchangeSpec)| e.name == x.name) {
            return Err(format!("{at}.name: \"{}\" is defined twice", x.name));
        }
        table_from_json(&x.arguments).map_err(|e| format!("{at}.arguments.{e}"))?;
        for key in x.arguments.keys().filter(|k| !SIMULATED_EXCHANGE_ARGS.contains(&k.as_str())) {
            warn(format!("{at}.arguments.{key}: not simulated; kept in the scenario, without effect"));
        }
        if x.auto_delete {
            warn(format!("{at}.auto_delete: not simulated; \"{}\" is kept as an exchange that stays", x.name));
        }
        exchanges.push((i, ExchangeSpec { name: x.name.clone(), kind: x.kind.clone(), durable: x.durable, auto_delete: false, internal: x.internal, args: x.arguments.clone() }));
    }
    let names = crate::ordered::set_of(exchanges.iter().map(|(_, x)| x.name.clone()));
    let exchange_known = |name: &str| name.starts_with("amq.") || names.contains(name);
    for (i, x) in exchanges.iter_mut() {
        if let Some(ae) = x.args.get("alternate-exchange").and_then(Json::as_str) {
            if !exchange_known(ae) {
                warn(format!("exchanges[{i}].arguments.alternate-exchange: no exchange \"{ae}\" in the file; removed (RabbitMQ drops what would go to a missing alternate exchange, as without one)"));
                x.args.remove("alternate-exchange");
            }
        }
    }

    let mut queues: Vec<QueueSpec> = Vec::new();
    for (i, q) in defs.queues.iter().enumerate() {
        let at = format!("queues[{i}]");
        if !here(&q.vhost) {
            other_vhost[1] += 1;
            continue;
        }
        unknown_fields(&q.other, &at, &mut warn);
        if q.name.is_empty() || q.name.starts_with("amq.") {
            return Err(format!("{at}.name: \"{}\" is empty or reserved", q.name));
        }
        if queues.iter().any(|e| e.name == q.name) {
            return Err(format!("{at}.name: \"{}\" is defined twice", q.name));
        }
        let args = table_from_json(&q.arguments).map_err(|e| format!("{at}.arguments.{e}"))?;
        if q.arguments.get("x-queue-type").and_then(Json::as_str) == Some("stream") {
            warn(format!("{at}: \"{}\" is a stream; streams are not simulated; it and its bindings are skipped", q.name));
            skipped.insert(q.name.clone());
            continue;
        }
        let config = QueueConfig::parse(&args).map_err(|e| format!("{at}.arguments: {}", e.text))?;
        if config.kind == QueueKind::Quorum && !q.durable {
            return Err(format!("{at}.durable: a quorum queue must be durable (RabbitMQ refuses \"{}\")", q.name));
        }
        for key in q.arguments.keys().filter(|k| !SIMULATED_QUEUE_ARGS.contains(&k.as_str())) {
            let what = if key == "x-queue-mode" { "lazy queues are not simulated (messages are held in memory)" } else { "not simulated" };
            warn(format!("{at}.arguments.{key}: {what}; kept in the scenario, without effect"));
        }
        let mut arguments = q.arguments.clone();
        if let Some(dlx) = arguments.get("x-dead-letter-exchange").and_then(Json::as_str) {
            if !dlx.is_empty() && !exchange_known(dlx) {
                warn(format!("{at}.arguments.x-dead-letter-exchange: no exchange \"{dlx}\" in the file; removed with its routing key (RabbitMQ drops what would be dead-lettered to a missing exchange, as without one)"));
                arguments.remove("x-dead-letter-exchange");
                arguments.remove("x-dead-letter-routing-key");
            }
        }
        if q.auto_delete {
            warn(format!("{at}.auto_delete: not simulated here; \"{}\" is kept as a queue that stays", q.name));
        }
        queues.push(QueueSpec { name: q.name.clone(), durable: q.durable, exclusive: false, auto_delete: false, passive: false, node: None, args: arguments });
    }

    let mut bindings = Vec::new();
    for (i, b) in defs.bindings.iter().enumerate() {
        let at = format!("bindings[{i}]");
        if !here(&b.vhost) {
            other_vhost[2] += 1;
            continue;
        }
        unknown_fields(&b.other, &at, &mut warn);
        let to_exchange = match b.destination_type.as_str() {
            "queue" => false,
            "exchange" => true,
            other => return Err(format!("{at}.destination_type: \"{other}\" is neither \"queue\" nor \"exchange\"")),
        };
        if b.source.is_empty() {
            warn(format!("{at}.source: a binding of the default exchange is implicit; skipped"));
            continue;
        }
        if let Some(gone) = [&b.source, &b.destination].into_iter().find(|n| skipped.contains(*n)) {
            warn(format!("{at}: \"{}\" → \"{}\" is skipped with \"{gone}\"", b.source, b.destination));
            continue;
        }
        // RabbitMQ's import skips a binding whose ends are missing without a word (and 3.10
        // leaves internal exchanges out of its own exports, so its files hold such bindings).
        let dest_known = if to_exchange { exchange_known(&b.destination) } else { queues.iter().any(|q| q.name == b.destination) };
        let missing = if !exchange_known(&b.source) {
            Some(("source", "exchange", &b.source))
        } else if !dest_known {
            Some(("destination", b.destination_type.as_str(), &b.destination))
        } else {
            None
        };
        if let Some((field, what, name)) = missing {
            warn(format!(
                "{at}.{field}: no {what} \"{name}\" in the file (RabbitMQ 3.10 leaves internal exchanges out of its exports); skipped, as RabbitMQ skips it"
            ));
            continue;
        }
        table_from_json(&b.arguments).map_err(|e| format!("{at}.arguments.{e}"))?;
        bindings.push(BindingSpec {
            source: b.source.clone(),
            dest: b.destination.clone(),
            key: b.routing_key.clone(),
            args: b.arguments.clone(),
            to_exchange,
        });
    }

    let mut policies = Vec::new();
    for (i, p) in defs.policies.iter().enumerate() {
        let at = format!("policies[{i}]");
        if !here(&p.vhost) {
            other_vhost[3] += 1;
            continue;
        }
        unknown_fields(&p.other, &at, &mut warn);
        if !matches!(p.apply_to.as_str(), "queues" | "all") {
            warn(format!("{at}.apply-to: policies for {} are not simulated; \"{}\" is skipped", p.apply_to, p.name));
            continue;
        }
        let mut definition = Map::new();
        for (key, value) in &p.definition {
            if key.starts_with("ha-") {
                definition.insert(key.clone(), value.clone());
            } else {
                warn(format!("{at}.definition.{key}: not simulated (only the ha-* keys of a policy are); removed from \"{}\"", p.name));
            }
        }
        if definition.is_empty() {
            warn(format!("{at}: \"{}\" has no ha-* key; skipped", p.name));
            continue;
        }
        let table = table_from_json(&definition).map_err(|e| format!("{at}.definition.{e}"))?;
        crate::core::cluster::policy::Policy::new(&p.name, &p.pattern, p.priority, &table).map_err(|e| format!("{at}: {e}"))?;
        policies.push(PolicySpec { name: p.name.clone(), pattern: p.pattern.clone(), priority: p.priority, definition });
    }
    if !policies.is_empty() {
        warn(
            "policies: ha-* policies mirror queues only on a cluster, and definitions do not list nodes; the scenario has one node (add nodes in the editor)"
                .into(),
        );
    }
    for (section, n) in ["exchanges", "queues", "bindings", "policies"].into_iter().zip(other_vhost) {
        if n > 0 {
            warn(format!("{section}: {n} in other vhosts skipped"));
        }
    }
    warn("producers, consumers: a definitions file has no clients; the scenario has none yet (add them in the editor)".into());

    let version = defs.rabbitmq_version.as_ref().or(defs.rabbit_version.as_ref());
    let scenario = Scenario {
        version: VERSION,
        name: "Imported definitions".into(),
        description: match version {
            Some(v) => format!("The topology of a RabbitMQ {v} definitions file."),
            None => "The topology of a RabbitMQ definitions file.".into(),
        },
        zh: Some(Texts {
            name: "导入的定义".into(),
            description: match version {
                Some(v) => format!("一个 RabbitMQ {v} 定义文件（definitions）中的拓扑。"),
                None => "一个 RabbitMQ 定义文件（definitions）中的拓扑。".into(),
            },
        }),
        seed: 1,
        duration_ms: DEFAULT_DURATION_MS,
        exchanges: exchanges.into_iter().map(|(_, x)| x).collect(),
        queues,
        bindings,
        policies,
        producers: Vec::new(),
        consumers: Vec::new(),
        faults: Vec::new(),
        chaos: None,
        cluster: None,
        stores: Default::default(),
        network: Default::default(),
        layout: Map::new(),
    };
    // What the checks above cannot see (e.g. a quorum queue that is not durable).
    scenario.validate().map_err(|e| format!("the imported topology: {e}"))?;
    Ok(Imported { scenario, warnings })
}

fn unknown_fields(other: &Map<String, Json>, at: &str, warn: &mut impl FnMut(String)) {
    for key in other.keys() {
        warn(format!("{at}.{key}: not a field Warren knows; ignored"));
    }
}

fn is_empty(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::Array(a) => a.is_empty(),
        Json::Object(o) => o.is_empty(),
        _ => false,
    }
}

fn quoted(names: &[&str]) -> String {
    let list: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    format!("{} user{} ({})", names.len(), if names.len() == 1 { "" } else { "s" }, list.join(", "))
}
