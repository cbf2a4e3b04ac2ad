//! The scenario-wide fields: title, seed, duration, the fault schedule, store latencies and
//! chaos.

use super::text::*;
use super::Field;
use crate::sim::scenario::{self, ChaosRates, ChaosSpec, Fault, FaultTarget as Aim, Scenario};
use crate::ui::model::edit::Problem;

/// The text a scenario-wide field shows.
pub(super) fn get(s: &Scenario, field: &Field) -> String {
    use Field::*;
    match field {
        Title => s.name.clone(),
        Description => s.description.clone(),
        TitleZh => s.zh.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
        DescriptionZh => s.zh.as_ref().map(|t| t.description.clone()).unwrap_or_default(),
        Seed => s.seed.to_string(),
        Duration => s.duration_ms.to_string(),
        FaultAt(i) => opt(s.faults.get(*i).map(|f| f.at_ms)),
        FaultKind(i) => s.faults.get(*i).map(|f| f.fault.kind().name().to_string()).unwrap_or_default(),
        FaultTarget(i) => s.faults.get(*i).and_then(|f| f.fault.aim()).unwrap_or_default().to_string(),
        FaultDelay(i) => match s.faults.get(*i).map(|f| &f.fault) {
            Some(Fault::DelayMessage { delay_ms, .. }) => delay_ms.to_string(),
            _ => String::new(),
        },
        RedisLatency => s.stores.redis.latency_ms.to_string(),
        MysqlLatency => s.stores.mysql.latency_ms.to_string(),
        Chaos => s.chaos.is_some().to_string(),
        ChaosStart => opt(s.chaos.as_ref().map(|c| c.start_ms)),
        ChaosEnd => opt(s.chaos.as_ref().and_then(|c| c.end_ms)),
        ChaosDelay => opt(s.chaos.as_ref().map(|c| c.delay_ms)),
        ChaosRate(k) => opt(s.chaos.as_ref().and_then(|c| c.rates_per_s.get(*k))),
        _ => String::new(),
    }
}

pub(super) fn set(s: &mut Scenario, field: &Field, v: &str) -> Result<(), Problem> {
    use Field::*;
    match field {
        Title => s.name = v.into(),
        Description => s.description = v.into(),
        TitleZh | DescriptionZh => {
            let texts = s.zh.get_or_insert_with(Default::default);
            if *field == TitleZh {
                texts.name = v.into();
            } else {
                texts.description = v.into();
            }
            // No Chinese texts at all: no `zh` object in the file.
            if texts.name.is_empty() && texts.description.is_empty() {
                s.zh = None;
            }
        }
        Seed => s.seed = whole(v)?,
        Duration => s.duration_ms = whole(v)?,
        FaultAt(i) => {
            let at = whole(v)?;
            if let Some(f) = s.faults.get_mut(*i) {
                f.at_ms = at;
            }
        }
        FaultKind(i) | FaultTarget(i) => {
            let Some(f) = s.faults.get(*i) else { return Ok(()) };
            let (mut kind, mut target) = (f.fault.kind(), f.fault.aim().unwrap_or_default().to_string());
            let delay_ms = match f.fault {
                Fault::DelayMessage { delay_ms, .. } => delay_ms,
                _ => 100,
            };
            if *field == FaultKind(*i) {
                kind = scenario::FaultKind::named(v)
                    .ok_or_else(|| Problem::Invalid(format!("faults[{i}].fault.kind: no fault kind \"{v}\"")))?;
                let fits = fault_targets(s, kind);
                if !fits.contains(&target) {
                    target = fits.first().cloned().unwrap_or_default();
                }
            } else {
                target = v.to_string();
            }
            let fault = match (&s.faults[*i].fault, kind.target()) {
                // A partition's sides are edited in the cluster panel: keep them.
                (f @ Fault::Partition { .. }, Aim::Nodes) => f.clone(),
                (_, Aim::Nodes) => kind.make(&crate::ui::model::cluster::nodes(s).into_iter().take(1).collect::<Vec<_>>(), delay_ms),
                _ => kind.make(&[target], delay_ms),
            };
            s.faults[*i].fault = fault;
        }
        FaultDelay(i) => {
            let ms = whole(v)?;
            if let Some(Fault::DelayMessage { delay_ms, .. }) = s.faults.get_mut(*i).map(|f| &mut f.fault) {
                *delay_ms = ms;
            }
        }
        RedisLatency => s.stores.redis.latency_ms = whole(v)?,
        MysqlLatency => s.stores.mysql.latency_ms = whole(v)?,
        Chaos => s.chaos = flag(v).then(default_chaos),
        ChaosStart | ChaosEnd | ChaosDelay | ChaosRate(_) => {
            let Some(chaos) = &mut s.chaos else { return Ok(()) };
            match field {
                ChaosStart => chaos.start_ms = whole(v)?,
                ChaosEnd => chaos.end_ms = optional_whole(v)?,
                ChaosDelay => chaos.delay_ms = whole(v)?,
                ChaosRate(k) => chaos.rates_per_s.set(*k, rate(v)?),
                _ => {}
            }
        }
        _ => {}
    }
    Ok(())
}

/// The names a fault of this kind can aim at, in scenario order (none: it has no single target).
pub fn fault_targets(s: &Scenario, kind: scenario::FaultKind) -> Vec<String> {
    let producers = s.producers.iter().map(|p| p.name.clone());
    let consumers = s.consumers.iter().map(|c| c.name.clone());
    match kind.target() {
        Aim::Consumer => consumers.collect(),
        Aim::Producer => producers.collect(),
        Aim::Client => producers.chain(consumers).collect(),
        Aim::Node => crate::ui::model::cluster::nodes(s),
        Aim::Nodes | Aim::None => vec![],
    }
}

/// Chaos as it is switched on: a lost ack now and then, the rest up to the user.
fn default_chaos() -> ChaosSpec {
    ChaosSpec {
        start_ms: 0,
        end_ms: None,
        rates_per_s: ChaosRates::from([(scenario::FaultKind::LoseNextAck, 0.2)]),
        delay_ms: 100,
        node_down_ms: 5000,
        partition_ms: 5000,
    }
}

/// A rate per second: empty is "never"; the range is the scenario's to check.
fn rate(v: &str) -> Result<Option<f64>, Problem> {
    let v = v.trim();
    if v.is_empty() {
        return Ok(None);
    }
    v.parse::<f64>().map(Some).map_err(|_| Problem::NotNumber)
}
