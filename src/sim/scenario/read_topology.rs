//! Reading the core's topology specs (exchanges, queues, bindings, policies, the cluster) by
//! hand with the scenario's record reader (`read.rs`), instead of serde's derive: a scenario
//! and a client script (`script/format.rs`: its `declare`, `policies` and declaring steps) read
//! them alike. The messages, and where they are reported, are the derive's: checked against the
//! derive, kept in the tests, on the specs of every shipped scenario and client script and on
//! their mutants. As for every record of `read.rs`, a spec written as an array of its fields'
//! values (which neither format documents) is refused by name.

use serde_json::Map;

use super::read::{read_record, required};
use super::{BindingSpec, ExchangeSpec, PolicySpec, QueueSpec};
// By its own name, which the messages give (`expected struct ClusterConfig`).
use crate::core::cluster::{default_election_timeout, ClusterConfig, PartitionHandling, Profile};

read_record!(ExchangeSpec {
    name: required!(name),
    kind as "type": required!("type"),
    durable: true,
    auto_delete: false,
    internal: false,
    args: Map::new(),
});

read_record!(QueueSpec {
    name: required!(name),
    durable: true,
    exclusive: false,
    auto_delete: false,
    passive: false,
    node: None,
    args: Map::new(),
});

read_record!(BindingSpec {
    source: required!(source),
    dest: required!(dest),
    key: String::new(),
    args: Map::new(),
    to_exchange: false,
});

read_record!(PolicySpec {
    name: required!(name),
    pattern: required!(pattern),
    priority: 0,
    definition: required!(definition),
});

