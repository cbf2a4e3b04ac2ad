//! Queue policies (`rabbitmqctl set_policy --apply-to queues`): the `ha-*` keys that make a
//! classic queue mirrored. A policy applies to the queues declared after it whose name its
//! pattern (a regular expression) matches; of several, the highest priority wins.

use regex_lite::Regex;

use super::super::value::{Table, Value};
use super::Cluster;
use crate::core::ids::NodeId;

#[derive(Clone, Debug)]
pub struct Policy {
    pub name: String,
    pub pattern: Regex,
    pub priority: i64,
    pub ha: HaPolicy,
}

impl PartialEq for Policy {
    fn eq(&self, other: &Policy) -> bool {
        self.name == other.name && self.pattern.as_str() == other.pattern.as_str() && self.priority == other.priority && self.ha == other.ha
    }
}
impl Eq for Policy {}

/// Which nodes hold a replica (leader included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HaMode {
    All,
    /// That many replicas in total; every node when there are fewer nodes.
    Exactly(u32),
    /// The named nodes.
    Nodes(Vec<String>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Promote {
    /// An unsynchronised mirror may be promoted.
    Always,
    /// Only a synchronised mirror; otherwise the queue waits for its leader.
    #[default]
    WhenSynced,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HaPolicy {
    pub mode: HaMode,
    /// `ha-sync-mode: automatic`: a new mirror is synchronised at once (the default, `manual`,
    /// leaves it without the messages published before it joined).
    pub automatic_sync: bool,
    /// `ha-promote-on-failure` (default `always`).
    pub on_failure: Promote,
    /// `ha-promote-on-shutdown` (default `when-synced`).
    pub on_shutdown: Promote,
}

fn bad(key: &str, value: &Value) -> String {
    format!("policy definition: invalid value {value:?} for '{key}'")
}

impl HaPolicy {
    /// Reads the `ha-*` keys of a policy definition. Other keys are refused by name, so a
    /// policy never silently does less than it says.
    pub fn parse(definition: &Table) -> Result<HaPolicy, String> {
        for key in definition.keys() {
            if !matches!(key.as_str(), "ha-mode" | "ha-params" | "ha-sync-mode" | "ha-promote-on-failure" | "ha-promote-on-shutdown") {
                return Err(format!("policy definition: '{key}' is not simulated (only the ha-* keys are)"));
            }
        }
        let mode = match (definition.get("ha-mode"), definition.get("ha-params")) {
            (Some(Value::Str(m)), None) if m == "all" => HaMode::All,
            (Some(Value::Str(m)), Some(Value::Int(n))) if m == "exactly" && *n >= 1 => HaMode::Exactly(*n as u32),
            (Some(Value::Str(m)), Some(params @ Value::Array(names))) if m == "nodes" => HaMode::Nodes(
                names.iter().map(|n| n.as_str().map(str::to_string).ok_or_else(|| bad("ha-params", params))).collect::<Result<_, _>>()?,
            ),
            (Some(Value::Str(m)), params) if matches!(m.as_str(), "exactly" | "nodes") => {
                return Err(format!("policy definition: ha-mode '{m}' needs a valid 'ha-params' (got {params:?})"))
            }
            (Some(other), _) => return Err(bad("ha-mode", other)),
            (None, _) => return Err("policy definition: 'ha-mode' is missing".into()),
        };
        let promote = |key: &str, default: Promote| match definition.get(key) {
            None => Ok(default),
            Some(Value::Str(s)) if s == "always" => Ok(Promote::Always),
            Some(Value::Str(s)) if s == "when-synced" => Ok(Promote::WhenSynced),
            Some(other) => Err(bad(key, other)),
        };
        let automatic_sync = match definition.get("ha-sync-mode") {
            None => false,
            Some(Value::Str(s)) if s == "manual" => false,
            Some(Value::Str(s)) if s == "automatic" => true,
            Some(other) => return Err(bad("ha-sync-mode", other)),
        };
        Ok(HaPolicy {
            mode,
            automatic_sync,
            on_failure: promote("ha-promote-on-failure", Promote::Always)?,
            on_shutdown: promote("ha-promote-on-shutdown", Promote::WhenSynced)?,
        })
    }

    /// Does this policy want a replica on `node`, given the replicas it already has?
    pub fn wants(&self, cluster: &Cluster, node: NodeId, replicas: usize) -> bool {
        match &self.mode {
            HaMode::All => true,
            HaMode::Exactly(n) => replicas < *n as usize,
            HaMode::Nodes(names) => {
                let name = cluster.display_name(node);
                let short = cluster.node(node).map_or("", |n| &*n.name);
                names.iter().any(|n| *n == name || n == short)
            }
        }
    }
}

impl Policy {
    pub fn new(name: &str, pattern: &str, priority: i64, definition: &Table) -> Result<Policy, String> {
        let regex = Regex::new(pattern).map_err(|e| format!("policy '{name}': pattern '{pattern}' is not a regular expression: {e}"))?;
        let ha = HaPolicy::parse(definition).map_err(|e| format!("policy '{name}': {e}"))?;
        Ok(Policy { name: name.to_string(), pattern: regex, priority, ha })
    }
}

impl Cluster {
    /// The policy that applies to a queue of this name: the highest priority, then the first set.
    pub fn policy_for(&self, queue: &str) -> Option<&Policy> {
        let mut best: Option<&Policy> = None;
        for p in self.policies.iter().filter(|p| p.pattern.is_match(queue)) {
            if best.is_none_or(|b| p.priority > b.priority) {
                best = Some(p);
            }
        }
        best
    }
}
