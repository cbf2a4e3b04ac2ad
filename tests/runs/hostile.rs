//! Hostile and oversized input (issue 11): every reproducer found by the fuzzing pass, as a
//! regression test. A file the simulator cannot run gives one clear line naming the problem; a
//! script the broker refuses records the refusal in its observation; nothing panics.

use serde_json::json;
use warren::script::run_text;

fn script_errors(text: &str) -> serde_json::Value {
    let observation = run_text(text).unwrap_or_else(|e| panic!("the script should run: {e}"));
    observation.to_json()["errors"].clone()
}

fn script_refused(text: &str) -> String {
    match run_text(text) {
        Ok(o) => panic!("the script should be refused, it ran: {}", o.to_json_text()),
        Err(e) => e,
    }
}

#[test]
fn script_publishing_to_a_stopped_node_records_the_refused_connection() {
    let errors = script_errors(
        r#"{"nodes":["a","b"],"steps":[{"op":"stop_node","node":"b"},{"op":"publish","key":"q","id":"m","node":"b"},
           {"op":"publish","key":"q","id":"m2"}]}"#,
    );
    assert_eq!(errors, json!([[1, 320]]));
}

#[test]
fn script_consuming_on_a_killed_node_records_the_refused_connection() {
    let errors = script_errors(
        r#"{"nodes":["a","b"],"declare":{"queues":[{"name":"q"}]},
           "steps":[{"op":"kill_node","node":"b"},{"op":"consume","queue":"q","consumer":"c","node":"b"},
                    {"op":"declare_queue","name":"r","node":"b"},{"op":"commit","node":"b"}]}"#,
    );
    assert_eq!(errors, json!([[1, 320], [2, 320], [3, 320]]));
}

