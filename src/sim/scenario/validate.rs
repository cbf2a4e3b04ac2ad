//! Checks what the types cannot, one function per section: the header, the topology (names and
//! references, then the broker's own refusals on a fresh broker), the producers, the consumers,
//! the faults, chaos, and the limits on the work a run may ask for (`limits.rs`).

use super::limits::{self, *};
use super::*;
use crate::core::queue_config::QueueConfig;
use crate::core::rng::Ratio;
use crate::core::value::table_from_json;

pub(super) fn probability(r: Ratio, at: &str) -> Result<(), Invalid> {
    if r.denominator == 0 || r.numerator > r.denominator {
        return Err(Invalid::new(at, Why::NotProbability { numerator: r.numerator.into(), denominator: r.denominator.into() }));
    }
    Ok(())
}

/// A refusal at `at`.
fn no(at: impl Into<String>, why: Why) -> Result<(), Invalid> {
    Err(Invalid::new(at, why))
}

impl Scenario {
    /// Checks what the types cannot: versions, ranges, limits and references between entities;
    /// then declares the topology on a fresh broker, which has the last word. The refusal is
    /// data (the field and a reason), rendered in English by `Display` and per language by
    /// [`Invalid::render`].
    pub fn validate(&self) -> Result<(), Invalid> {
        self.check_header()?;
        self.check_names()?;
        self.check_topology()?;
        self.check_producers()?;
        self.check_consumers()?;
        self.check_services()?;
        self.check_faults()?;
        self.check_chaos()?;
        self.check_work()?;
        self.declare_topology(&mut self.new_broker()?)
    }

    fn check_header(&self) -> Result<(), Invalid> {
        if self.version != VERSION {
            return no("version", Why::Version { reads: VERSION, got: self.version });
        }
        if self.duration_ms == 0 {
            return no("duration_ms", Why::AtLeastOne);
        }
        limits::duration(self.duration_ms, "duration_ms")?;
        if let Some(cluster) = &self.cluster {
            cluster.validate().map_err(|e| Invalid::from_core("cluster", &e))?;
            cluster.nodes.iter().enumerate().try_for_each(|(i, n)| limits::name(n, &format!("cluster.nodes[{i}]")))?;
            if cluster.inter_node_latency_us > MAX_INTER_NODE_LATENCY_US {
                let why = Why::TooSlow { max_us: MAX_INTER_NODE_LATENCY_US, got: cluster.inter_node_latency_us };
                return no("cluster.inter_node_latency_us", why);
            }
            limits::duration(cluster.election_timeout_ms.1, "cluster.election_timeout_ms")?;
        }
        if self.network.client_latency_us > MAX_CLIENT_LATENCY_US {
            return no("network.client_latency_us", Why::TooSlow { max_us: MAX_CLIENT_LATENCY_US, got: self.network.client_latency_us });
        }
        limits::duration(self.stores.redis.latency_ms, "stores.redis.latency_ms")?;
        limits::duration(self.stores.mysql.latency_ms, "stores.mysql.latency_ms")?;
        Ok(())
    }

