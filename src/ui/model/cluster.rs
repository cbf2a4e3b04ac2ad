//! The cluster in the editor: broker nodes, where queues and clients live, the queue type
//! (classic, mirrored through a per-queue policy, quorum through `x-queue-type`), the cluster's
//! profile and partition handling, and the chaos switch with its rates. Like every edit, these
//! produce a candidate scenario that the reducer validates; the refusals that `validate()` does
//! not know (mirrored under 4.x, a node still in use) are checked here.

use serde_json::{json, Map, Value as Json};

use super::edit::Problem;
use super::entity::{Item, Kind};
use crate::core::cluster::{Profile, MAX_NODES};
use crate::sim::scenario::write::Pretty;
use crate::sim::scenario::{ClusterSpec, Fault, FaultTarget, PolicySpec, Scenario};

/// The one node of a scenario without a `cluster` block.
pub const SINGLE: &str = "rabbit";

/// A cluster field of the property panel.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ClusterField {
    /// The node a queue is declared on, or a producer or consumer connects to ("" = the first).
    Node,
    /// `classic` / `mirrored` / `quorum`.
    QueueType,
    /// A mirrored queue's `ha-sync-mode` (`manual` / `automatic`).
    SyncMode,
    /// `3.x` / `4.x`.
    Profile,
    /// `ignore` / `pause_minority` / `autoheal`.
    PartitionHandling,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueueType {
    Classic,
    Mirrored,
    Quorum,
}

impl QueueType {
    pub const ALL: [QueueType; 3] = [QueueType::Classic, QueueType::Mirrored, QueueType::Quorum];

    pub fn id(self) -> &'static str {
        match self {
            QueueType::Classic => "classic",
            QueueType::Mirrored => "mirrored",
            QueueType::Quorum => "quorum",
        }
    }
}

/// The scenario's node names (one, `rabbit`, without a cluster).
pub fn nodes(s: &Scenario) -> Vec<String> {
    s.cluster.as_ref().map_or_else(|| vec![SINGLE.to_string()], |c| c.nodes.clone())
}

fn profile(s: &Scenario) -> Profile {
    s.cluster.as_ref().map_or(Profile::V3, |c| c.profile)
}

/// The name of the policy the editor keeps for a mirrored queue.
pub fn policy_name(queue: &str) -> String {
    format!("ha-{queue}")
}

/// A queue name as a regular expression that matches it literally (a `-` stays as it is, for
/// readable patterns like `^order-events$`).
fn escape(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if "\\.+*?()|[]{}^$".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The policy that applies to a queue (the highest priority, then the first), if it has `ha-mode`.
fn mirroring_policy<'a>(s: &'a Scenario, queue: &str) -> Option<&'a PolicySpec> {
    let mut best: Option<&PolicySpec> = None;
    for p in &s.policies {
        let Ok(pattern) = regex_lite::Regex::new(&p.pattern) else { continue };
        if pattern.is_match(queue) && best.is_none_or(|b| p.priority > b.priority) {
            best = Some(p);
        }
    }
    best.filter(|p| p.definition.contains_key("ha-mode"))
}

pub fn queue_type(s: &Scenario, queue: &str) -> QueueType {
    let Some(q) = s.queues.iter().find(|q| q.name == queue) else { return QueueType::Classic };
    if q.args.get("x-queue-type").and_then(Json::as_str) == Some("quorum") {
        QueueType::Quorum
    } else if profile(s) == Profile::V3 && mirroring_policy(s, queue).is_some() {
        QueueType::Mirrored
    } else {
        QueueType::Classic
    }
}