#[test]
fn script_whose_first_node_is_down_at_the_end_reports_its_queues_unreadable() {
    let observation = run_text(r#"{"nodes":["a","b"],"declare":{"queues":[{"name":"q","node":"b"}]},"steps":[{"op":"kill_node","node":"a"}]}"#).unwrap();
    assert_eq!(observation.to_json()["final"], json!({"q": "error 320"}));
}

#[test]
fn script_step_args_that_are_not_amqp_values_are_refused_with_their_path() {
    for (text, needle) in [
        (
            r#"{"steps":[{"op":"declare_queue","name":"q","args":{"x-message-ttl":1.5}}]}"#,
            "step 0: x-message-ttl: 1.5 is not an integer",
        ),
        (
            r#"{"steps":[{"op":"declare_exchange","name":"x","type":"direct","args":{"n":9223372036854775808}}]}"#,
            "step 0: n: 9223372036854775808 is not an integer",
        ),
        (
            r#"{"steps":[{"op":"bind","source":"x","dest":"q","args":{"x-match":2.5}}]}"#,
            "step 0: x-match: 2.5 is not an integer",
        ),
        (
            r#"{"steps":[{"op":"unbind","source":"x","dest":"q","args":{"a":[1,1e400]}}]}"#,
            "steps[0].args.a[1]: number out of range",
        ),
        (
            r#"{"steps":[{"op":"publish","key":"q","id":"m","headers":{"h":0.1}}]}"#,
            "step 0: h: 0.1 is not an integer",
        ),
        (
            r#"{"nodes":["a"],"policies":[{"name":"p","pattern":".","definition":{"ha-params":18446744073709551615}}]}"#,
            "policies[0].definition: ha-params: 18446744073709551615 is not an integer",
        ),
        (
            r#"{"declare":{"bindings":[{"source":"x","dest":"q","args":{"k":-1.0}}]}}"#,
            "declare.bindings[0].args: k: -1.0 is not an integer",
        ),
    ] {
        let error = script_refused(text);
        assert!(
            error.contains(needle),
            "{error:?} should mention {needle:?}"
        );
    }
}

#[test]
fn script_waits_longer_than_a_day_are_refused() {
    let error = script_refused(r#"{"steps":[{"op":"wait","ms":18446744073709551615}]}"#);
    assert_eq!(
        error,
        "step 0: ms: at most 86400000 (one day), not 18446744073709551615"
    );
    let error = script_refused(r#"{"settle_ms":86400001}"#);
    assert!(error.starts_with("settle_ms: at most 86400000"), "{error}");
}

#[test]
fn script_with_trailing_garbage_is_refused() {
    let error = script_refused(r#"{"steps":[]} {"steps":[{"op":"fly"}]}"#);
    assert!(
        error.starts_with("script: after the JSON value: trailing characters"),
        "{error}"
    );
}

#[test]
fn script_errors_escape_control_characters_and_cut_long_names() {
    let error = script_refused("{\"steps\":[{\"op\":\"fly\\u001b[2J\\n\"}]}");
    assert!(!error.chars().any(char::is_control), "{error:?}");
    assert!(error.contains("fly\\u{1b}[2J\\n"), "{error:?}");
    let name = "n".repeat(1_000_000);
    let error = script_refused(&format!(r#"{{"steps":[{{"op":"{name}"}}]}}"#));
    assert!(
        error.starts_with("step 0: op: unknown variant `nnnn")
            && error.contains("… expected one of `publish`"),
        "{error}"
    );
    assert!(error.len() < 500, "{} bytes echoed", error.len());
}

// ---------------------------------------------------------------- scenarios

use warren::sim::scenario::parse;
use warren::sim::World;

const BASE: &str = r#"{"version": 1, "duration_ms": 10000,
    "queues": [{"name": "q"}],
    "producers": [{"name": "p", "keys": ["q"], "interval_ms": 100}],
    "consumers": [{"name": "c", "queue": "q"}]}"#;

/// The base scenario with one replacement, refused with an error containing `needle`.
fn refused(from: &str, to: &str, needle: &str) {
    assert!(BASE.contains(from), "{from}");
    let text = BASE.replacen(from, to, 1);
    let error = parse(&text).expect_err(&text);
    assert!(error.contains(needle), "{error:?} should contain {needle:?}");
    assert!(!error.contains('\n'), "one line: {error:?}");
}

#[test]
fn scenario_with_a_non_durable_quorum_queue_is_refused_by_the_broker() {
    refused(r#"{"name": "q"}"#, r#"{"name": "q", "durable": false, "args": {"x-queue-type": "quorum"}}"#, "queues[0]: the broker refuses it:");
}

#[test]
fn scenario_with_a_bogus_x_match_is_refused_by_the_broker() {
    let to = r#"{"name": "q"}], "exchanges": [{"name": "h", "type": "headers"}],
        "bindings": [{"source": "h", "dest": "q", "args": {"x-match": "bogus"}}"#;
    refused(r#"{"name": "q"}"#, to, "bindings[0]: the broker refuses it:");
}

#[test]
fn scenario_with_an_interval_that_would_wrap_virtual_time_is_refused() {
    refused(r#""interval_ms": 100"#, r#""interval_ms": 18446744073709551"#, "producers[0].interval_ms: at most 86400000 ms (one day)");
    refused(r#""interval_ms": 100"#, r#""interval_ms": 18446744073709552"#, "producers[0].interval_ms: at most 86400000 ms");
}

#[test]
fn scenario_with_a_lock_retry_that_would_wrap_is_refused() {
    let to = r#""queue": "q", "lock": {"key": "k", "lease_ms": 10, "retry_ms": 18446744073709551615}"#;
    refused(r#""queue": "q""#, to, "consumers[0].lock.retry_ms: at most 86400000 ms");
    refused(r#""queue": "q""#, r#""queue": "q", "processing": {"dist": "exponential", "mean_ms": 18446744073709551615}"#, "consumers[0].processing.mean_ms: at most");
}

#[test]
fn scenario_asking_for_a_billion_messages_is_refused() {
    refused(r#""interval_ms": 100"#, r#""rate_per_s": 1000000"#, "producers[0]: the producers would publish 10000001 messages or more, at most 1000000 per run");
    let burst = r#""burst": {"size": 10000000, "at_ms": [0]}"#;
    refused(r#""interval_ms": 100"#, burst, "at most 1000000 per run");
}

#[test]
fn scenario_running_for_a_trillion_ms_is_refused() {
    refused(r#""duration_ms": 10000"#, r#""duration_ms": 1000000000000"#, "duration_ms: at most 86400000 ms (one day), not 1000000000000");
}

#[test]
fn scenario_with_five_thousand_producers_is_refused() {
    let producers: Vec<String> = (0..5000).map(|i| format!(r#"{{"name": "p{i}", "keys": ["q"], "interval_ms": 100}}"#)).collect();
    let to = format!(r#""producers": [{}]"#, producers.join(","));
    refused(r#""producers": [{"name": "p", "keys": ["q"], "interval_ms": 100}]"#, &to, "producers and consumers: at most 200 entries, not 5001");
}

#[test]
fn scenario_names_and_keys_are_at_most_255_bytes() {
    let long = "k".repeat(256);
    refused(r#""keys": ["q"]"#, &format!(r#""keys": ["{long}"]"#), "producers[0].keys[0]: a name is at most 255 bytes, not 256");
}

#[test]
fn scenario_with_trailing_garbage_is_refused() {
    let error = parse(&format!("{BASE} trailing")).unwrap_err();
    assert!(error.starts_with("after the JSON value: trailing characters"), "{error}");
}

#[test]
fn scenario_errors_escape_control_characters_and_cut_long_values() {
    let error = parse(&BASE.replacen(r#""queue": "q""#, "\"queue\": \"q\\u001b[2J\\n\"", 1)).unwrap_err();
    assert!(!error.chars().any(char::is_control), "{error:?}");
    assert!(error.contains("q\\u{1b}[2J\\n"), "{error:?}");
    let name = "x".repeat(1_000_000);
    let error = parse(&BASE.replacen(r#""queue": "q""#, &format!(r#""queue": "{name}""#), 1)).unwrap_err();
    assert!(error.len() < 200, "{} bytes echoed", error.len());
}

#[test]
fn scenario_files_over_one_mebibyte_are_refused() {
    let padding = " ".repeat(warren::input::MAX_INPUT_BYTES);
    let error = parse(&format!("{BASE}{padding}")).unwrap_err();
    assert!(error.contains("at most 1048576 (1 MiB) are read"), "{error}");
}

#[test]
fn a_confirm_timeout_shorter_than_the_round_trip_gives_up_after_ten_resends() {
    let text = BASE
        .replacen(r#""interval_ms": 100"#, r#""interval_ms": 100, "count": 1, "mode": "confirm", "confirm_timeout_ms": 1"#, 1)
        .replacen(r#""queues""#, r#""network": {"client_latency_us": 500000}, "queues""#, 1);
    let world = World::run(&parse(&text).unwrap()).unwrap();
    let g = &world.guarantees;
    assert_eq!((g.published, g.resends, g.gave_up), (1, 10, 1), "{g:?}");
    assert_eq!(g.publishes, 11);
}

#[test]
fn dead_letter_amplification_stops_the_run_with_a_clear_error() {
    let queues: Vec<String> =
        (0..200).map(|i| format!(r#"{{"name": "q{i}", "args": {{"x-dead-letter-exchange": "all"}}}}"#)).collect();
    let bindings: Vec<String> = (0..200).map(|i| format!(r#"{{"source": "all", "dest": "q{i}"}}"#)).collect();
    let consumers: Vec<String> = (0..199)
        .map(|i| format!(r#"{{"name": "c{i}", "queue": "q{i}", "failure": {{"numerator": 1, "denominator": 1}}}}"#))
        .collect();
    let text = format!(
        r#"{{"version": 1, "duration_ms": 60000, "exchanges": [{{"name": "all", "type": "fanout"}}],
            "queues": [{}], "bindings": [{}], "consumers": [{}],
            "producers": [{{"name": "p", "exchange": "all", "keys": [""], "interval_ms": 1000, "count": 1}}]}}"#,
        queues.join(","),
        bindings.join(","),
        consumers.join(",")
    );
    let error = World::run(&parse(&text).unwrap()).unwrap_err();
    assert!(error.contains("message copies are queued or unacked at once, more than 1000000"), "{error}");
}

#[test]
fn a_requeue_loop_with_no_processing_time_stops_the_run_with_a_clear_error() {
    let text = BASE.replacen(r#""queue": "q""#, r#""queue": "q", "failure": {"numerator": 1, "denominator": 1}, "on_failure": "requeue""#, 1);
    let error = World::run(&parse(&text).unwrap()).unwrap_err();
    assert!(error.contains("more than 1000000 client steps at one virtual instant"), "{error}");
}