    /// Sizes and names: every list and every name within its limit, names unique.
    fn check_names(&self) -> Result<(), Invalid> {
        limits::count(self.exchanges.len(), MAX_ENTITIES, "exchanges")?;
        limits::count(self.queues.len(), MAX_ENTITIES, "queues")?;
        limits::count(self.bindings.len(), MAX_ENTITIES, "bindings")?;
        limits::count(self.policies.len(), MAX_ENTITIES, "policies")?;
        limits::count(self.producers.len() + self.consumers.len(), MAX_CLIENTS, "producers and consumers")?;
        limits::count(self.faults.len(), MAX_FAULTS, "faults")?;
        let names = self
            .exchanges
            .iter()
            .enumerate()
            .map(|(i, x)| (format!("exchanges[{i}].name"), x.name.as_str()))
            .chain(self.queues.iter().enumerate().map(|(i, q)| (format!("queues[{i}].name"), q.name.as_str())))
            .chain(self.bindings.iter().enumerate().map(|(i, b)| (format!("bindings[{i}].key"), b.key.as_str())))
            .chain(self.policies.iter().enumerate().map(|(i, p)| (format!("policies[{i}].name"), p.name.as_str())))
            .chain(self.producers.iter().enumerate().map(|(i, p)| (format!("producers[{i}].name"), p.name.as_str())))
            .chain(self.consumers.iter().enumerate().map(|(i, c)| (format!("consumers[{i}].name"), c.name.as_str())));
        for (at, name) in names {
            limits::name(name, &at)?;
        }
        for (what, name) in self.producers.iter().map(|p| ("producers", &p.name)).chain(self.consumers.iter().map(|c| ("consumers", &c.name))) {
            if name.trim().is_empty() {
                return no(what, Why::ClientNeedsName);
            }
        }
        unique("policies", self.policies.iter().map(|p| p.name.as_str()))?;
        unique("exchanges", self.exchanges.iter().map(|x| x.name.as_str()))?;
        unique("queues", self.queues.iter().map(|q| q.name.as_str()))?;
        unique("clients", self.producers.iter().map(|p| p.name.as_str()).chain(self.consumers.iter().map(|c| c.name.as_str())))
    }

    pub(super) fn exchange_exists(&self, name: &str) -> bool {
        name.is_empty() || name.starts_with("amq.") || self.exchanges.iter().any(|x| x.name == name)
    }

    fn queue_exists(&self, name: &str) -> bool {
        self.queues.iter().any(|q| q.name == name)
    }

    /// The topology's references (what RabbitMQ itself would accept but a scenario must not
    /// leave dangling: a dead-letter or alternate exchange, a binding's ends, a node).
    fn check_topology(&self) -> Result<(), Invalid> {
        for (i, p) in self.policies.iter().enumerate() {
            let definition = table_from_json(&p.definition).map_err(|e| Invalid::from_core(&format!("policies[{i}].definition"), &e))?;
            crate::core::cluster::policy::Policy::new(&p.name, &p.pattern, p.priority, &definition)
                .map_err(|e| Invalid::new(format!("policies[{i}]"), Why::Value { text: e.to_string() }))?;
        }
        for (i, q) in self.queues.iter().enumerate() {
            if let Some(node) = &q.node {
                self.check_node(node, &format!("queues[{i}].node"))?;
            }
        }
        for (i, x) in self.exchanges.iter().enumerate() {
            if !matches!(x.kind.as_str(), "direct" | "fanout" | "topic" | "headers") {
                return no(format!("exchanges[{i}].type"), Why::ExchangeType { got: x.kind.clone() });
            }
            if x.name.is_empty() || x.name.starts_with("amq.") {
                return no(format!("exchanges[{i}].name"), Why::Reserved { name: x.name.clone() });
            }
            let args = table_from_json(&x.args).map_err(|e| Invalid::from_core(&format!("exchanges[{i}].args"), &e))?;
            let at = || format!("exchanges[{i}].args.alternate-exchange");
            match args.get("alternate-exchange") {
                None => {}
                Some(crate::core::Value::Str(ae)) if self.exchange_exists(ae) && !ae.is_empty() => {}
                Some(crate::core::Value::Str(ae)) => return no(at(), Why::NoSuch { among: Among::Exchange, name: ae.to_string() }),
                Some(_) => return no(at(), Why::NotAnExchangeName),
            }
        }
        for (i, q) in self.queues.iter().enumerate() {
            if q.name.is_empty() || q.name.starts_with("amq.") {
                return no(format!("queues[{i}].name"), Why::EmptyOrReserved { name: q.name.clone() });
            }
            let args = table_from_json(&q.args).map_err(|e| Invalid::from_core(&format!("queues[{i}].args"), &e))?;
            QueueConfig::parse(&args).map_err(|e| Invalid::new(format!("queues[{i}].args"), Why::Value { text: e.text }))?;
            if let Some(dlx) = args.get("x-dead-letter-exchange").and_then(|v| v.as_str()) {
                if !self.exchange_exists(dlx) {
                    return no(format!("queues[{i}].args.x-dead-letter-exchange"), Why::NoSuch { among: Among::Exchange, name: dlx.to_string() });
                }
            }
        }
        for (i, b) in self.bindings.iter().enumerate() {
            if b.source.is_empty() {
                return no(format!("bindings[{i}].source"), Why::DefaultExchangeBound);
            }
            if !self.exchange_exists(&b.source) {
                return no(format!("bindings[{i}].source"), Why::NoSuch { among: Among::Exchange, name: b.source.clone() });
            }
            let dest_exists = if b.to_exchange { self.exchange_exists(&b.dest) && !b.dest.is_empty() } else { self.queue_exists(&b.dest) };
            if !dest_exists {
                let among = if b.to_exchange { Among::Exchange } else { Among::Queue };
                return no(format!("bindings[{i}].dest"), Why::NoSuch { among, name: b.dest.clone() });
            }
            table_from_json(&b.args).map_err(|e| Invalid::from_core(&format!("bindings[{i}].args"), &e))?;
        }
        Ok(())
    }

