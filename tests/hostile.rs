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
