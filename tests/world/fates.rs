//! Every message copy ends in exactly one named fate (src/sim/fate.rs): the ledger's fate lines
//! add up to the copies, counted here from the broker's own events (one per queue a publish was
//! routed to, one for a message that reached none), on every ready-made scenario, chaos runs
//! and every lesson, at several moments; and they agree with the counters the world keeps
//! independently (rolled back, auto-ack losses, backlog).

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use warren::core::Event;
use warren::sim::fate::{FateKind, FateTally};
use warren::sim::World;

use super::run;

/// Every ready-made scenario file: scenarios/*.json and scenarios/patterns/*.json.
fn every_ready_made() -> Vec<(String, String)> {
    let root = format!("{}/scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = [root.clone(), format!("{root}/patterns")]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

fn show(t: &FateTally) -> String {
    t.lines()
        .map(|(k, n)| format!("{} {n}", k.id()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The copies of a run so far, counted from the broker's event log alone: per published
/// message, the queues its publishes (a producer's, or a shovel's under the same id) were
/// enqueued in or refused by, or 1 when it reached none. A dead-lettered copy, and a shovel's
/// republish of a copy, are that copy again: they add none.
fn copies_in_log(world: &World) -> u64 {
    // Queues by name: a split brain's second queue has the name of the first.
    let mut queue_names: BTreeMap<warren::core::QueueId, Rc<str>> = BTreeMap::new();
    for e in &world.log {
        match &e.event {
            Event::QueueCreated { queue, name } => {
                queue_names.insert(*queue, name.clone());
            }
            Event::SplitBrain { queue, twin, .. } => {
                queue_names.insert(*twin, queue_names[queue].clone());
            }
            _ => {}
        }
    }
    let mut published: BTreeMap<warren::core::MsgId, Rc<str>> = BTreeMap::new();
    let mut routed: BTreeMap<Rc<str>, BTreeSet<Rc<str>>> = BTreeMap::new();
    // A consumer's channel: a publish on it is a shovel's, of a copy it received.
    let mut consuming = BTreeSet::new();
    for e in &world.log {
        match &e.event {
            Event::Delivered { channel, .. } => {
                consuming.insert(*channel);
            }
            Event::Published { msg, channel, .. } if !consuming.contains(channel) => {
                published.insert(msg.id, msg.body.clone());
                routed.entry(msg.body.clone()).or_default();
            }
            // What a dead-lettered copy's message reaches is that copy again.
            Event::DeadLettered { msg, .. } => {
                published.remove(&msg.id);
            }
            Event::Enqueued { queue, msg, .. } | Event::Refused { queue, msg } => {
                if let Some(body) = published.get(msg) {
                    routed.get_mut(body).unwrap().insert(queue_names[queue].clone());
                }
            }
            _ => {}
        }
    }
    // A message never published (in an open transaction, lost on the way) is one copy.
    let unpublished = world.guarantees.published - routed.len() as u64;
    unpublished + routed.values().map(|q| q.len().max(1) as u64).sum::<u64>()
}

/// The identity and its cross-checks against the world's own counters.
fn assert_adds_up(name: &str, world: &World) {
    let (g, t) = (&world.guarantees, &world.fates);
    assert_eq!(
        t.total(),
        copies_in_log(world),
        "{name}: copies = Σ fates ({})",
        show(t)
    );
    assert!(t.total() >= g.published, "{name}: every message has a fate ({})", show(t));
    let processed = t.get(FateKind::Processed)
        + t.get(FateKind::ProcessedTwice)
        + t.get(FateKind::Deduplicated);
    assert_eq!(
        processed,
        g.processed,
        "{name}: the processed fates are the processed messages ({})",
        show(t)
    );
    assert_eq!(
        t.get(FateKind::ProcessedTwice),
        g.processed_more_than_once,
        "{name}: {}",
        show(t)
    );
    assert_eq!(
        t.get(FateKind::RolledBack) + t.get(FateKind::Uncommitted),
        g.tx_rolled_back + g.tx_uncommitted,
        "{name}: {}",
        show(t)
    );
    assert!(
        t.get(FateKind::LostAutoAckCrash) <= g.lost_in_auto_ack_consumers,
        "{name}: {}",
        show(t)
    );
    assert!(t.get(FateKind::GaveUp) <= g.gave_up, "{name}: {}", show(t));
    assert!(
        t.get(FateKind::StillQueued) + t.get(FateKind::DeadLettered) <= g.backlog,
        "{name}: {}",
        show(t)
    );
    // The legacy per-cause losses are the lost fates, broken down by cause.
    assert_eq!(g.lost.values().sum::<u64>(), t.lost(), "{name}: {:?} vs {}", g.lost, show(t));
    // Every message has a named cause: none left unexplained.
    assert_eq!(
        t.get(FateKind::Vanished),
        0,
        "{name}: a message vanished without a cause ({})",
        show(t)
    );
}

/// The ledger's tally is the fates of the copies message by message (`World::fates_of`, what
/// the lifecycle shows): the same kinds, the same counts.
fn assert_tally_is_the_copies(name: &str, world: &World) {
    let mut tally = FateTally::default();
    for p in &world.scenario.producers {
        for n in 1.. {
            let Some(copies) = world.fates_of(&format!("{}-{n}", p.name)) else { break };
            assert!(!copies.is_empty(), "{name}: {}-{n} has no fate", p.name);
            for c in copies {
                tally.add(c.fate.kind());
            }
        }
    }
    assert_eq!(&tally, &world.fates, "{name}");
}

#[test]
fn published_is_the_sum_of_fates_on_every_ready_made_scenario() {
    let all = every_ready_made();
    assert!(all.len() >= 13, "{} scenario files", all.len());
    for (name, text) in all {
        let world = run(&text);
        eprintln!(
            "{name}: published {} = {}",
            world.guarantees.published,
            show(&world.fates)
        );
        assert_adds_up(&name, &world);
        assert_tally_is_the_copies(&name, &world);
    }
}

#[test]
fn published_is_the_sum_of_fates_on_chaos_runs_of_several_seeds() {
    for file in ["chaos-at-least-once", "cluster-chaos"] {
        let text = std::fs::read_to_string(format!(
            "{}/scenarios/patterns/{file}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let mut s = warren::sim::scenario::parse(&text).unwrap();
        for seed in 1..=6 {
            s.seed = seed;
            let world = World::run(&s).unwrap();
            assert_adds_up(&format!("{file} seed {seed}"), &world);
        }
    }
}

/// The sum holds at `moments` evenly spaced moments of a run of `s`, the books closed at each.
fn assert_adds_up_at_moments(name: &str, s: &warren::sim::scenario::Scenario, moments: u64) {
    let mut world = World::new(s).unwrap();
    let step = (s.duration_ms / moments).max(1);
    let mut t = 0;
    while t < s.duration_ms {
        t = (t + step).min(s.duration_ms);
        world.advance_to(warren::core::Time::from_millis(t));
        world.finish();
        assert_adds_up(&format!("{name} at {t} ms"), &world);
    }
}

#[test]
fn the_sum_holds_at_every_moment_of_a_run_not_only_at_its_end() {
    for (name, text) in every_ready_made() {
        let s = warren::sim::scenario::parse(&text).unwrap();
        assert_adds_up_at_moments(&name, &s, 7);
    }
}

/// Every lesson's starting scenario and reference fix (the new pieces: a shovel's republish,
/// orders and their canceller, cache writers), resolved the way the lesson menu loads them.
pub(super) fn every_lesson_scenario() -> Vec<(String, warren::sim::scenario::Scenario)> {
    use super::lessons::{load, root};
    let mut files: Vec<_> = std::fs::read_dir(root().join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 12, "{} lesson files", files.len());
    let mut out = Vec::new();
    for path in files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let lesson = warren::sim::lesson::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let resolved = lesson.resolve(&load).unwrap();
        out.push((format!("{name} start"), resolved.start));
        out.push((format!("{name} reference"), resolved.reference));
        for (i, run) in resolved.variants.into_iter().enumerate() {
            out.extend(run.map(|s| (format!("{name} predictions[{i}].run"), s)));
        }
    }
    out
}

#[test]
fn published_is_the_sum_of_fates_on_every_lesson_start_and_fix_at_several_moments() {
    for (name, s) in every_lesson_scenario() {
        assert_adds_up_at_moments(&name, &s, 5);
        let end = World::run(&s).unwrap();
        eprintln!("{name}: published {} = {}", end.guarantees.published, show(&end.fates));
        assert_adds_up(&format!("{name} at the end"), &end);
        assert_tally_is_the_copies(&format!("{name} at the end"), &end);
    }
}

/// For the screenshots of e2e/fates.test.mjs: one message per fate that a ready-made scenario
/// or a lesson's starting scenario shows (the first scenario that shows it), with the scenario,
/// the end of its run, the moment its fate was decided and the fate's sentence in both languages, written to
/// `target/e2e/fate-picks.json` (the e2e test opens each through a share link).
#[test]
fn one_message_per_fate_for_the_screenshots() {
    use warren::lang::Lang;
    let mut scenarios: Vec<(String, warren::sim::scenario::Scenario)> = every_ready_made()
        .into_iter()
        .map(|(name, text)| (name, warren::sim::scenario::parse(&text).unwrap()))
        .collect();
    scenarios.extend(every_lesson_scenario().into_iter().filter(|(n, _)| n.ends_with("start")));
    let mut picks = std::collections::BTreeMap::new();
    for (name, s) in &scenarios {
        let world = World::run(s).unwrap();
        // Only the fates not picked yet: stop looking once this run has none left.
        let new = |picks: &std::collections::BTreeMap<FateKind, serde_json::Value>| {
            FateKind::ALL.iter().filter(|k| world.fates.get(**k) > 0 && !picks.contains_key(*k)).count()
        };
        for producer in &s.producers {
            for n in 1.. {
                if new(&picks) == 0 {
                    break;
                }
                let id = format!("{}-{n}", producer.name);
                let Some(copies) = world.fates_of(&id) else { break };
                // The moment that decided it, so the canvas still shows its label (1.5 s).
                // (A crashed consumer's restart comes later than the loss: not that one.)
                let moment = || {
                    let life = warren::sim::inspect::full_lifecycle(&world, &world.log, &world.client_log, &id);
                    let restart = |s: &warren::sim::inspect::Step| {
                        matches!(s, warren::sim::inspect::Step::Client { step: warren::sim::client_event::ClientStep::Restarted { .. }, .. })
                    };
                    let last = life.steps.iter().rev().find(|s| !restart(&s.step)).map_or(0, |s| s.at.as_millis());
                    (last + 300).min(s.duration_ms)
                };
                // The lifecycle's last sentence for this fate: the fate's own sentence when the
                // message has one copy, the copy's sentence after its queue when it has several.
                for (i, c) in copies.iter().enumerate() {
                    let sentence = |lang| match copies.len() {
                        1 => c.fate.sentence(lang),
                        _ => warren::sim::fate::copy_sentence(c, lang),
                    };
                    picks.entry(c.fate.kind()).or_insert_with(|| {
                        serde_json::json!({
                            "fate": c.fate.kind().id(),
                            "source": name.rsplit('/').next().unwrap_or(name),
                            "message": id,
                            "copy": i,
                            "queue": c.queue.as_deref(),
                            "at_ms": s.duration_ms,
                            "moment_ms": moment(),
                            "en": sentence(Lang::En),
                            "zh": sentence(Lang::Zh),
                            "scenario": s.to_json().unwrap(),
                        })
                    });
                }
            }
        }
    }
    assert!(picks.len() >= 12, "{} fates shown: {:?}", picks.len(), picks.keys());
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e");
    std::fs::create_dir_all(&dir).unwrap();
    let list: Vec<_> = picks.into_values().collect();
    std::fs::write(dir.join("fate-picks.json"), serde_json::to_string(&list).unwrap()).unwrap();
}
