//! The lessons under `lessons/`: each one parses with the strict reader, resolves its
//! scenarios, and teaches what it claims (the run shows the right prediction; the fix-it goal
//! fails on the start and holds on the reference fix). Also the lesson format's refusals.

use std::path::Path;

use warren::sim::lesson::runner::merge_patch;
use warren::sim::lesson::{self, Lesson, LessonRun};

pub(super) fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A file of the repository by its path, the way a lesson names its scenario files.
pub(super) fn load(path: &str) -> Result<String, String> {
    std::fs::read_to_string(root().join(path)).map_err(|e| format!("{path}: {e}"))
}

fn lesson_text(file: &str) -> String {
    load(&format!("lessons/{file}.json")).unwrap()
}

/// Reads, resolves and runs a lesson, and checks it teaches what it claims.
fn check(file: &str) -> (Lesson, LessonRun) {
    let lesson = lesson::parse(&lesson_text(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let resolved = lesson.resolve(&load).unwrap_or_else(|e| panic!("{file}: {e}"));
    let run = LessonRun::new(&lesson, &resolved).unwrap_or_else(|e| panic!("{file}: {e}"));
    for w in [&run.start, &run.reference].into_iter().chain(run.variants.iter().flatten()) {
        w.broker.check_conservation().unwrap();
    }
    let variants: Vec<String> = run.variants.iter().enumerate().filter_map(|(p, w)| w.as_ref().map(|w| format!("\npredictions[{p}].run: {}", figures(w)))).collect();
    run.check(&lesson).unwrap_or_else(|e| panic!("{file}: {e}\nstart: {}\nreference: {}{}", figures(&run.start), figures(&run.reference), variants.concat()));
    assert!(!run.goal_on_start && run.goal_on_reference);
    (lesson, run)
}

/// Every non-zero figure of a run, for a failing lesson's message.
fn figures(world: &warren::sim::World) -> String {
    lesson::FIGURES
        .iter()
        .filter_map(|(name, ..)| lesson::figure(world, name).filter(|v| *v != 0).map(|v| format!("{name}={v}")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One test per lesson file.
macro_rules! lessons {
    ($($test:ident => $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                check($file);
            }
        )*

        #[test]
        fn every_lesson_file_has_its_test_and_topics_come_in_order() {
            let mut files: Vec<String> = std::fs::read_dir(root().join("lessons"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
                .collect();
            files.sort();
            assert_eq!(files, [$($file),*], "a test per lesson file, in file order");
            let topics: Vec<u32> = files.iter().map(|f| lesson::parse(&lesson_text(f)).unwrap().topic).collect();
            assert!(topics.windows(2).all(|w| w[0] < w[1]), "one lesson per topic, in the note's order: {topics:?}");
        }
    };
}

lessons! {
    lesson_01_why_a_queue => "01-why-a-queue",
    lesson_02_backlog => "02-backlog",
    lesson_03_distributed_lock => "03-distributed-lock",
    lesson_04_deployment_modes => "04-deployment-modes",
    lesson_05_producer_confirms => "05-producer-confirms",
    lesson_06_where_messages_get_lost => "06-where-messages-get-lost",
    lesson_07_ordering => "07-ordering",
    lesson_08_idempotency_by_key => "08-idempotency-by-key",
    lesson_09_expiry_and_republish => "09-expiry-and-republish",
    lesson_10_delay_queue => "10-delay-queue",
    lesson_11_cache_consistency => "11-cache-consistency",
    lesson_12_jepsen => "12-jepsen",
}

fn broken(edit: impl Fn(&mut serde_json::Value)) -> String {
    let mut value: serde_json::Value = serde_json::from_str(&lesson_text("01-why-a-queue")).unwrap();
    edit(&mut value);
    lesson::parse(&value.to_string()).unwrap_err()
}

#[test]
fn a_broken_lesson_is_refused_with_the_field_named() {
    let e = broken(|v| v["predictions"][0]["choices"][1]["shows"] = "lsot = 0".into());
    assert!(e.starts_with(r#"predictions[0].choices[1].shows: no figure named "lsot""#), "{e}");
    let e = broken(|v| v["fix"]["goal"] = "lost = ".into());
    assert!(e.starts_with("fix.goal: \"lost\" must be compared with a non-negative integer or a figure"), "{e}");
    let e = broken(|v| v["steps"][0]["zh"] = "Copied English text".into());
    assert_eq!(e, "steps[0].zh: must be written in Chinese");
    let e = broken(|v| v["title"]["en"] = "".into());
    assert_eq!(e, "title.en: must not be empty");
    let e = broken(|v| v["predictions"][0]["answer"] = 9.into());
    assert!(e.starts_with("predictions[0].answer: 9 is not a choice"), "{e}");
    let e = broken(|v| v["topic"] = 13.into());
    assert_eq!(e, "topic: 1 to 12, not 13");
    let e = broken(|v| v["hints"] = serde_json::json!([]));
    assert_eq!(e, "hints: needs at least 1");
    let e = broken(|v| v["interview"]["answer"]["zh"] = serde_json::Value::Null);
    assert!(e.starts_with("interview.answer.zh: invalid type: null"), "{e}");
    let e = broken(|v| v["key_moment"]["highlight"]["figures"] = serde_json::json!(["lost", "nope"]));
    assert_eq!(e, r#"key_moment.highlight.figures[1]: no figure named "nope""#);
    let e = broken(|v| v["predictions"][0]["run"] = serde_json::json!({"scenario": {"patch": {}}, "key_moment": {"at_ms": 0, "highlight": {"figures": ["nope"]}}}));
    assert_eq!(e, r#"predictions[0].run.key_moment.highlight.figures[0]: no figure named "nope""#);
    let e = broken(|v| v["surprise"] = 1.into());
    assert!(e.starts_with("surprise: unknown field `surprise`"), "{e}");
}

#[test]
fn a_lesson_whose_scenarios_do_not_fit_is_refused_when_resolved() {
    let resolve = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut value: serde_json::Value = serde_json::from_str(&lesson_text("01-why-a-queue")).unwrap();
        edit(&mut value);
        lesson::parse(&value.to_string()).unwrap().resolve(&load).unwrap_err()
    };
    let e = resolve(&|v| v["scenario"] = serde_json::json!({"path": "../secrets.json"}));
    assert_eq!(e, r#"scenario.path: "../secrets.json" is not a .json file under scenarios/"#);
    let e = resolve(&|v| v["scenario"] = serde_json::json!({"path": "scenarios/none.json"}));
    assert!(e.starts_with("scenario.path: scenarios/none.json:"), "{e}");
    let e = resolve(&|v| v["key_moment"]["highlight"]["queues"] = serde_json::json!(["nope"]));
    assert_eq!(e, r#"key_moment.highlight.queues[0]: no queue named "nope""#);
    let e = resolve(&|v| v["key_moment"]["at_ms"] = 20_000u64.into());
    assert_eq!(e, "key_moment.at_ms: 20000 is after the end of the run (10000 ms)");
    let e = resolve(&|v| v["fix"]["reference"] = serde_json::json!({"patch": {"duration_ms": 0}}));
    assert_eq!(e, "fix.reference.patch: the patched scenario: duration_ms: must be at least 1");
    // A prediction's own run: its scenario and its key moment are checked like the start's.
    let own_run = |run: serde_json::Value| move |v: &mut serde_json::Value| v["predictions"][0]["run"] = run.clone();
    let e = resolve(&own_run(serde_json::json!({"scenario": {"patch": {"duration_ms": 0}}, "key_moment": {"at_ms": 0, "highlight": {}}})));
    assert_eq!(e, "predictions[0].run.scenario.patch: the patched scenario: duration_ms: must be at least 1");
    let e = resolve(&own_run(serde_json::json!({"scenario": {"patch": {}}, "key_moment": {"at_ms": 0, "highlight": {"clients": ["nobody"]}}})));
    assert_eq!(e, r#"predictions[0].run.key_moment.highlight.clients[0]: no producer or consumer named "nobody""#);
    let e = resolve(&own_run(serde_json::json!({"scenario": {"patch": {"duration_ms": 5000}}, "key_moment": {"at_ms": 6000, "highlight": {}}})));
    assert_eq!(e, "predictions[0].run.key_moment.at_ms: 6000 is after the end of the run (5000 ms)");
}

#[test]
fn a_merge_patch_merges_objects_replaces_the_rest_and_removes_nulls() {
    let mut doc = serde_json::json!({"a": {"b": 1, "c": 2}, "list": [1, 2], "gone": true});
    merge_patch(&mut doc, &serde_json::json!({"a": {"c": 3, "d": 4}, "list": [9], "gone": null}));
    assert_eq!(doc, serde_json::json!({"a": {"b": 1, "c": 3, "d": 4}, "list": [9]}));
}

#[test]
fn a_lesson_that_does_not_teach_what_it_claims_fails_its_check() {
    let mut lesson = lesson::parse(&lesson_text("01-why-a-queue")).unwrap();
    let resolved = lesson.resolve(&load).unwrap();
    lesson.predictions[0].answer = (lesson.predictions[0].answer + 1) % lesson.predictions[0].choices.len();
    let run = LessonRun::new(&lesson, &resolved).unwrap();
    assert!(run.check(&lesson).unwrap_err().starts_with("predictions[0]: the run shows choices"));
    let mut goal_met = lesson.clone();
    goal_met.predictions[0].answer = lesson::parse(&lesson_text("01-why-a-queue")).unwrap().predictions[0].answer;
    goal_met.fix.goal = "published >= 0".into();
    let run = LessonRun::new(&goal_met, &resolved).unwrap();
    assert_eq!(run.check(&goal_met).unwrap_err(), "fix.goal: already met by the starting scenario");
}

#[test]
fn the_ui_lists_every_lesson_and_reads_it_with_the_scenario_files_it_names() {
    use warren::ui::model::lessons::{lesson_url, read, Files, Read, LESSON_FILES};
    let mut files: Vec<&str> = LESSON_FILES.to_vec();
    files.sort();
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(files, on_disk, "the lesson menu offers every file under lessons/");
    // What the menu does in the page: read, fetch each scenario file the lesson asks for (its path
    // is its URL beside the page), read again.
    let mut fetched = Files::default();
    for file in LESSON_FILES {
        let json = std::fs::read_to_string(root().join(lesson_url(file))).unwrap();
        let (lesson, resolved) = loop {
            match read(&json, &fetched) {
                Read::Ready(read) => break *read,
                Read::Needs(path) => {
                    assert!(!fetched.contains_key(&path), "{file}: {path} asked for twice");
                    fetched.insert(path.clone(), load(&path).unwrap_or_else(|e| panic!("{file}: {e}")));
                }
                Read::Bad(e) => panic!("{file}: {e}"),
            }
        };
        let native = lesson.resolve(&load).unwrap();
        assert_eq!(resolved.start, native.start, "{file}: the menu's scenario is the file's");
    }
    assert!(!fetched.is_empty(), "some lessons name scenario files");
    // A damaged scenario file is a clear error naming it, not a request to fetch it again.
    let mut damaged = Files::default();
    damaged.insert("scenarios/lost-ack.json".to_string(), "{".to_string());
    let json = std::fs::read_to_string(root().join(lesson_url("08-idempotency-by-key"))).unwrap();
    let Read::Bad(e) = read(&json, &damaged) else { panic!("a damaged scenario file is refused") };
    assert!(e.contains("scenarios/lost-ack.json"), "{e}");
}

#[test]
fn lesson_progress_round_trips_and_a_damaged_one_is_no_progress() {
    use warren::ui::model::lessons::Progress;
    let mut p = Progress::default();
    p.predicted.insert("backlog".into());
    p.fixed.insert("backlog".into());
    assert_eq!(Progress::decode(&p.encode()), p);
    assert!(Progress::decode(&p.encode()).done("backlog"));
    assert_eq!(Progress::decode("{not json"), Progress::default());
    assert_eq!(Progress::decode(r#"{"fixed": ["a"], "extra": 1}"#), Progress::default());
}

/// The fate figures a lesson may name are the ledger's fate lines, and `lost` is the
/// ledger's lost line: on every lesson's start and fix they add up to `published`.
#[test]
fn the_fate_figures_are_the_ledgers_fate_lines() {
    use warren::lang::Lang;
    use warren::sim::ledger::Ledger;
    for (name, s) in super::fates::every_lesson_scenario() {
        let world = warren::sim::World::run(&s).unwrap();
        let ledger = Ledger::new(&world.guarantees, &world.fates, Lang::En);
        let fates: u64 = lesson::figures::fate_figures().map(|f| lesson::figure(&world, &f).unwrap()).sum();
        assert_eq!(Some(fates), lesson::figure(&world, "published"), "{name}");
        for line in &ledger.fates {
            let figure = format!("fate_{}", line.id.replace('-', "_"));
            assert_eq!(lesson::figure(&world, &figure), Some(line.value), "{name}: {figure}");
        }
        let lost_line = ledger.figures.iter().find(|l| l.id == "lost").map(|l| l.value);
        assert_eq!(lesson::figure(&world, "lost"), lost_line, "{name}");
        assert!(lesson::Predicate::parse("fate_lost_auto_ack_crash = 0 and lost = 0").is_ok());
    }
}

#[test]
fn lesson_5_transactions_wait_a_round_trip_per_batch_where_confirms_do_not_and_a_nack_is_resent() {
    let (_, run) = check("05-producer-confirms");
    let done = |w| lesson::figure(w, "producer_done_ms").unwrap();
    // The first batch of 10 is handed over by 9 ms, then 50 commits wait a 20 ms round trip each;
    // confirms keep pace with the orders and the last one is back a round trip after 499 ms.
    assert_eq!(done(&run.start), 9 + 50 * 20);
    assert_eq!(done(&run.reference), 499 + 20);
    // The confirm lost at 0.3 s costs a resend and a duplicate that billing recognises.
    assert_eq!(lesson::figure(&run.reference, "resends"), Some(1));
    assert_eq!(lesson::figure(&run.reference, "deduplicated"), Some(1));
    // The third question's run: a full reject-publish queue nacks, and the shop resends each
    // nacked order after its confirm timeout until it is acked; a nack is not a duplicate.
    let nack = run.variants[2].as_ref().expect("the nack question has a run of its own");
    let fig = |name| lesson::figure(nack, name).unwrap();
    assert!(fig("nacked") > 0, "{}", figures(nack));
    assert_eq!(fig("resends"), fig("nacked"), "{}", figures(nack));
    assert_eq!((fig("processed"), fig("processed_twice"), fig("lost"), fig("fate_nacked")), (500, 0, 0, 0), "{}", figures(nack));
    assert!(run.variants[..2].iter().all(Option::is_none), "the other questions are answered by the start");
}

/// Lesson 4's runs side by side: a classic queue replicates nothing and confirms at once; a
/// mirrored one (its own run) copies every order to each mirror that is up and confirms a mirror
/// round trip later, and loses nothing confirmed when its master dies; an unsynchronised mirror
/// promoted loses what was confirmed before it came back; the quorum fix replicates to both
/// followers and pays more per confirm (and an election when its leader dies).
#[test]
fn lesson_4_reads_the_cost_of_mirroring_and_its_unsynchronised_loss_off_the_runs() {
    let (_, run) = check("04-deployment-modes");
    let fig = |w, name| lesson::figure(w, name).unwrap();
    let (mirrored, unsynced) = (run.variants[2].as_ref().unwrap(), run.variants[3].as_ref().unwrap());
    assert_eq!((fig(&run.start, "replicated"), fig(&run.start, "confirm_latency_mean_us")), (0, 0));
    assert_eq!(fig(&run.start, "lost_confirmed"), 100, "the orders routed to the dead queue, confirmed");
    // 200 orders at 20 ms: 50 before the crash to two mirrors, 100 while rabbit2 is down to the
    // one mirror left, 50 after it is back to two: 300 copies; a confirm waits a 0.5 ms hop each
    // way to the mirrors.
    assert_eq!((fig(mirrored, "replicated"), fig(mirrored, "confirm_latency_mean_us"), fig(mirrored, "lost_confirmed")), (300, 1_000, 0));
    // The orders confirmed before rabbit3's empty mirror came back (0 to 0.6 s) are lost.
    assert_eq!(fig(unsynced, "lost_confirmed"), 30, "{}", figures(unsynced));
    assert_eq!((fig(&run.reference, "replicated"), fig(&run.reference, "lost_confirmed")), (400, 0));
    assert!(fig(&run.reference, "confirm_latency_mean_us") > fig(mirrored, "confirm_latency_mean_us"));
}

/// A lesson is read in Chinese as well as English: the scenario it loads (and each run of its
/// own) has a Chinese name and description, so the editor's title is not English in a Chinese lesson.
#[test]
fn every_lesson_scenario_has_its_name_and_description_in_chinese() {
    for (name, s) in super::fates::every_lesson_scenario() {
        let zh = s.zh.as_ref().unwrap_or_else(|| panic!("{name}: no \"zh\" name and description"));
        assert_ne!(zh.name, s.name, "{name}");
        assert!(zh.name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{name}: {}", zh.name);
    }
}
