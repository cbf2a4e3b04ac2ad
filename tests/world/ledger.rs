//! The ledger's lines (src/sim/ledger.rs): one set of figures for the CLI and the browser, the
//! fate lines adding up to `copies` (`published` where each message reaches one queue), in
//! English and Chinese; and a ledger never shown stale
//! during playback (every figure from the same moment, after a pause and a seek too).

use warren::core::Time;
use warren::lang::Lang;
use warren::sim::ledger::Ledger;
use warren::sim::Timeline;

use super::{pattern_text, ready_made, run};

fn value(ledger: &Ledger, id: &str) -> Option<u64> {
    ledger
        .figures
        .iter()
        .chain(&ledger.fates)
        .find(|l| l.id == id)
        .map(|l| l.value)
}

#[test]
fn the_fate_lines_add_up_to_published_and_read_in_both_languages() {
    let world = run(&pattern_text("tx-batches"));
    let g = &world.guarantees;
    for lang in Lang::ALL {
        let ledger = Ledger::new(g, &world.fates, lang);
        let sum: u64 = ledger.fates.iter().map(|l| l.value).sum();
        assert_eq!(Some(sum), value(&ledger, "copies"));
        // One queue: a copy per message.
        assert_eq!(Some(sum), value(&ledger, "published"));
        assert_eq!(value(&ledger, "rolled-back"), Some(g.tx_rolled_back));
        assert_eq!(
            value(&ledger, "tx-rolled-back"),
            Some(g.tx_rolled_back),
            "the rollbacks are a figure too"
        );
        let text = ledger.text(lang).join("\n");
        let expected = lang.pick(
            format!("rolled back (tx) {}", g.tx_rolled_back),
            format!("事务回滚 {}", g.tx_rolled_back),
        );
        assert!(text.contains(&expected), "{text}");
    }
}

#[test]
fn lock_overlaps_reordering_and_cache_figures_are_ledger_lines() {
    let lock = run(&pattern_text("distributed-lock"));
    let ledger = Ledger::new(&lock.guarantees, &lock.fates, Lang::Zh);
    assert_eq!(
        value(&ledger, "locks-acquired"),
        Some(lock.guarantees.locks_acquired)
    );
    assert!(
        ledger
            .text(Lang::Zh)
            .iter()
            .any(|l| l.starts_with("获取锁 ")),
        "{:?}",
        ledger.text(Lang::Zh)
    );
    if lock.guarantees.lock_overlaps > 0 {
        assert_eq!(
            value(&ledger, "lock-overlaps"),
            Some(lock.guarantees.lock_overlaps)
        );
    }
    let cache = run(&pattern_text("cache-aside"));
    let ledger = Ledger::new(&cache.guarantees, &cache.fates, Lang::En);
    assert!(
        cache.guarantees.cache_hits > 0 && cache.guarantees.cache_misses > 0,
        "{:?}",
        cache.guarantees
    );
    assert_eq!(
        value(&ledger, "cache-hits"),
        Some(cache.guarantees.cache_hits)
    );
    assert_eq!(
        value(&ledger, "cache-misses"),
        Some(cache.guarantees.cache_misses)
    );
    let fanout = run(&super::scenario_text("order-fanout"));
    let reordered: u64 = fanout.guarantees.out_of_order.values().sum();
    let ledger = Ledger::new(&fanout.guarantees, &fanout.fates, Lang::En);
    assert_eq!(value(&ledger, "out-of-order").unwrap_or(0), reordered);
}

/// The browser showed "processed 33" next to "acked 35" after a pause, and "processed 0" after
/// scrubbing back and playing: processed was recounted lazily, acked live. The timeline's
/// ledger is one consistent set now, whatever frames came since the last settle.
#[test]
fn playback_never_shows_processed_behind_acked() {
    let s = ready_made("work-queue");
    let mut t = Timeline::new(&s).unwrap();
    let check = |t: &Timeline, when: &str| {
        let g = t.guarantees();
        assert!(
            g.processed >= g.acked,
            "{when}: processed {} < acked {}",
            g.processed,
            g.acked
        );
        assert_eq!(
            t.fates().total(),
            g.published,
            "{when}: the fates are from the same moment"
        );
    };
    for frame in 0..600 {
        t.advance(16_667);
        check(&t, &format!("frame {frame}"));
        if frame % 30 == 0 {
            t.settle(); // playback settles twice a second
        }
    }
    t.settle(); // a pause
    check(&t, "paused");
    let processed = t.guarantees().processed;
    assert!(processed > 0);
    t.seek(Time::from_millis(3_000)); // a snapshot's time: restored, nothing replayed
    check(&t, "after the seek back");
    let mut fresh = Timeline::new(&s).unwrap();
    fresh.seek(Time::from_millis(3_000));
    assert_eq!(
        t.guarantees(),
        fresh.guarantees(),
        "the ledger of the moment sought, not of the one left"
    );
    assert_eq!(t.fates(), fresh.fates());
    let back = t.guarantees().processed;
    assert!(back > 0 && back <= processed, "{back} then {processed}");
    for frame in 0..120 {
        t.advance(16_667);
        check(&t, &format!("playing again, frame {frame}"));
        assert!(
            t.guarantees().processed >= back,
            "processed flickered down to {} after the seek",
            t.guarantees().processed
        );
    }
}

