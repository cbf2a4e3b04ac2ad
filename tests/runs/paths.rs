//! The field paths in error lines (`queues[0].name: invalid type …`) come from a scanner over
//! the text, run only when reading fails (`warren::input::path_of`), instead of a path-tracking
//! deserializer that doubled every visitor in the page. The property: on mutants of every
//! shipped scenario, lesson and client script, the error line is the one the path-tracking
//! deserializer (`serde_path_to_error`, a dev-dependency kept as the reference) gives.

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;
use warren::input::one_line;

use crate::fuzz::{corpus, mutant, mutation, scenarios, scripts};

/// The error line as the path-tracking deserializer names it (what `input::from_json` did
/// before the scanner).
fn reference<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        match e.path().to_string().as_str() {
            "." => one_line(&e.inner().to_string()),
            path => one_line(&format!("{path}: {}", e.inner())),
        }
    })?;
    de.end().map_err(|e| format!("after the JSON value: {e}"))?;
    Ok(value)
}

/// A script step's error as the path-tracking deserializer names it from the parsed value.
fn reference_step(json: Value) -> Result<warren::script::format::Step, String> {
    serde_path_to_error::deserialize(json).map_err(|e| match e.path().to_string().as_str() {
        "." => e.inner().to_string(),
        path => format!("{path}: {}", e.inner()),
    })
}

/// Both readers accept the text, or both refuse it with the same line; or, where serde finds the
/// problem only after the value was read whole and it was its object's last (see
/// `warren::input::path_of`), the same line naming an enclosing field.
fn same<T: DeserializeOwned>(text: &str) -> Result<(), TestCaseError> {
    match (warren::input::from_json::<T>(text), reference::<T>(text)) {
        (Ok(_), Ok(_)) => Ok(()),
        (Err(ours), Err(theirs)) => close(&ours, &theirs, text),
        (ours, theirs) => Err(TestCaseError::fail(format!("{text}: ours {:?}, reference {:?}", ours.err(), theirs.err()))),
    }
}

/// The same line, or the same message at an enclosing path (`faults[0]` for `faults[0].fault`).
fn close(ours: &str, theirs: &str, text: &str) -> Result<(), TestCaseError> {
    if ours == theirs {
        return Ok(());
    }
    let split = |line: &str| -> (String, String) {
        // The path is everything before the first `: ` if it has no space (messages do).
        match line.split_once(": ") {
            Some((path, message)) if !path.contains(' ') => (path.to_string(), message.to_string()),
            _ => (".".to_string(), line.to_string()),
        }
    };
    let ((our_path, our_message), (their_path, their_message)) = (split(ours), split(theirs));
    let enclosing = our_path == "." || their_path.starts_with(&format!("{our_path}.")) || their_path.starts_with(&format!("{our_path}["));
    prop_assert!(our_message == their_message && enclosing, "ours {:?}, reference {:?}: {}", ours, theirs, text);
    Ok(())
}

fn lessons() -> &'static [Value] {
    static CORPUS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(|| corpus(&["lessons"]))
}

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn scenario_errors_name_the_reference_path(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
        garbage in prop::bool::weighted(0.05),
    ) {
        same::<warren::sim::scenario::Scenario>(&mutant(file.get(scenarios()), &mutations, garbage))?;
    }

    #[test]
    fn lesson_errors_name_the_reference_path(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        same::<warren::sim::lesson::Lesson>(&mutant(file.get(lessons()), &mutations, false))?;
    }

    #[test]
    fn script_step_errors_name_the_reference_path(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let text = mutant(file.get(scripts()), &mutations, false);
        let Ok(Value::Object(script)) = serde_json::from_str::<Value>(&text) else { return Ok(()) };
        let Some(Value::Array(steps)) = script.get("steps") else { return Ok(()) };
        for step in steps {
            match (warren::input::from_value::<warren::script::format::Step>(step), reference_step(step.clone())) {
                (Ok(_), Ok(_)) => {}
                (Err(ours), Err(theirs)) => close(&ours, &theirs, &step.to_string())?,
                (ours, theirs) => return Err(TestCaseError::fail(format!("{step}: ours {:?}, reference {:?}", ours.err(), theirs.err()))),
            }
        }
    }
}

/// Syntax errors too: a key never closed, a trailing comma, a bad value inside an array.
#[test]
fn syntax_errors_name_the_reference_path() {
    for text in [
        r#"{"version": 1, "queues": [{"name": "q",}]}"#,
        r#"{"version": 1, "queues": [{"name": tru}]}"#,
        r#"{"version": 1, "queues": [{"name"#,
        r#"{"version": 1, "queues": [{"name": "q"}, ]}"#,
        r#"{"version": 1, "queues": [{"na\"me": 3}]}"#,
        "{\"version\": 1,\n \"duration_ms\": \"long\"}",
        r#"[1, 2]"#,
        r#"{"version": 1 "queues": []}"#,
        r#"{"version": 1, "queues": [{"name": "q", "#,
        r#"{"version": 1, "queues": [3, "#,
        r#"{"version": 1, "queues": [3 4]}"#,
        r#"{"version": 1, "producers": [{"name": "p", "mode": {"plain": 1}}]}"#,
    ] {
        let ours = warren::input::from_json::<warren::sim::scenario::Scenario>(text).unwrap_err();
        let theirs = reference::<warren::sim::scenario::Scenario>(text).unwrap_err();
        assert_eq!(ours, theirs, "{text}");
    }
}
