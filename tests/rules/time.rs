//! The core's time contract (the doc comment on `Broker`): virtual time only moves forward;
//! asking for an earlier instant is an error value that changes nothing. (That the next deadline
//! is never before `now` is checked after every step of the random runs, tests/runs.)

use crate::common::*;
use warren::core::broker::TimeWentBackwards;
use warren::core::Time;

#[test]
fn advancing_to_an_earlier_instant_is_refused_and_changes_nothing() {
    let (mut sim, ch) = setup();
    sim.declare(ch, queue("q").ttl(1000));
    sim.publish(ch, msg("m").key("q"));
    sim.advance_to(500);
    let deadline = sim.broker.next_deadline();
    let pending = sim.broker.pending_events().len();

    let refused = sim.broker.advance_to(Time::from_millis(100));
    assert_eq!(refused, Err(TimeWentBackwards { now: Time::from_millis(500), until: Time::from_millis(100) }));
    assert_eq!(refused.unwrap_err().to_string(), "time cannot move backwards: now is 500.000 ms, asked for 100.000 ms");
    assert_eq!((sim.now_ms(), sim.broker.next_deadline()), (500, deadline));
    assert_eq!(sim.broker.pending_events().len(), pending);
    assert_eq!(sim.ready("q"), ["m"], "nothing expired");

    // The same instant is allowed (it fires what is due), and later ones go on as before.
    assert_eq!(sim.broker.advance_to(Time::from_millis(500)), Ok(()));
    sim.advance_to(1000);
    assert!(sim.ready("q").is_empty(), "the message expired at 1000 ms");
    sim.check();
}
