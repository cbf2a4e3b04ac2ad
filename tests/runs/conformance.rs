//! The simulator against observations recorded from a real RabbitMQ 3.10: every script in
//! conformance/scripts with a recording in conformance/expected must give the same observation
//! (compared as parsed JSON). Scripts listed in conformance/deviations.txt are deliberate
//! deviations and are skipped here (the README says why). No broker is needed: the recordings
//! are committed; scripts/conformance.sh re-checks them against a live broker.

use std::path::Path;

fn deviations(root: &Path) -> Vec<String> {
    std::fs::read_to_string(root.join("deviations.txt"))
        .unwrap_or_default()
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
        .filter(|l| !l.is_empty())
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

/// Runs every script of `dir/scripts` that has a recording in `dir/expected` (and is not in
/// `skipped`) through the simulator: (compared, failures as "name: real vs simulator").
fn compare_with_recordings(dir: &Path, skipped: &[String], what: &str) -> (usize, Vec<String>) {
    let mut scripts: Vec<_> = std::fs::read_dir(dir.join("scripts"))
        .expect("the scripts folder exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    scripts.sort();
    let (mut compared, mut failures) = (0, Vec::new());
    for script in &scripts {
        let name = script.file_stem().unwrap().to_string_lossy().to_string();
        let expected = dir.join("expected").join(format!("{name}.json"));
        if skipped.contains(&name) || !expected.exists() {
            continue;
        }
        let want: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&expected).unwrap()).unwrap();
        match warren::script::run_text(&std::fs::read_to_string(script).unwrap()) {
            Ok(observation) if observation.to_json() == want => compared += 1,
            Ok(observation) => failures.push(format!("{name}:\n  {what}: {want}\n  simulator: {}", observation.to_json())),
            Err(error) => failures.push(format!("{name}: the simulator refused the script: {error}")),
        }
    }
    (compared, failures)
}

#[test]
fn the_simulator_matches_the_real_broker_recordings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance");
    let skipped = deviations(&root);
    let (compared, failures) = compare_with_recordings(&root, &skipped, "real broker");
    assert!(failures.is_empty(), "{} of {} scripts differ from the real broker:\n{}", failures.len(), compared + failures.len(), failures.join("\n"));
    assert!(compared >= 40, "only {compared} recorded scripts were compared; the suite needs at least 40");
    println!("{compared} scripts match the real broker ({} deliberate deviations skipped)", skipped.len());
}

/// The cluster scripts (conformance/cluster) against a real 3-node RabbitMQ 3.10 cluster's
/// recordings: node stops and crashes, mirrored failover, quorum elections and majorities.
#[test]
fn the_simulated_cluster_matches_the_real_cluster_recordings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance").join("cluster");
    let (compared, failures) = compare_with_recordings(&root, &[], "real cluster");
    assert!(failures.is_empty(), "{} of {} cluster scripts differ from the real cluster:\n{}", failures.len(), compared + failures.len(), failures.join("\n"));
    assert!(compared >= 15, "only {compared} cluster scripts were compared; the suite needs at least 15");
}

#[test]
fn cluster_scripts_naming_unknown_nodes_are_refused() {
    let error = warren::script::run_text(r#"{"nodes":["a","b"],"steps":[{"op":"kill_node","node":"c"}]}"#).unwrap_err();
    assert!(error.contains("steps[0].node: 'c' is not one of the script's nodes"), "{error}");
    let error = warren::script::run_text(r#"{"steps":[{"op":"publish","key":"q","id":"m","node":"x"}]}"#).unwrap_err();
    assert!(error.contains("steps[0].node: 'x'"), "{error}");
    let error = warren::script::run_text(r#"{"nodes":["a"],"policies":[{"name":"p","pattern":"(","definition":{"ha-mode":"all"}}]}"#).unwrap_err();
    assert!(error.contains("policies[0]") && error.contains("not a regular expression"), "{error}");
    let error = warren::script::run_text(r#"{"nodes":["a"],"policies":[{"name":"p","pattern":"^q","definition":{"ha-mode":"exactly"}}]}"#).unwrap_err();
    assert!(error.contains("ha-params"), "{error}");
}

#[test]
fn malformed_scripts_are_refused_with_the_problem_named() {
    for (text, needle) in [
        (r#"{"steps":[{"op":"publish","key":"q"}]}"#, "step 0: missing field `id`"),
        (r#"{"steps":[{"op":"fly"}]}"#, "unknown variant `fly`"),
        (r#"{"publisher":"confirm","settle_ms":-1}"#, "settle_ms"),
        (r#"{"declare":{"queues":[{"name":"q","colour":"red"}]}}"#, "colour"),
    ] {
        let error = warren::script::run_text(text).unwrap_err();
        assert!(error.contains(needle), "{error:?} should mention {needle:?}");
    }
}
