//! The delivery acknowledgement timeout (`consumer_timeout`, default 30 minutes). As in
//! RabbitMQ 3.x, each channel checks once a minute; a delivery left unacknowledged longer than
//! the timeout closes the whole channel with 406, which requeues everything it held.

use super::broker::{Broker, Timer};
use super::ids::ChannelId;
use super::time::Time;
use super::value::Value;

/// How often a channel checks its deliveries.
const CHECK_EVERY_MS: u64 = 60_000;

impl Broker {
    /// The timeout for deliveries from a queue: its `x-consumer-timeout`, else the broker's.
    fn ack_timeout_of(&self, queue: super::ids::QueueId) -> Option<u64> {
        let per_queue = self.queue(queue).and_then(|q| q.args.get("x-consumer-timeout")).and_then(Value::as_int);
        match per_queue {
            Some(ms) if ms >= 0 => Some(ms as u64),
            _ => self.consumer_timeout,
        }
    }

    /// The earliest once-a-minute tick at which one of the channel's deliveries is overdue.
    fn next_ack_check(&self, channel: ChannelId) -> Option<Time> {
        let ch = self.channel(channel)?;
        let due = ch.unacked.iter().filter_map(|d| self.ack_timeout_of(d.queue).map(|t| d.delivered_at.plus_millis(t))).min()?;
        let period = Time::from_millis(CHECK_EVERY_MS).0;
        let since_open = due.0.saturating_sub(ch.opened_at.0);
        Some(ch.opened_at.plus_micros(since_open.div_ceil(period).saturating_mul(period)))
    }

    /// Arms the channel's check unless one is armed already (a check re-arms itself).
    #[inline]
    pub(super) fn arm_ack_timeout(&mut self, channel: ChannelId) {
        // On every delivery, and almost always armed already: checked in the caller.
        if self.consumer_timeout.is_none() || self.channel(channel).is_none_or(|c| c.timeout_check.is_some()) {
            return;
        }
        self.arm_ack_check(channel);
    }

    #[inline(never)]
    fn arm_ack_check(&mut self, channel: ChannelId) {
        if let Some(at) = self.next_ack_check(channel) {
            self.channel_mut(channel).expect("checked").timeout_check = Some(at);
            self.schedule(at, Timer::AckTimeout(channel));
        }
    }

    pub(super) fn check_ack_timeout(&mut self, channel: ChannelId) {
        let now = self.now;
        let Some(ch) = self.channel_mut(channel) else { return };
        ch.timeout_check = None;
        let overdue = self.channel(channel).expect("checked").unacked.iter().find_map(|d| {
            let timeout = self.ack_timeout_of(d.queue)?;
            (d.delivered_at.plus_millis(timeout) <= now).then_some(timeout)
        });
        match overdue {
            Some(timeout) => self.close_channel(
                channel,
                406,
                &format!(
                    "PRECONDITION_FAILED - delivery acknowledgement on channel {} timed out. Timeout value used: {timeout} ms",
                    channel.0
                ),
            ),
            None => self.arm_ack_timeout(channel),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::command::{Command, Reply};
    use crate::core::event::Event;
    use crate::core::{Broker, Properties, Time};

    fn consumer_holding_one_message(broker: &mut Broker) -> crate::core::ChannelId {
        let Ok(Reply::Connection(conn)) = broker.apply(Command::OpenConnection { name: "c".into() }) else { panic!() };
        let Ok(Reply::Channel(ch)) = broker.apply(Command::OpenChannel { connection: conn }) else { panic!() };
        let declare = Command::DeclareQueue { channel: ch, name: "q".into(), durable: true, exclusive: false, auto_delete: false, args: Default::default(), passive: false };
        broker.apply(declare).unwrap();
        broker.apply(Command::Consume { channel: ch, queue: "q".into(), tag: "c1".into(), auto_ack: false, exclusive: false, args: Default::default() }).unwrap();
        let publish = Command::Publish { channel: ch, exchange: "".into(), routing_key: "q".into(), mandatory: false, immediate: false, properties: Properties::default(), body: "m1".into() };
        broker.apply(publish).unwrap();
        ch
    }

    #[test]
    fn an_unacked_delivery_past_the_timeout_closes_the_channel_at_the_next_minute_tick() {
        let mut broker = Broker::new(1);
        broker.advance_to(Time::from_millis(20_000)).unwrap();
        let ch = consumer_holding_one_message(&mut broker);
        // Due at 20 s + 30 min; the channel (opened at 20 s) checks at 20 s + k minutes.
        broker.advance_to(Time::from_millis(20_000 + 1_800_000 - 1)).unwrap();
        assert!(broker.channel(ch).is_some(), "not yet overdue");
        broker.advance_to(Time::from_millis(20_000 + 1_800_000)).unwrap();
        assert!(broker.channel(ch).is_none(), "closed at the first tick after the timeout");
        let closed = broker.drain_events().into_iter().find_map(|e| match e.event {
            Event::ChannelClosed { code, .. } => Some((e.at, code)),
            _ => None,
        });
        assert_eq!(closed, Some((Time::from_millis(1_820_000), 406)));
        let q = broker.queue_named("q").unwrap();
        assert_eq!(q.ready.len(), 1);
        assert!(q.ready.iter().all(|m| m.redelivered), "requeued as redelivered");
        broker.check_conservation().unwrap();
    }

    #[test]
    fn acking_in_time_or_disabling_the_timeout_keeps_the_channel() {
        let mut broker = Broker::new(1);
        let ch = consumer_holding_one_message(&mut broker);
        broker.apply(Command::Ack { channel: ch, tag: 1, multiple: false }).unwrap();
        broker.advance_to(Time::from_millis(10_000_000)).unwrap();
        assert!(broker.channel(ch).is_some());

        let mut broker = Broker::new(1);
        broker.set_consumer_timeout(None);
        let ch = consumer_holding_one_message(&mut broker);
        broker.advance_to(Time::from_millis(10_000_000)).unwrap();
        assert!(broker.channel(ch).is_some());
    }
}