read_record!(ClusterConfig {
    nodes: required!(nodes),
    profile: Profile::default(),
    partition_handling: PartitionHandling::default(),
    inter_node_latency_us: 0,
    election_timeout_ms: default_election_timeout(),
});

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::Value as Json;

    use super::super::mutants::{json_files, mutants};
    use super::super::read::tests::same_as;
    use crate::sim::scenario::{BindingSpec, ClusterSpec, ExchangeSpec, PolicySpec, QueueSpec};

    /// The specs as serde's derive read them before (named and laid out alike: the derive's
    /// messages name the type, and their Debug texts are compared).
    #[allow(dead_code)] // Their fields are read through Debug only.
    pub(crate) mod derived {
        use crate::core::cluster::{PartitionHandling, Profile};
        use serde::Deserialize;
        use serde_json::{Map, Value as Json};

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ExchangeSpec {
            pub name: String,
            #[serde(rename = "type")]
            pub kind: String,
            #[serde(default = "yes")]
            pub durable: bool,
            #[serde(default)]
            pub auto_delete: bool,
            #[serde(default)]
            pub internal: bool,
            #[serde(default)]
            pub args: Map<String, Json>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct QueueSpec {
            pub name: String,
            #[serde(default = "yes")]
            pub durable: bool,
            #[serde(default)]
            pub exclusive: bool,
            #[serde(default)]
            pub auto_delete: bool,
            #[serde(default)]
            pub passive: bool,
            #[serde(default)]
            pub node: Option<String>,
            #[serde(default)]
            pub args: Map<String, Json>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct BindingSpec {
            pub source: String,
            pub dest: String,
            #[serde(default)]
            pub key: String,
            #[serde(default)]
            pub args: Map<String, Json>,
            #[serde(default)]
            pub to_exchange: bool,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct PolicySpec {
            pub name: String,
            pub pattern: String,
            #[serde(default)]
            pub priority: i64,
            pub definition: Map<String, Json>,
        }

        /// The cluster's enums have their own readers (`read.rs`, `read_names!`), tested there.
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ClusterConfig {
            pub nodes: Vec<String>,
            #[serde(default)]
            pub profile: Profile,
            #[serde(default)]
            pub partition_handling: PartitionHandling,
            #[serde(default)]
            pub inter_node_latency_us: u64,
            #[serde(default = "default_election_timeout")]
            pub election_timeout_ms: (u64, u64),
        }

        /// A client script's declaring steps (`script/format.rs`'s `Step`, as it is tagged).
        #[derive(Debug, Deserialize)]
        #[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
        pub enum Step {
            DeclareExchange(ExchangeSpec),
            DeclareQueue(QueueSpec),
            Bind(BindingSpec),
            Unbind(BindingSpec),
        }

        fn yes() -> bool {
            true
        }
        fn default_election_timeout() -> (u64, u64) {
            (150, 300)
        }
    }

    /// The shipped files that hold specs: the scenarios (lessons load and patch these) and the
    /// client scripts of the conformance suites.
    fn shipped() -> Vec<(String, Json)> {
        [
            "scenarios",
            "conformance/scripts",
            "conformance/cluster/scripts",
        ]
        .iter()
        .flat_map(|dir| json_files(dir))
        .map(|(path, text)| {
            let json = serde_json::from_str(&text).unwrap();
            (path, json)
        })
        .collect()
    }

    /// Both readers on `json`'s mutants, as a list of `H` and of `D`: (cases, refused).
    fn compare<H, D>(json: &Json) -> (usize, usize)
    where
        H: serde::de::DeserializeOwned + std::fmt::Debug,
        D: serde::de::DeserializeOwned + std::fmt::Debug,
    {
        let (mut cases, mut refused) = (0, 0);
        let check = |text: &str| {
            same_as::<H, D>(text).unwrap();
            crate::input::from_json::<H>(text).is_err()
        };
        refused += check(&serde_json::to_string_pretty(json).unwrap()) as usize;
        cases += 1;
        mutants(json, |text| {
            cases += 1;
            refused += check(&text) as usize;
        });
        (cases, refused)
    }

    /// Every spec list of every shipped file (a scenario's own, a script's `declare` and
    /// `policies`), each spec and its mutants read as the derive reads them.
    #[test]
    fn every_shipped_spec_and_its_mutants_read_as_the_derive_reads_them() {
        let (mut cases, mut refused, mut kinds) = (0, 0, [0usize; 5]);
        let mut add = |(c, r): (usize, usize), kind: usize| {
            cases += c;
            refused += r;
            kinds[kind] += 1;
        };
        for (_, file) in shipped() {
            for holder in [&file, &file["declare"]] {
                if let Some(list) = holder.get("exchanges") {
                    add(
                        compare::<Vec<ExchangeSpec>, Vec<derived::ExchangeSpec>>(list),
                        0,
                    );
                }
                if let Some(list) = holder.get("queues") {
                    add(compare::<Vec<QueueSpec>, Vec<derived::QueueSpec>>(list), 1);
                }
                if let Some(list) = holder.get("bindings") {
                    add(
                        compare::<Vec<BindingSpec>, Vec<derived::BindingSpec>>(list),
                        2,
                    );
                }
            }
            if let Some(list) = file.get("policies") {
                add(
                    compare::<Vec<PolicySpec>, Vec<derived::PolicySpec>>(list),
                    3,
                );
            }
            if let Some(cluster) = file.get("cluster") {
                add(compare::<ClusterSpec, derived::ClusterConfig>(cluster), 4);
            }
        }
        assert!(
            kinds.iter().all(|&n| n >= 3),
            "spec lists by kind: {kinds:?}"
        );
        assert!(
            cases > 5_000 && refused > cases / 2,
            "{cases} cases, {refused} refused"
        );
    }

    /// A client script's declaring steps, read from JSON values as `script::format::parse` reads
    /// each step (serde's buffered, internally tagged path): the same value or the same error.
    #[test]
    fn the_declaring_steps_of_every_script_read_as_the_derive_reads_them() {
        use crate::script::format::Step;
        let declaring = ["declare_exchange", "declare_queue", "bind", "unbind"];
        let (mut cases, mut refused) = (0usize, 0usize);
        for (path, file) in shipped() {
            let Some(steps) = file.get("steps").and_then(Json::as_array) else {
                continue;
            };
            for step in steps
                .iter()
                .filter(|s| declaring.contains(&s["op"].as_str().unwrap_or("")))
            {
                let mut texts = vec![serde_json::to_string_pretty(step).unwrap()];
                mutants(step, |text| texts.push(text));
                for text in texts {
                    // As the script reads it: a JSON value first (a repeated key: the last one),
                    // then the step. A changed `op` names other variants: not these readers.
                    let Ok(value) = serde_json::from_str::<Json>(&text) else {
                        continue;
                    };
                    if value.get("op") != step.get("op") {
                        continue;
                    }
                    let hand = crate::input::from_value::<Step>(&value);
                    let derived = crate::input::from_value::<derived::Step>(&value);
                    assert_eq!(
                        format!("{hand:?}"),
                        format!("{derived:?}"),
                        "{path}: {text}"
                    );
                    cases += 1;
                    refused += hand.is_err() as usize;
                }
            }
        }
        assert!(
            cases > 500 && refused > cases / 3,
            "{cases} cases, {refused} refused"
        );
    }
}