    fn check_producers(&self) -> Result<(), Invalid> {
        for (i, p) in self.producers.iter().enumerate() {
            let at = format!("producers[{i}]");
            if let Some(node) = &p.node {
                self.check_node(node, &format!("{at}.node"))?;
            }
            if !self.exchange_exists(&p.exchange) {
                return no(format!("{at}.exchange"), Why::NoSuch { among: Among::Exchange, name: p.exchange.clone() });
            }
            if p.keys.is_empty() {
                return no(format!("{at}.keys"), Why::NeedsRoutingKey);
            }
            limits::count(p.keys.len(), MAX_KEYS, &format!("{at}.keys"))?;
            p.keys.iter().enumerate().try_for_each(|(k, key)| limits::name(key, &format!("{at}.keys[{k}]")))?;
            match (p.interval_ms, p.rate_per_s, &p.burst) {
                (_, Some(0), _) => return no(format!("{at}.rate_per_s"), Why::Positive),
                (_, Some(r), _) if r > 1_000_000 => return no(format!("{at}.rate_per_s"), Why::RateTooHigh),
                (_, _, Some(b)) if b.size == 0 => return no(format!("{at}.burst.size"), Why::Positive),
                (_, _, Some(b)) if b.at_ms.is_empty() => return no(format!("{at}.burst.at_ms"), Why::NeedsTime),
                (0, None, None) => return no(format!("{at}.interval_ms"), Why::NeedsInterval),
                (0, Some(_), None) | (0, None, Some(_)) | (_, None, None) => {}
                _ => return no(at, Why::OneSchedule),
            }
            limits::duration(p.interval_ms, &format!("{at}.interval_ms"))?;
            limits::duration(p.start_ms, &format!("{at}.start_ms"))?;
            if let Some(b) = &p.burst {
                limits::count(b.at_ms.len(), MAX_FAULTS, &format!("{at}.burst.at_ms"))?;
                if let Some(t) = b.at_ms.iter().find(|t| **t >= self.duration_ms) {
                    return no(format!("{at}.burst.at_ms"), Why::AfterEnd { at: *t, duration_ms: self.duration_ms });
                }
            }
            if p.confirm_timeout_ms.is_some() && p.mode != PublishMode::Confirm {
                return no(format!("{at}.confirm_timeout_ms"), Why::OnlyWithMode { mode: "confirm" });
            }
            if p.confirm_timeout_ms == Some(0) {
                return no(format!("{at}.confirm_timeout_ms"), Why::Positive);
            }
            limits::duration(p.confirm_timeout_ms.unwrap_or(0), &format!("{at}.confirm_timeout_ms"))?;
            if p.tx_batch == 0 {
                return no(format!("{at}.tx_batch"), Why::AtLeastOne);
            }
            if p.tx_batch > MAX_TX_BATCH {
                return no(format!("{at}.tx_batch"), Why::AtMost { max: MAX_TX_BATCH.into(), got: p.tx_batch.into() });
            }
            if p.mode != PublishMode::Tx && (p.tx_batch != 1 || p.tx_rollback.numerator != 0) {
                let field = if p.tx_batch != 1 { "tx_batch" } else { "tx_rollback" };
                return no(format!("{at}.{field}"), Why::OnlyWithMode { mode: "tx" });
            }
            probability(p.tx_rollback, &format!("{at}.tx_rollback"))?;
            if p.expiration.as_deref().is_some_and(|e| e.parse::<u64>().is_err()) {
                return no(format!("{at}.expiration"), Why::NotIntegerString);
            }
            table_from_json(&p.headers).map_err(|e| Invalid::from_core(&format!("{at}.headers"), &e))?;
        }
        Ok(())
    }

