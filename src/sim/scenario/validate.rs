//! Checks what the types cannot: versions, ranges and references between entities.

use super::*;
use crate::core::queue_config::QueueConfig;
use crate::core::rng::Ratio;
use crate::core::value::table_from_json;

fn probability(r: Ratio, at: &str) -> Result<(), String> {
    if r.denominator == 0 || r.numerator > r.denominator {
        return Err(format!("{at}: {}/{} is not a probability", r.numerator, r.denominator));
    }
    Ok(())
}

impl Scenario {
    /// Checks what the types cannot: versions, ranges and references between entities.
    pub fn validate(&self) -> Result<(), String> {
        if self.version != VERSION {
            return Err(format!("version: this build reads version {VERSION}, not {}", self.version));
        }
        if self.duration_ms == 0 {
            return Err("duration_ms: must be at least 1".into());
        }
        let exchange_exists = |name: &str| name.is_empty() || name.starts_with("amq.") || self.exchanges.iter().any(|x| x.name == name);
        let queue_exists = |name: &str| self.queues.iter().any(|q| q.name == name);
        if let Some(cluster) = &self.cluster {
            cluster.validate().map_err(|e| format!("cluster.{e}"))?;
        }
        if self.network.client_latency_us > MAX_CLIENT_LATENCY_US {
            return Err(format!("network.client_latency_us: at most {MAX_CLIENT_LATENCY_US} (10 s), not {}", self.network.client_latency_us));
        }
        for (i, p) in self.policies.iter().enumerate() {
            let definition = table_from_json(&p.definition).map_err(|e| format!("policies[{i}].definition.{e}"))?;
            crate::core::cluster::policy::Policy::new(&p.name, &p.pattern, p.priority, &definition).map_err(|e| format!("policies[{i}]: {e}"))?;
        }
        unique("policies", self.policies.iter().map(|p| p.name.as_str()))?;
        for (i, q) in self.queues.iter().enumerate() {
            if let Some(node) = &q.node {
                self.check_node(node, &format!("queues[{i}].node"))?;
            }
        }
        for (i, p) in self.producers.iter().enumerate() {
            if let Some(node) = &p.node {
                self.check_node(node, &format!("producers[{i}].node"))?;
            }
        }
        for (i, c) in self.consumers.iter().enumerate() {
            if let Some(node) = &c.node {
                self.check_node(node, &format!("consumers[{i}].node"))?;
            }
        }
        unique("exchanges", self.exchanges.iter().map(|x| x.name.as_str()))?;
        unique("queues", self.queues.iter().map(|q| q.name.as_str()))?;
        unique("clients", self.producers.iter().map(|p| p.name.as_str()).chain(self.consumers.iter().map(|c| c.name.as_str())))?;
        for (i, x) in self.exchanges.iter().enumerate() {
            if !matches!(x.kind.as_str(), "direct" | "fanout" | "topic" | "headers") {
                return Err(format!("exchanges[{i}].type: \"{}\" is not direct, fanout, topic or headers", x.kind));
            }
            if x.name.is_empty() || x.name.starts_with("amq.") {
                return Err(format!("exchanges[{i}].name: \"{}\" is reserved", x.name));
            }
            let args = table_from_json(&x.args).map_err(|e| format!("exchanges[{i}].args.{e}"))?;
            match args.get("alternate-exchange") {
                None => {}
                Some(crate::core::Value::Str(ae)) if exchange_exists(ae) && !ae.is_empty() => {}
                Some(crate::core::Value::Str(ae)) => {
                    return Err(format!("exchanges[{i}].args.alternate-exchange: no exchange named \"{ae}\""))
                }
                Some(_) => return Err(format!("exchanges[{i}].args.alternate-exchange: must be an exchange name")),
            }
        }
        for (i, q) in self.queues.iter().enumerate() {
            if q.name.is_empty() || q.name.starts_with("amq.") {
                return Err(format!("queues[{i}].name: \"{}\" is empty or reserved", q.name));
            }
            let args = table_from_json(&q.args).map_err(|e| format!("queues[{i}].args.{e}"))?;
            QueueConfig::parse(&args).map_err(|e| format!("queues[{i}].args: {}", e.text))?;
            if let Some(dlx) = args.get("x-dead-letter-exchange").and_then(|v| v.as_str()) {
                if !exchange_exists(dlx) {
                    return Err(format!("queues[{i}].args.x-dead-letter-exchange: no exchange named \"{dlx}\""));
                }
            }
        }
        for (i, b) in self.bindings.iter().enumerate() {
            if b.source.is_empty() {
                return Err(format!("bindings[{i}].source: the default exchange cannot be bound"));
            }
            if !exchange_exists(&b.source) {
                return Err(format!("bindings[{i}].source: no exchange named \"{}\"", b.source));
            }
            let dest_exists = if b.to_exchange { exchange_exists(&b.dest) && !b.dest.is_empty() } else { queue_exists(&b.dest) };
            if !dest_exists {
                let what = if b.to_exchange { "exchange" } else { "queue" };
                return Err(format!("bindings[{i}].dest: no {what} named \"{}\"", b.dest));
            }
            table_from_json(&b.args).map_err(|e| format!("bindings[{i}].args.{e}"))?;
        }
        for (what, name) in self.producers.iter().map(|p| ("producers", &p.name)).chain(self.consumers.iter().map(|c| ("consumers", &c.name))) {
            if name.trim().is_empty() {
                return Err(format!("{what}: every client needs a name"));
            }
        }
        for (i, p) in self.producers.iter().enumerate() {
            if !exchange_exists(&p.exchange) {
                return Err(format!("producers[{i}].exchange: no exchange named \"{}\"", p.exchange));
            }
            if p.keys.is_empty() {
                return Err(format!("producers[{i}].keys: needs at least one routing key"));
            }
            let at = format!("producers[{i}]");
            match (p.interval_ms, p.rate_per_s, &p.burst) {
                (_, Some(0), _) => return Err(format!("{at}.rate_per_s: must be > 0")),
                (_, Some(r), _) if r > 1_000_000 => return Err(format!("{at}.rate_per_s: at most 1000000 (one per virtual microsecond)")),
                (_, _, Some(b)) if b.size == 0 => return Err(format!("{at}.burst.size: must be > 0")),
                (_, _, Some(b)) if b.at_ms.is_empty() => return Err(format!("{at}.burst.at_ms: needs at least one time")),
                (0, None, None) => return Err(format!("{at}.interval_ms: must be at least 1 (or give rate_per_s or burst)")),
                (0, Some(_), None) | (0, None, Some(_)) | (_, None, None) => {}
                _ => return Err(format!("{at}: give exactly one of interval_ms, rate_per_s and burst")),
            }
            if let Some(b) = &p.burst {
                if let Some(t) = b.at_ms.iter().find(|t| **t >= self.duration_ms) {
                    return Err(format!("{at}.burst.at_ms: {t} is not before the end of the run (duration_ms {})", self.duration_ms));
                }
            }
            if p.confirm_timeout_ms.is_some() && p.mode != PublishMode::Confirm {
                return Err(format!("producers[{i}].confirm_timeout_ms: only meaningful with mode \"confirm\""));
            }
            if p.confirm_timeout_ms == Some(0) {
                return Err(format!("{at}.confirm_timeout_ms: must be > 0"));
            }
            if p.tx_batch == 0 {
                return Err(format!("{at}.tx_batch: must be at least 1"));
            }
            if p.mode != PublishMode::Tx && (p.tx_batch != 1 || p.tx_rollback.numerator != 0) {
                let field = if p.tx_batch != 1 { "tx_batch" } else { "tx_rollback" };
                return Err(format!("{at}.{field}: only meaningful with mode \"tx\""));
            }
            probability(p.tx_rollback, &format!("{at}.tx_rollback"))?;
            if p.expiration.as_deref().is_some_and(|e| e.parse::<u64>().is_err()) {
                return Err(format!("producers[{i}].expiration: must be a string holding a non-negative integer"));
            }
            table_from_json(&p.headers).map_err(|e| format!("producers[{i}].headers.{e}"))?;
        }
        for (i, c) in self.consumers.iter().enumerate() {
            if !queue_exists(&c.queue) {
                return Err(format!("consumers[{i}].queue: no queue named \"{}\"", c.queue));
            }
            if c.processing_ms.min > c.processing_ms.max {
                return Err(format!("consumers[{i}].processing_ms: min {} is above max {}", c.processing_ms.min, c.processing_ms.max));
            }
            probability(c.failure, &format!("consumers[{i}].failure"))?;
            match c.processing {
                Some(_) if c.processing_ms != Span::default() => {
                    return Err(format!("consumers[{i}].processing: give either processing or processing_ms, not both"))
                }
                Some(Processing::Uniform { min_ms, max_ms }) if min_ms > max_ms => {
                    return Err(format!("consumers[{i}].processing.min_ms: {min_ms} is above max_ms {max_ms}"))
                }
                Some(Processing::Exponential { mean_ms: 0 }) => {
                    return Err(format!("consumers[{i}].processing.mean_ms: must be > 0"))
                }
                _ => {}
            }
            if c.cache.is_some_and(|cache| cache.ttl_ms == 0) {
                return Err(format!("consumers[{i}].cache.ttl_ms: must be > 0"));
            }
            if let Some(lock) = &c.lock {
                if lock.key.is_empty() {
                    return Err(format!("consumers[{i}].lock.key: must not be empty"));
                }
                if lock.lease_ms == 0 {
                    return Err(format!("consumers[{i}].lock.lease_ms: must be > 0"));
                }
                if lock.retry_ms == 0 {
                    return Err(format!("consumers[{i}].lock.retry_ms: must be > 0"));
                }
            }
        }
        for (i, f) in self.faults.iter().enumerate() {
            if f.at_ms >= self.duration_ms {
                return Err(format!("faults[{i}].at_ms: {} is not before the end of the run (duration_ms {})", f.at_ms, self.duration_ms));
            }
            f.fault.check(self, &format!("faults[{i}].fault"))?;
        }
        if let Some(chaos) = &self.chaos {
            for kind in ChaosKind::ALL {
                if let Some(rate) = chaos.rates_per_s.get(kind) {
                    if !(rate > 0.0 && rate <= 1000.0) {
                        return Err(format!("chaos.rates_per_s.{}: must be > 0 and at most 1000", kind.name()));
                    }
                }
            }
            if chaos.end_ms.is_some_and(|end| end <= chaos.start_ms) {
                return Err("chaos.end_ms: must be after start_ms".into());
            }
            if chaos.delay_ms == 0 {
                return Err("chaos.delay_ms: must be > 0".into());
            }
            if chaos.node_down_ms == 0 {
                return Err("chaos.node_down_ms: must be > 0".into());
            }
            if chaos.partition_ms == 0 {
                return Err("chaos.partition_ms: must be > 0".into());
            }
            let nodes = self.node_names().len();
            for kind in [ChaosKind::KillNode, ChaosKind::StopNode, ChaosKind::Partition] {
                if chaos.rates_per_s.get(kind).is_some() && nodes < 2 {
                    return Err(format!("chaos.rates_per_s.{}: needs a cluster of at least 2 nodes", kind.name()));
                }
            }
        }
        Ok(())
    }
}