/// The text a cluster field shows.
pub fn get(s: &Scenario, item: &Item, field: &ClusterField) -> String {
    use ClusterField::*;
    match (item, field) {
        (Item::Node(n), Node) => match n.kind {
            Kind::Queue => s.queues.iter().find(|q| q.name == n.name).and_then(|q| q.node.clone()),
            Kind::Producer => s.producers.iter().find(|p| p.name == n.name).and_then(|p| p.node.clone()),
            Kind::Consumer => s.consumers.iter().find(|c| c.name == n.name).and_then(|c| c.node.clone()),
            Kind::Exchange => None,
        }
        .unwrap_or_else(|| nodes(s)[0].clone()),
        (Item::Node(n), QueueType) => queue_type(s, &n.name).id().into(),
        (Item::Node(n), SyncMode) => mirroring_policy(s, &n.name)
            .and_then(|p| p.definition.get("ha-sync-mode"))
            .and_then(Json::as_str)
            .unwrap_or("manual")
            .into(),
        (Item::Scenario, Profile) => s.cluster.as_ref().map(|c| c.profile.name().to_string()).unwrap_or_default(),
        (Item::Scenario, PartitionHandling) => {
            s.cluster.as_ref().map(|c| c.partition_handling.name().to_string()).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// Writes a cluster field.
pub fn set(s: &mut Scenario, item: &Item, field: &ClusterField, v: &str) -> Result<(), Problem> {
    use ClusterField::*;
    let v = v.trim();
    match (item, field) {
        (Item::Node(n), Node) => {
            if !nodes(s).iter().any(|name| name == v) {
                return Err(Problem::NoSuchNode(v.into()));
            }
            let node = Some(v.to_string());
            match n.kind {
                Kind::Queue => s.queues.iter_mut().filter(|q| q.name == n.name).for_each(|q| q.node = node.clone()),
                Kind::Producer => s.producers.iter_mut().filter(|p| p.name == n.name).for_each(|p| p.node = node.clone()),
                Kind::Consumer => s.consumers.iter_mut().filter(|c| c.name == n.name).for_each(|c| c.node = node.clone()),
                Kind::Exchange => {}
            }
        }
        (Item::Node(n), QueueType) => set_queue_type(s, &n.name, v)?,
        (Item::Node(n), SyncMode) => {
            if v != "manual" && v != "automatic" {
                return Err(Problem::Invalid(format!("ha-sync-mode: '{v}' is not manual or automatic")));
            }
            let Some(name) = mirroring_policy(s, &n.name).map(|p| p.name.clone()) else { return Ok(()) };
            if let Some(p) = s.policies.iter_mut().find(|p| p.name == name) {
                p.definition.insert("ha-sync-mode".into(), json!(v));
            }
        }
        (Item::Scenario, Profile) => {
            let profile: crate::core::cluster::Profile =
                serde_json::from_value(json!(v)).map_err(|_| Problem::Invalid(format!("profile: '{v}'")))?;
            if let Some(c) = &mut s.cluster {
                c.profile = profile;
            }
        }
        (Item::Scenario, PartitionHandling) => {
            let handling = serde_json::from_value(json!(v)).map_err(|_| Problem::Invalid(format!("partition_handling: '{v}'")))?;
            if let Some(c) = &mut s.cluster {
                c.partition_handling = handling;
            }
        }
        _ => {}
    }
    Ok(())
}

fn set_queue_type(s: &mut Scenario, queue: &str, v: &str) -> Result<(), Problem> {
    let policy = policy_name(queue);
    let Some(index) = s.queues.iter().position(|q| q.name == queue) else { return Ok(()) };
    match v {
        "classic" | "quorum" => {
            s.policies.retain(|p| p.name != policy);
            let args = &mut s.queues[index].args;
            if v == "quorum" {
                args.insert("x-queue-type".into(), json!("quorum"));
            } else {
                args.remove("x-queue-type");
            }
            if v == "classic" {
                if let Some(other) = mirroring_policy(s, queue) {
                    return Err(Problem::MirroredByPolicy(other.name.clone()));
                }
            }
        }
        "mirrored" => {
            s.queues[index].args.remove("x-queue-type");
            if mirroring_policy(s, queue).is_none() {
                let mut definition = Map::new();
                definition.insert("ha-mode".into(), json!("all"));
                definition.insert("ha-sync-mode".into(), json!("manual"));
                s.policies.push(PolicySpec { name: policy, pattern: format!("^{}$", escape(queue)), priority: 0, definition });
            }
        }
        other => return Err(Problem::Invalid(format!("queue type: '{other}'"))),
    }
    Ok(())
}

/// A new node, `rabbitN` with the first free N; the first one added makes a cluster of two
/// (the single node `rabbit` becomes `rabbit1`, and what named it follows).
pub fn add_node(s: &mut Scenario) -> Result<String, Problem> {
    let Some(cluster) = &mut s.cluster else {
        for q in &mut s.queues {
            rename_single(&mut q.node);
        }
        for p in &mut s.producers {
            rename_single(&mut p.node);
        }
        for c in &mut s.consumers {
            rename_single(&mut c.node);
        }
        s.cluster = Some(ClusterSpec::of(&["rabbit1", "rabbit2"]));
        return Ok("rabbit2".into());
    };
    if cluster.nodes.len() >= MAX_NODES {
        return Err(Problem::TooManyNodes);
    }
    let name = (1..).map(|n| format!("rabbit{n}")).find(|n| !cluster.nodes.contains(n)).expect("names are unbounded");
    cluster.nodes.push(name.clone());
    Ok(name)
}

fn rename_single(node: &mut Option<String>) {
    if node.as_deref() == Some(SINGLE) {
        *node = Some("rabbit1".into());
    }
}

/// What still names a node (a queue, a client, a policy, a scheduled fault), if anything.
pub fn user_of(s: &Scenario, node: &str) -> Option<String> {
    let is = |n: &Option<String>| n.as_deref() == Some(node);
    if let Some(q) = s.queues.iter().find(|q| is(&q.node)) {
        return Some(q.name.clone());
    }
    if let Some(p) = s.producers.iter().find(|p| is(&p.node)) {
        return Some(p.name.clone());
    }
    if let Some(c) = s.consumers.iter().find(|c| is(&c.node)) {
        return Some(c.name.clone());
    }
    if let Some(p) = s.policies.iter().find(|p| p.definition.get("ha-params").is_some_and(|v| Pretty::compact(v).contains(&format!("\"{node}\"")))) {
        return Some(p.name.clone());
    }
    s.faults.iter().find(|f| fault_names(&f.fault, node)).map(|f| format!("{} ms", f.at_ms))
}

fn fault_names(f: &Fault, node: &str) -> bool {
    match (f.kind().target(), f) {
        (FaultTarget::Node, f) => f.aim() == Some(node),
        (FaultTarget::Nodes, Fault::Partition { sides }) => sides.iter().flatten().any(|n| n == node),
        _ => false,
    }
}

/// Removes a node nobody uses; the cluster keeps at least one.
pub fn remove_node(s: &mut Scenario, node: &str) -> Result<(), Problem> {
    let Some(cluster) = &s.cluster else { return Err(Problem::NoSuchNode(node.into())) };
    if !cluster.nodes.iter().any(|n| n == node) {
        return Err(Problem::NoSuchNode(node.into()));
    }
    if cluster.nodes.len() == 1 {
        return Err(Problem::LastNode);
    }
    if let Some(user) = user_of(s, node) {
        return Err(Problem::NodeInUse(node.into(), user));
    }
    if let Some(c) = &mut s.cluster {
        c.nodes.retain(|n| n != node);
    }
    if nodes(s).len() < 2 {
        if let Some(chaos) = &mut s.chaos {
            chaos.rates_per_s.retain(|kind| !kind.needs_cluster());
        }
    }
    Ok(())
}

/// Keeps a mirrored queue's own policy in step with a rename.
pub fn rename_queue(s: &mut Scenario, old: &str, new: &str) {
    let name = policy_name(old);
    if let Some(p) = s.policies.iter_mut().find(|p| p.name == name) {
        p.name = policy_name(new);
        p.pattern = format!("^{}$", escape(new));
    }
}

/// Drops a deleted queue's own policy.
pub fn forget_queue(s: &mut Scenario, queue: &str) {
    let name = policy_name(queue);
    s.policies.retain(|p| p.name != name);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::parse;

    fn three() -> Scenario {
        parse(r#"{"version": 1, "duration_ms": 1000, "cluster": {"nodes": ["rabbit1", "rabbit2", "rabbit3"]},
            "queues": [{"name": "q", "node": "rabbit2"}, {"name": "r"}]}"#)
        .unwrap()
    }

    #[test]
    fn mirrored_is_a_per_queue_policy_and_quorum_an_argument() {
        let mut s = three();
        let q = Item::node(Kind::Queue, "q");
        set(&mut s, &q, &ClusterField::QueueType, "mirrored").unwrap();
        assert_eq!(s.policies[0].pattern, "^q$");
        assert_eq!(s.policies[0].definition["ha-mode"], "all");
        assert_eq!(queue_type(&s, "q"), QueueType::Mirrored);
        assert_eq!(queue_type(&s, "r"), QueueType::Classic, "the pattern is anchored");
        assert_eq!(escape("a.b-c"), "a\\.b-c");
        set(&mut s, &q, &ClusterField::SyncMode, "automatic").unwrap();
        assert_eq!(get(&s, &q, &ClusterField::SyncMode), "automatic");
        set(&mut s, &q, &ClusterField::QueueType, "quorum").unwrap();
        assert!(s.policies.is_empty());
        assert_eq!(s.queues[0].args["x-queue-type"], "quorum");
        s.validate().unwrap();
    }

    #[test]
    fn mirrored_under_4x_and_a_node_in_use_are_refused() {
        let mut s = three();
        set(&mut s, &Item::node(Kind::Queue, "q"), &ClusterField::QueueType, "mirrored").unwrap();
        // The panel holds no broker rule: the scenario's validation (the broker) refuses it.
        let mut under_4x = s.clone();
        set(&mut under_4x, &Item::Scenario, &ClusterField::Profile, "4.x").unwrap();
        let error = under_4x.validate().unwrap_err();
        assert!(error.to_string().contains("'ha-mode' is not a policy key in RabbitMQ 4.x"), "{error}");
        assert_eq!(remove_node(&mut s, "rabbit2"), Err(Problem::NodeInUse("rabbit2".into(), "q".into())));
        remove_node(&mut s, "rabbit3").unwrap();
        assert_eq!(nodes(&s), ["rabbit1", "rabbit2"]);
        assert_eq!(
            set(&mut s, &Item::node(Kind::Queue, "r"), &ClusterField::Node, "rabbit9"),
            Err(Problem::NoSuchNode("rabbit9".into()))
        );
    }

    #[test]
    fn a_scheduled_fault_can_be_a_node_fault_and_targets_a_node() {
        use crate::ui::model::fields::{self, Field};
        let mut s = three();
        s.faults.push(crate::sim::scenario::ScheduledFault { at_ms: 500, fault: Fault::RestartBroker });
        fields::set(&mut s, &Item::Scenario, &Field::FaultKind(0), "kill_node").unwrap();
        assert_eq!(s.faults[0].fault, Fault::KillNode { node: "rabbit1".into() });
        fields::set(&mut s, &Item::Scenario, &Field::FaultTarget(0), "rabbit3").unwrap();
        fields::set(&mut s, &Item::Scenario, &Field::FaultKind(0), "start_node").unwrap();
        assert_eq!(s.faults[0].fault, Fault::StartNode { node: "rabbit3".into() }, "the node is kept");
        s.validate().unwrap();
        assert_eq!(remove_node(&mut s, "rabbit3"), Err(Problem::NodeInUse("rabbit3".into(), "500 ms".into())));
    }

    #[test]
    fn each_node_frames_its_queues_and_empty_nodes_stack_below() {
        use crate::ui::model::layout::{node_frames, Placed, Point, Rect, NODE_H, NODE_W};
        let mut s = three();
        s.queues.push(crate::sim::scenario::QueueSpec { node: Some("rabbit2".into()), ..crate::sim::scenario::QueueSpec::new("t") });
        let at = |name: &str, x, y| Placed { node: crate::ui::model::NodeRef::new(Kind::Queue, name), at: Point::new(x, y) };
        let placed = [at("q", 400.0, 100.0), at("r", 400.0, 300.0), at("t", 400.0, 200.0)];
        let f = node_frames(&s, &placed);
        assert_eq!(f.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(), ["rabbit1", "rabbit2", "rabbit3"]);
        let inside = |r: &Rect, p: &Placed| r.min.x < p.at.x && r.min.y < p.at.y && r.max.x > p.at.x + NODE_W && r.max.y > p.at.y + NODE_H;
        assert!(inside(&f[0].1, &placed[1]), "r is on the first node by default");
        assert!(inside(&f[1].1, &placed[0]) && inside(&f[1].1, &placed[2]) && !inside(&f[1].1, &placed[1]));
        assert!(f[2].1.min.y > f[0].1.max.y && f[2].1.min.y > f[1].1.max.y, "rabbit3 has no queue: under the others");
        s.cluster = None;
        assert!(node_frames(&s, &placed).is_empty());
    }

    #[test]
    fn the_first_node_added_makes_a_cluster_of_two_and_the_eighth_is_refused() {
        let mut s = parse(r#"{"version": 1, "duration_ms": 1000, "queues": [{"name": "q", "node": "rabbit"}]}"#).unwrap();
        assert_eq!(add_node(&mut s).unwrap(), "rabbit2");
        assert_eq!(s.queues[0].node.as_deref(), Some("rabbit1"));
        s.validate().unwrap();
        for _ in 0..5 {
            add_node(&mut s).unwrap();
        }
        assert_eq!(nodes(&s).len(), 7);
        assert_eq!(add_node(&mut s), Err(Problem::TooManyNodes));
    }
}