    fn check_consumers(&self) -> Result<(), Invalid> {
        for (i, c) in self.consumers.iter().enumerate() {
            let at = format!("consumers[{i}]");
            if let Some(node) = &c.node {
                self.check_node(node, &format!("{at}.node"))?;
            }
            if !self.queue_exists(&c.queue) {
                return no(format!("{at}.queue"), Why::NoSuch { among: Among::Queue, name: c.queue.clone() });
            }
            if c.processing_ms.min > c.processing_ms.max {
                let why = Why::MinAboveMax { min: c.processing_ms.min, max: c.processing_ms.max, max_field: None };
                return no(format!("{at}.processing_ms"), why);
            }
            limits::duration(c.processing_ms.max, &format!("{at}.processing_ms.max"))?;
            limits::duration(c.start_ms, &format!("{at}.start_ms"))?;
            probability(c.failure, &format!("{at}.failure"))?;
            match c.processing {
                Some(_) if c.processing_ms != Span::default() => return no(format!("{at}.processing"), Why::ProcessingTwice),
                Some(Processing::Uniform { min_ms, max_ms }) if min_ms > max_ms => {
                    return no(format!("{at}.processing.min_ms"), Why::MinAboveMax { min: min_ms, max: max_ms, max_field: Some("max_ms") })
                }
                Some(Processing::Exponential { mean_ms: 0 }) => return no(format!("{at}.processing.mean_ms"), Why::Positive),
                Some(Processing::Fixed { ms }) => limits::duration(ms, &format!("{at}.processing.ms"))?,
                Some(Processing::Uniform { max_ms, .. }) => limits::duration(max_ms, &format!("{at}.processing.max_ms"))?,
                Some(Processing::Exponential { mean_ms }) => limits::duration(mean_ms, &format!("{at}.processing.mean_ms"))?,
                None => {}
            }
            if let Some(cache) = c.cache {
                if cache.ttl_ms == 0 {
                    return no(format!("{at}.cache.ttl_ms"), Why::Positive);
                }
                limits::duration(cache.ttl_ms, &format!("{at}.cache.ttl_ms"))?;
            }
            if let Some(lock) = &c.lock {
                if lock.key.is_empty() {
                    return no(format!("{at}.lock.key"), Why::Empty);
                }
                limits::name(&lock.key, &format!("{at}.lock.key"))?;
                if lock.lease_ms == 0 {
                    return no(format!("{at}.lock.lease_ms"), Why::Positive);
                }
                if lock.retry_ms == 0 {
                    return no(format!("{at}.lock.retry_ms"), Why::Positive);
                }
                limits::duration(lock.lease_ms, &format!("{at}.lock.lease_ms"))?;
                limits::duration(lock.retry_ms, &format!("{at}.lock.retry_ms"))?;
            }
        }
        Ok(())
    }