fn unique<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = std::collections::BTreeSet::new();
    for name in names {
        if !seen.insert(name) {
            return Err(format!("{what}: the name \"{name}\" is used twice"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DELAY_QUEUE: &str = r#"{
        "version": 1, "name": "delay queue", "seed": 7, "duration_ms": 60000,
        "exchanges": [{"name": "cancel.x", "type": "direct"}],
        "queues": [
            {"name": "delay.30s", "args": {"x-message-ttl": 30000, "x-dead-letter-exchange": "cancel.x", "x-dead-letter-routing-key": "cancel"}},
            {"name": "cancel"}
        ],
        "bindings": [{"source": "cancel.x", "dest": "cancel", "key": "cancel"}],
        "producers": [{"name": "orders", "exchange": "", "keys": ["delay.30s"], "interval_ms": 1000, "count": 5}],
        "consumers": [{"name": "canceller", "queue": "cancel", "prefetch": 1, "processing_ms": {"min": 10, "max": 20}}],
        "faults": [{"at_ms": 40000, "fault": {"kind": "crash_consumer", "consumer": "canceller"}}]
    }"#;

    #[test]
    fn a_valid_scenario_parses_and_round_trips() {
        let s = parse(DELAY_QUEUE).unwrap();
        assert_eq!((s.queues.len(), s.producers[0].count, s.consumers[0].prefetch), (2, Some(5), 1));
        let again = parse(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(s, again);
    }

    #[test]
    fn every_problem_names_its_field() {
        let cases = [
            (r#""version": 1"#, r#""version": 2"#, "version: this build reads version 1"),
            (r#""interval_ms": 1000"#, r#""interval_ms": 0"#, "producers[0].interval_ms: must be at least 1"),
            (r#""x-message-ttl": 30000"#, r#""x-message-ttl": -5"#, "queues[0].args:"),
            (r#""dest": "cancel""#, r#""dest": "nowhere""#, "bindings[0].dest: no queue named \"nowhere\""),
            (r#""x-dead-letter-exchange": "cancel.x""#, r#""x-dead-letter-exchange": "gone""#, "x-dead-letter-exchange: no exchange named \"gone\""),
            (r#""min": 10, "max": 20"#, r#""min": 30, "max": 20"#, "consumers[0].processing_ms: min 30 is above max 20"),
            (r#""consumer": "canceller"}"#, r#""consumer": "ghost"}"#, "faults[0].fault.consumer: no consumer named \"ghost\""),
            (r#""prefetch": 1"#, r#""prefetch": 1, "colour": "red""#, "colour"),
            (r#""source": "cancel.x""#, r#""source": """#, "bindings[0].source: the default exchange cannot be bound"),
            (r#""prefetch": 1"#, r#""prefetch": "one""#, "consumers[0].prefetch"),
            (r#""type": "direct"}"#, r#""type": "direct", "args": {"alternate-exchange": "nowhere"}}"#, "exchanges[0].args.alternate-exchange: no exchange named \"nowhere\""),
            (r#""name": "canceller""#, r#""name": " ""#, "consumers: every client needs a name"),
        ];
        for (from, to, needle) in cases {
            assert!(DELAY_QUEUE.contains(from), "{from}");
            let error = parse(&DELAY_QUEUE.replacen(from, to, 1)).unwrap_err();
            assert!(error.contains(needle), "{error:?} should contain {needle:?}");
        }
    }

    const CLIENTS: &str = r#"{
        "version": 1, "seed": 1, "duration_ms": 10000,
        "queues": [{"name": "q"}],
        "producers": [
            {"name": "a", "keys": ["q"], "interval_ms": 10},
            {"name": "b", "keys": ["q"], "rate_per_s": 100, "mode": "tx", "tx_batch": 5},
            {"name": "c", "keys": ["q"], "burst": {"size": 10, "at_ms": [100]}, "mode": "confirm", "confirm_timeout_ms": 50}
        ],
        "consumers": [
            {"name": "w", "queue": "q", "processing": {"dist": "exponential", "mean_ms": 20}, "lock": {"key": "k", "lease_ms": 100}}
        ],
        "stores": {"redis": {"latency_ms": 1}, "mysql": {"latency_ms": 4}},
        "faults": [{"at_ms": 500, "fault": {"kind": "delay_message", "client": "w", "delay_ms": 100}}],
        "chaos": {"rates_per_s": {"crash_consumer": 0.5}, "delay_ms": 100}
    }"#;

    #[test]
    fn client_fields_store_fields_and_chaos_parse_and_round_trip() {
        let s = parse(CLIENTS).unwrap();
        assert_eq!(s.producers[1].rate_per_s, Some(100));
        assert_eq!(s.consumers[0].lock.as_ref().map(|l| (l.lease_ms, l.retry_ms)), Some((100, 10)), "retry_ms defaults to 10");
        assert_eq!(s.chaos.as_ref().and_then(|c| c.mean_gap_us(ChaosKind::CrashConsumer)), Some(2_000_000));
        assert_eq!(parse(&serde_json::to_string(&s).unwrap()).unwrap(), s);
    }

    #[test]
    fn impossible_client_values_are_refused_naming_the_field() {
        let cases = [
            (r#""rate_per_s": 100"#, r#""rate_per_s": 0"#, "producers[1].rate_per_s: must be > 0"),
            (r#""rate_per_s": 100"#, r#""rate_per_s": 100, "interval_ms": 5"#, "producers[1]: give exactly one of interval_ms, rate_per_s and burst"),
            (r#""interval_ms": 10"#, r#""interval_ms": 0"#, "producers[0].interval_ms: must be at least 1"),
            (r#""size": 10"#, r#""size": 0"#, "producers[2].burst.size: must be > 0"),
            (r#""at_ms": [100]"#, r#""at_ms": [10000]"#, "producers[2].burst.at_ms: 10000 is not before the end of the run"),
            (r#""tx_batch": 5"#, r#""tx_batch": 0"#, "producers[1].tx_batch: must be at least 1"),
            (r#""interval_ms": 10"#, r#""interval_ms": 10, "tx_batch": 3"#, "producers[0].tx_batch: only meaningful with mode \"tx\""),
            (r#""tx_batch": 5"#, r#""tx_batch": 5, "tx_rollback": {"numerator": 3, "denominator": 2}"#, "producers[1].tx_rollback: 3/2 is not a probability"),
            (r#""confirm_timeout_ms": 50"#, r#""confirm_timeout_ms": 0"#, "producers[2].confirm_timeout_ms: must be > 0"),
            (r#""mean_ms": 20"#, r#""mean_ms": 0"#, "consumers[0].processing.mean_ms: must be > 0"),
            (r#""dist": "exponential", "mean_ms": 20"#, r#""dist": "uniform", "min_ms": 9, "max_ms": 3"#, "consumers[0].processing.min_ms: 9 is above max_ms 3"),
            (r#""dist": "exponential""#, r#""dist": "normal""#, "consumers[0].processing.dist: unknown variant `normal`"),
            (r#""lease_ms": 100"#, r#""lease_ms": 0"#, "consumers[0].lock.lease_ms: must be > 0"),
            (r#""key": "k""#, r#""key": """#, "consumers[0].lock.key: must not be empty"),
            (r#""queue": "q", "processing""#, r#""queue": "q", "processing_ms": {"min": 1, "max": 2}, "processing""#, "consumers[0].processing: give either processing or processing_ms"),
            (r#""latency_ms": 4"#, r#""latency_ms": 4, "size": 1"#, "stores.mysql.size: unknown field `size`"),
            (r#""client": "w""#, r#""client": "x""#, "faults[0].fault.client: no producer or consumer named \"x\""),
            (r#""delay_ms": 100}}"#, r#""delay_ms": 0}}"#, "faults[0].fault.delay_ms: must be > 0"),
            (r#""at_ms": 500"#, r#""at_ms": 20000"#, "faults[0].at_ms: 20000 is not before the end of the run"),
            (r#""crash_consumer": 0.5"#, r#""crash_consumer": 0"#, "chaos.rates_per_s.crash_consumer: must be > 0"),
            (r#""crash_consumer": 0.5"#, r#""crash_consumers": 0.5"#, "chaos.rates_per_s.crash_consumers: unknown field `crash_consumers`"),
            (r#""chaos": {"#, r#""chaos": {"end_ms": 0, "#, "chaos.end_ms: must be after start_ms"),
        ];
        for (from, to, needle) in cases {
            assert!(CLIENTS.contains(from), "{from}");
            let error = parse(&CLIENTS.replacen(from, to, 1)).unwrap_err();
            assert!(error.contains(needle), "{error:?} should contain {needle:?}");
        }
    }

    const CLUSTER: &str = r#"{
        "version": 1, "seed": 1, "duration_ms": 10000,
        "cluster": {"nodes": ["r1", "r2", "r3"], "partition_handling": "pause_minority"},
        "policies": [{"name": "ha", "pattern": "^ha", "definition": {"ha-mode": "all"}}],
        "queues": [{"name": "ha.q", "node": "r2"}],
        "producers": [{"name": "p", "keys": ["ha.q"], "interval_ms": 10, "node": "r3"}],
        "consumers": [{"name": "c", "queue": "ha.q", "node": "r1"}],
        "faults": [{"at_ms": 100, "fault": {"kind": "partition", "sides": [["r1"], ["r2", "r3"]]}},
                   {"at_ms": 200, "fault": {"kind": "kill_node", "node": "r2"}}],
        "chaos": {"rates_per_s": {"kill_node": 0.1}}
    }"#;

    #[test]
    fn cluster_fields_parse_and_impossible_ones_are_refused_naming_the_field() {
        let s = parse(CLUSTER).unwrap();
        assert_eq!(s.node_names(), ["r1", "r2", "r3"]);
        assert_eq!(parse(&serde_json::to_string(&s).unwrap()).unwrap(), s);
        let cases = [
            (r#""node": "r2"}"#, r#""node": "r9"}"#, "queues[0].node: no node named \"r9\" (the nodes are r1, r2, r3)"),
            (r#""node": "r3"}"#, r#""node": "x"}"#, "producers[0].node: no node named \"x\""),
            (r#""kind": "kill_node", "node": "r2""#, r#""kind": "kill_node", "node": "r4""#, "faults[1].fault.node: no node named \"r4\""),
            (r#"["r2", "r3"]]"#, r#"["r2", "r1"]]"#, "faults[0].fault.sides[1][1]: \"r1\" is on two sides"),
            (r#""nodes": ["r1", "r2", "r3"]"#, r#""nodes": ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"]"#, "cluster.nodes: a cluster has 1 to 7 nodes, not 8"),
            (r#""partition_handling": "pause_minority""#, r#""partition_handling": "pause""#, "cluster.partition_handling: unknown variant `pause`"),
            (r#"{"ha-mode": "all"}"#, r#"{"ha-mode": "some"}"#, "policies[0]: policy 'ha'"),
            (r#""pattern": "^ha""#, r#""pattern": "(""#, "policies[0]: policy 'ha': pattern '(' is not a regular expression"),
        ];
        for (from, to, needle) in cases {
            assert!(CLUSTER.contains(from), "{from}");
            let error = parse(&CLUSTER.replacen(from, to, 1)).unwrap_err();
            assert!(error.contains(needle), "{error:?} should contain {needle:?}");
        }
        let single = r#"{"version": 1, "duration_ms": 1000, "queues": [{"name": "q", "node": "rabbit"}],
            "chaos": {"rates_per_s": {"kill_node": 0.1}}}"#;
        let error = parse(single).unwrap_err();
        assert_eq!(error, "chaos.rates_per_s.kill_node: needs a cluster of at least 2 nodes");
    }
}
