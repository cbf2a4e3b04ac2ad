//! Fuzzing on stable Rust, driven by proptest: mutants of every shipped scenario and client
//! script (wrong types, missing and unknown fields, huge, negative and fractional numbers, long
//! and control-character strings, trailing garbage) go through `Scenario::parse` + validation +
//! a bounded run, and through the script parser + runner. The property: no panic and no hang —
//! every input is either refused with one line naming the problem, or runs.
//!
//! 6,000 cases per target by default (12,000 inputs, well under a minute in a debug build);
//! `FUZZ_CASES=200000 cargo test --release --test fuzz` is the longer run.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{json, Value};
use warren::core::Time;
use warren::sim::World;

/// The instants a fuzzed scenario may simulate (a bounded run: a hang is impossible by
/// construction, and a slow mutant does not slow the suite).
const RUN_BUDGET: u64 = 300;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(6_000)
}

pub(crate) fn corpus(dirs: &[&str]) -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = dirs
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).expect("a corpus folder").map(|e| e.expect("readable").path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files.iter().map(|p| serde_json::from_str(&std::fs::read_to_string(p).expect("readable")).expect("shipped JSON parses")).collect()
}

/// One mutation: which node of the JSON tree (by pre-order index, modulo the node count), what
/// to do to it, and a number the mutation uses.
#[derive(Clone, Debug)]
pub(crate) struct Mutation {
    node: u32,
    kind: u8,
    n: u64,
}

pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    (any::<u32>(), 0u8..16, any::<u64>()).prop_map(|(node, kind, n)| Mutation { node, kind, n })
}

/// The value a mutation puts in place of a node.
fn hostile(kind: u8, n: u64, old: &Value) -> Option<Value> {
    Some(match kind {
        0 => json!(n),
        1 => json!(-(n as i64).saturating_abs()),
        2 => json!(u64::MAX - n % 3),
        3 => json!(n as f64 / 7.0),
        4 => json!("\u{1b}[2J\n\u{0}x"),
        5 => json!("é".repeat((n % 300) as usize)),
        6 => Value::Null,
        7 => json!([old.clone(), old.clone()]),
        8 => json!({"unknown": old.clone()}),
        9 => json!(true),
        10 => json!(n % 2_000_000),
        11 => json!(""),
        12 => json!(1u64 << (n % 64)),
        _ => return None,
    })
}

/// Applies `m` to the `index`-th node (pre-order) of `v`; returns the nodes visited.
fn apply(v: &mut Value, index: &mut u64, target: u64, m: &Mutation) {
    if *index == target {
        *index += 1;
        match m.kind {
            13 => {
                if let Value::Object(map) = v {
                    // Drop one field.
                    if let Some(key) = map.keys().nth((m.n % map.len().max(1) as u64) as usize).cloned() {
                        map.remove(&key);
                    }
                }
            }
            14 => {
                if let Value::Object(map) = v {
                    map.insert(format!("extra{}", m.n % 3), json!(m.n));
                }
                if let Value::Array(items) = v {
                    // Many copies of one element (a count limit's reproducer).
                    if let Some(first) = items.first().cloned() {
                        items.extend(std::iter::repeat_n(first, (m.n % 300) as usize));
                    }
                }
            }
            kind => {
                if let Some(new) = hostile(kind, m.n, v) {
                    *v = new;
                }
            }
        }
        return;
    }
    *index += 1;
    match v {
        Value::Object(map) => map.values_mut().for_each(|c| apply(c, index, target, m)),
        Value::Array(items) => items.iter_mut().for_each(|c| apply(c, index, target, m)),
        _ => {}
    }
}

fn count(v: &Value) -> u64 {
    1 + match v {
        Value::Object(map) => map.values().map(count).sum(),
        Value::Array(items) => items.iter().map(count).sum(),
        _ => 0,
    }
}

/// A mutant's text: the mutations applied in turn, sometimes with garbage after the JSON.
pub(crate) fn mutant(seed: &Value, mutations: &[Mutation], garbage: bool) -> String {
    let mut v = seed.clone();
    for m in mutations {
        let target = u64::from(m.node) % count(&v);
        apply(&mut v, &mut 0, target, m);
    }
    let mut text = v.to_string();
    if garbage {
        text.push_str(" }{ ");
    }
    text
}

/// A refusal is one line, free of control characters.
fn clean(error: &str) -> Result<(), TestCaseError> {
    prop_assert!(!error.chars().any(char::is_control), "control characters in {error:?}");
    prop_assert!(error.chars().count() <= 500, "{} characters", error.chars().count());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_scenarios_are_refused_cleanly_or_run_bounded(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        garbage in prop::bool::weighted(0.05),
    ) {
        let seeds = scenarios();
        let text = mutant(file.get(seeds), &mutations, garbage);
        match warren::sim::scenario::parse(&text) {
            Err(error) => clean(&error)?,
            Ok(scenario) => {
                let mut world = World::new(&scenario).map_err(|e| TestCaseError::fail(format!("validated, then refused: {e}")))?;
                world.advance_within(Time::from_millis(scenario.duration_ms), &mut { RUN_BUDGET });
            }
        }
    }

    #[test]
    fn mutated_scripts_are_refused_cleanly_or_recorded(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        garbage in prop::bool::weighted(0.05),
    ) {
        let seeds = scripts();
        let text = mutant(file.get(seeds), &mutations, garbage);
        if let Err(error) = warren::script::run_text(&text) {
            clean(&error)?;
        }
    }
}

pub(crate) fn scenarios() -> &'static [Value] {
    static CORPUS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| corpus(&["scenarios", "scenarios/patterns", "bench"]))
}

pub(crate) fn scripts() -> &'static [Value] {
    static CORPUS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| corpus(&["conformance/scripts", "conformance/cluster/scripts"]))
}