    fn check_faults(&self) -> Result<(), Invalid> {
        for (i, f) in self.faults.iter().enumerate() {
            if f.at_ms >= self.duration_ms {
                return no(format!("faults[{i}].at_ms"), Why::AfterEnd { at: f.at_ms, duration_ms: self.duration_ms });
            }
            f.fault.check(self, &format!("faults[{i}].fault"))?;
            if let Fault::DelayMessage { delay_ms, .. } = f.fault {
                limits::duration(delay_ms, &format!("faults[{i}].fault.delay_ms"))?;
            }
        }
        Ok(())
    }

    fn check_chaos(&self) -> Result<(), Invalid> {
        let Some(chaos) = &self.chaos else { return Ok(()) };
        let mut per_s = 0.0;
        for kind in FaultKind::chaos_kinds() {
            if let Some(rate) = chaos.rates_per_s.get(kind) {
                if !(rate > 0.0 && rate <= 1000.0) {
                    return no(format!("chaos.rates_per_s.{}", kind.name()), Why::ChaosRate);
                }
                per_s += rate;
            }
        }
        if chaos.end_ms.is_some_and(|end| end <= chaos.start_ms) {
            return no("chaos.end_ms", Why::EndBeforeStart);
        }
        for (ms, field) in [(chaos.delay_ms, "delay_ms"), (chaos.node_down_ms, "node_down_ms"), (chaos.partition_ms, "partition_ms")] {
            if ms == 0 {
                return no(format!("chaos.{field}"), Why::Positive);
            }
            limits::duration(ms, &format!("chaos.{field}"))?;
        }
        limits::duration(chaos.start_ms, "chaos.start_ms")?;
        let nodes = self.node_names().len();
        for kind in FaultKind::chaos_kinds().filter(|k| k.needs_cluster()) {
            if chaos.rates_per_s.get(kind).is_some() && nodes < 2 {
                return no(format!("chaos.rates_per_s.{}", kind.name()), Why::NeedsCluster);
            }
        }
        let end = chaos.end_ms.unwrap_or(self.duration_ms).min(self.duration_ms);
        let expected = per_s * end.saturating_sub(chaos.start_ms) as f64 / 1000.0;
        if expected > MAX_CHAOS_FAULTS as f64 {
            return no("chaos.rates_per_s", Why::TooManyChaosFaults { expected: expected.round() as u64, max: MAX_CHAOS_FAULTS });
        }
        Ok(())
    }

    /// The messages the schedules ask for, against [`MAX_MESSAGES`].
    fn check_work(&self) -> Result<(), Invalid> {
        let mut total = 0u64;
        for (i, p) in self.producers.iter().enumerate() {
            let planned = self.planned_messages(p);
            total = total.saturating_add(planned);
            if total > MAX_MESSAGES {
                return no(format!("producers[{i}]"), Why::TooManyMessages { total, max: MAX_MESSAGES });
            }
        }
        Ok(())
    }

    /// How many messages a producer's schedule publishes in the run (its `count` at most).
    pub fn planned_messages(&self, p: &ProducerSpec) -> u64 {
        let window_ms = self.duration_ms.saturating_sub(p.start_ms);
        let scheduled = match (&p.burst, p.rate_per_s) {
            (Some(b), _) => u64::from(b.size).saturating_mul(b.at_ms.len() as u64),
            (None, Some(rate)) => window_ms.saturating_mul(u64::from(rate)) / 1000 + 1,
            (None, None) => window_ms / p.interval_ms.max(1) + 1,
        };
        p.count.map_or(scheduled, |c| c.min(scheduled))
    }
}

/// The first name given twice is refused (the counts are checked first: at most 1,000 names, so a
/// sorted list is a set here, and no B-tree of `&str` is added to the page's wasm).
fn unique<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> Result<(), Invalid> {
    let mut seen = crate::ordered::SortedSet::new();
    for name in names {
        if !seen.insert(name) {
            return no(what, Why::Duplicate { name: name.to_string() });
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
        assert_eq!(s.chaos.as_ref().and_then(|c| c.mean_gap_us(FaultKind::CrashConsumer)), Some(2_000_000));
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