/// The newer clients' figures are ledger lines once they are not zero, the same values the
/// lessons read, labelled in both languages: republished (lesson 9's fix), orders (lesson 10),
/// cache writes, deletes and stale reads (lesson 11), inline calls and confirm latency
/// (lesson 1, start and fix).
#[test]
fn the_new_clients_figures_are_ledger_lines_in_both_languages() {
    let lessons = super::fates::every_lesson_scenario();
    let mut seen = std::collections::BTreeSet::new();
    for (name, s) in &lessons {
        let world = warren::sim::World::run(s).unwrap();
        let m = &world.measures;
        let en = Ledger::new(&world.guarantees, &world.fates, Lang::En).with_measures(m, Lang::En);
        let zh = Ledger::new(&world.guarantees, &world.fates, Lang::Zh).with_measures(m, Lang::Zh);
        for (id, figure) in [
            ("republished", "republished"),
            ("orders-placed", "orders_placed"),
            ("orders-paid", "orders_paid"),
            ("orders-cancelled", "orders_cancelled"),
            ("orders-kept-paid", "orders_kept_paid"),
            ("paid-orders-cancelled", "paid_orders_cancelled"),
            ("paid-after-cancel", "paid_after_cancel"),
            ("cache-writes", "cache_writes"),
            ("cache-deletes", "cache_deletes"),
            ("stale-reads", "stale_reads"),
            ("inline-calls", "inline_calls"),
            ("inline-failed", "inline_failed"),
            ("inline-latency-mean", "inline_latency_mean_us"),
            ("confirm-latency-mean", "confirm_latency_mean_us"),
            ("confirm-latency-p99", "confirm_latency_p99_us"),
            ("replicated", "replicated"),
            ("settle-lateness-max-ms", "settle_lateness_max_ms"),
            ("producer-done-ms", "producer_done_ms"),
            ("last-done-ms", "last_done_ms"),
        ] {
            let expected = warren::sim::lesson::figure(&world, figure).unwrap();
            let line = if expected == 0 { None } else { Some(expected) };
            assert_eq!(value(&en, id), line, "{name}: {id}");
            assert_eq!(value(&zh, id), line, "{name}: {id}");
            if expected > 0 {
                seen.insert(id);
                let label = |l: &Ledger| l.figures.iter().find(|x| x.id == id).unwrap().label;
                assert_ne!(label(&en), label(&zh), "{name}: {id} has a Chinese label");
                assert!(en.text(Lang::En).contains(&format!("{} {expected}", label(&en))));
            }
        }
        let alarm = |l: &Ledger, id: &str| l.figures.iter().find(|x| x.id == id).is_some_and(|x| x.alarm);
        assert_eq!(alarm(&en, "stale-reads"), m.stale_reads > 0, "{name}: a stale read is an alarm");
    }
    for id in ["republished", "orders-placed", "orders-cancelled", "paid-orders-cancelled", "cache-writes", "cache-deletes", "stale-reads", "inline-calls", "inline-failed", "confirm-latency-p99", "replicated", "settle-lateness-max-ms", "producer-done-ms", "last-done-ms"] {
        assert!(seen.contains(id), "some lesson shows {id}: {seen:?}");
    }
}

#[test]
fn the_playback_ledger_shows_the_measures_of_its_moment() {
    let (_, s) = super::fates::every_lesson_scenario().into_iter().find(|(n, _)| n.starts_with("11-") && n.ends_with("start")).unwrap();
    let end = warren::sim::World::run(&s).unwrap();
    let mut t = Timeline::new(&s).unwrap();
    t.seek(Time::from_millis(s.duration_ms / 2));
    let half = t.measures().cache_writes;
    assert!(half > 0 && half < end.measures.cache_writes, "{half} of {}", end.measures.cache_writes);
    t.seek(Time::from_millis(s.duration_ms));
    assert_eq!(t.measures(), &end.measures);
}

/// A lesson's key moment lights the ledger lines of the figures it names (the start's, and
/// each prediction's own run's), so each figure it names that is not zero in that run is on a
/// line the spotlight lights: a guarantee, a fate or a measure (lesson 2's `last_done_ms` and
/// lesson 4's `replicated` had none).
#[test]
fn every_figure_a_key_moment_names_is_a_ledger_line_it_lights() {
    use super::lessons::{load, root};
    use warren::sim::lesson::figure;
    use warren::ui::model::spotlight::Spotlight;
    let mut files: Vec<_> = std::fs::read_dir(root().join("lessons")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut checked = 0;
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let lesson = warren::sim::lesson::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let resolved = lesson.resolve(&load).unwrap();
        let mut runs = vec![(&resolved.start, &lesson.key_moment.highlight)];
        for (prediction, variant) in lesson.predictions.iter().zip(&resolved.variants) {
            if let (Some(run), Some(scenario)) = (&prediction.run, variant) {
                runs.push((scenario, &run.key_moment.highlight));
            }
        }
        for (scenario, highlight) in runs {
            let world = warren::sim::World::run(scenario).unwrap();
            let ledger = Ledger::new(&world.guarantees, &world.fates, Lang::En).with_measures(&world.measures, Lang::En);
            let spot = Spotlight::of(highlight);
            for f in &highlight.figures {
                let value = figure(&world, f).unwrap();
                if value == 0 {
                    continue;
                }
                let one = Spotlight { figures: vec![f.clone()], ..spot.clone() };
                let lit = ledger.figures.iter().any(|l| one.ledger_line(l.id, false))
                    || ledger.fates.iter().any(|l| one.ledger_line(l.id, l.id.starts_with("lost")));
                assert!(lit, "{}: {f} = {value} lights no ledger line", path.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "{checked} figures checked");
}
