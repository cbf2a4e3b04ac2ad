//! Every ready-made scenario under `scenarios/` parses and validates, and the UI's scenario menu
//! offers each of them.

use std::fs;
use std::path::Path;

use warren::lang::Lang;
use warren::sim::scenario::parse;
use warren::ui::model::templates::TEMPLATES;

/// Every JSON file under `dir`, in its subfolders too, as its path relative to `root` without `.json`.
fn json_files(root: &Path, dir: &Path, files: &mut Vec<(String, std::path::PathBuf)>) {
    for entry in fs::read_dir(dir).expect("scenarios/ exists") {
        let path = entry.unwrap().path();
        if path.is_dir() {
            json_files(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "json") {
            let rel = path.strip_prefix(root).unwrap().with_extension("");
            files.push((rel.to_string_lossy().replace('\\', "/"), path));
        }
    }
}

#[test]
fn every_scenario_file_parses_validates_and_is_in_the_menu() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files = Vec::new();
    json_files(&dir, &dir, &mut files);
    for (_, path) in &files {
        let text = fs::read_to_string(path).unwrap();
        let scenario = parse(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        scenario.validate().unwrap();
        assert!(
            !scenario.name.is_empty() && !scenario.description.is_empty(),
            "{} needs a name and a description",
            path.display()
        );
    }
    let mut files: Vec<String> = files.into_iter().map(|(rel, _)| rel).collect();
    for t in TEMPLATES {
        let s = t.scenario().unwrap();
        for (en, zh) in [(s.name_in(Lang::En), s.name_in(Lang::Zh)), (s.description_in(Lang::En), s.description_in(Lang::Zh))] {
            assert_ne!(en, zh, "{}: a Chinese name and description of its own", t.id);
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{}: {zh}", t.id);
        }
    }
    files.sort();
    assert!(files.len() >= 13, "{files:?}");
    let mut menu: Vec<String> = TEMPLATES.iter().map(|t| t.path.to_string()).collect();
    menu.sort();
    assert_eq!(files, menu, "the scenario menu lists exactly the files under scenarios/, its folders too");
}

#[test]
fn every_built_in_scenario_loads() {
    for t in TEMPLATES {
        let s = t.scenario().unwrap_or_else(|e| panic!("{}: {e}", t.id));
        assert!(!s.queues.is_empty(), "{}", t.id);
    }
}

#[test]
fn the_lost_ack_pair_differs_only_in_idempotency() {
    use warren::sim::scenario::Idempotency;
    let plain = TEMPLATES.iter().find(|t| t.id == "lost-ack").unwrap().scenario().unwrap();
    let dedup = TEMPLATES.iter().find(|t| t.id == "lost-ack-dedup").unwrap().scenario().unwrap();
    assert!(plain.consumers.iter().all(|c| c.idempotency == Idempotency::None));
    assert!(dedup.consumers.iter().all(|c| c.idempotency == Idempotency::DedupSet));
    assert_eq!((plain.faults.clone(), plain.producers.clone()), (dedup.faults.clone(), dedup.producers.clone()));
}

/// The ready-made "mirrored versus quorum queue under a node crash": the mirrored side loses the
/// confirmed messages that only the crashed master held; the quorum side loses none. Each side is
/// also run alone (the other producer removed), so the figures cannot come from the wrong queue.
#[test]
fn mirrored_versus_quorum_loses_confirmed_messages_only_on_the_mirrored_side() {
    use warren::sim::World;
    let s = TEMPLATES.iter().find(|t| t.id == "mirrored-vs-quorum").unwrap().scenario().unwrap();
    let both = World::run(&s).unwrap().guarantees;
    assert_eq!(both.confirmed, 200, "{both:?}");
    let cause = "confirmed, then an unsynchronised mirror was promoted";
    let lost = both.lost.get(cause).copied().unwrap_or(0);
    assert!(lost >= 20, "{both:?}");
    assert_eq!(both.lost_confirmed, lost, "every confirmed loss is the promoted mirror's: {both:?}");

    let side = |producer: &str| {
        let mut alone = s.clone();
        alone.producers.retain(|p| p.name == producer);
        World::run(&alone).unwrap().guarantees
    };
    let mirrored = side("shop-a");
    assert_eq!(mirrored.lost_confirmed, lost, "{mirrored:?}");
    assert_eq!(mirrored.processed + lost, 100, "{mirrored:?}");
    let quorum = side("shop-b");
    assert_eq!((quorum.confirmed, quorum.lost_confirmed, quorum.processed), (100, 0, 100), "{quorum:?}");
    assert!(quorum.lost.is_empty(), "{quorum:?}");
}

#[test]
fn a_scenario_carries_its_texts_per_language_and_the_zh_object_is_strict() {
    let base = r#"{"version": 1, "name": "Orders", "description": "About orders.", "duration_ms": 1000"#;
    let s = parse(&format!(r#"{base}, "zh": {{"name": "订单", "description": "关于订单。"}}}}"#)).unwrap();
    assert_eq!((s.name_in(Lang::En), s.name_in(Lang::Zh)), ("Orders", "订单"));
    assert_eq!((s.description_in(Lang::En), s.description_in(Lang::Zh)), ("About orders.", "关于订单。"));
    // A text left out (or blank) falls back to the English one.
    let s = parse(&format!(r#"{base}, "zh": {{"name": "订单"}}}}"#)).unwrap();
    assert_eq!(s.description_in(Lang::Zh), "About orders.");
    let s = parse(&format!("{base}}}")).unwrap();
    assert_eq!((&s.zh, s.name_in(Lang::Zh)), (&None, "Orders"));
    let e = parse(&format!(r#"{base}, "zh": {{"title": "订单"}}}}"#)).unwrap_err();
    assert!(e.contains("zh") && e.contains("unknown field `title`"), "{e}");
    // Written back only when present.
    let plain = parse(&format!("{base}}}")).unwrap();
    assert!(!plain.to_pretty_json().contains("\"zh\""));
}

// `a_scenario_read_back_from_its_text_is_the_value_serde_makes` lives in the library's tests
// (`sim/scenario/export.rs`): serde's derive, its reference, is built for the tests only.
