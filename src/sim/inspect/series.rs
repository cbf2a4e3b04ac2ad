//! Time series for the charts: queue depths and rates per time bucket.

use std::collections::BTreeMap;
use std::rc::Rc;

use super::*;
use crate::core::{CopyId, Event, MsgId, QueueId, Stamped, Time};

/// Per time bucket: each queue's depth (ready + unacked) at the bucket's end, and how many
/// publishes, deliveries and acks happened in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    pub bucket: Time,
    pub depth: BTreeMap<Rc<str>, Vec<u64>>,
    pub published: Vec<u64>,
    pub delivered: Vec<u64>,
    pub acked: Vec<u64>,
    /// Mean end-to-end latency (ms) of the messages processed in the bucket: from the first
    /// publish of the message id to its ack (or its auto-ack delivery); 0 when none was.
    pub latency: Vec<u64>,
}

/// The series of `log` from 0 to `until` in `buckets` buckets.
pub fn series(log: &[Stamped], until: Time, buckets: usize) -> Series {
    let buckets = buckets.max(1);
    let bucket = Time((until.0 / buckets as u64).max(1));
    let names = queue_names(log);
    let mut s = Series { bucket, published: vec![0; buckets], delivered: vec![0; buckets], acked: vec![0; buckets], ..Series::default() };
    let mut first_publish: BTreeMap<Rc<str>, Time> = BTreeMap::new();
    let mut bodies: BTreeMap<MsgId, Rc<str>> = BTreeMap::new();
    let mut copies: BTreeMap<CopyId, Rc<str>> = BTreeMap::new();
    let mut latency_sum = vec![0u64; buckets];
    let mut latency_n = vec![0u64; buckets];
    // Per named queue, in id order: its depth now and its series. A list found by binary search
    // (a few queues), not two B-tree maps of these types of their own in the page's wasm; a
    // queue with no name in the log has no series, so its depth is not kept.
    let mut depth: Vec<(QueueId, i64, Vec<u64>)> = names.keys().map(|q| (*q, 0, vec![0; buckets])).collect();
    let mut filled = 0;
    let fill = |upto: usize, filled: &mut usize, depth: &mut Vec<(QueueId, i64, Vec<u64>)>| {
        while *filled < upto.min(buckets) {
            for (_, now, v) in depth.iter_mut() {
                v[*filled] = (*now).max(0) as u64;
            }
            *filled += 1;
        }
    };
    for e in log.iter().take_while(|e| e.at <= until) {
        let i = ((e.at.0 / bucket.0) as usize).min(buckets - 1);
        fill(i, &mut filled, &mut depth);
        let mut change = |q: &QueueId, by: i64| {
            if let Ok(at) = depth.binary_search_by_key(q, |d| d.0) {
                depth[at].1 += by;
            }
        };
        let mut processed = |body: Option<&Rc<str>>| {
            if let Some(at) = body.and_then(|b| first_publish.get(b)) {
                latency_sum[i] += e.at.as_millis().saturating_sub(at.as_millis());
                latency_n[i] += 1;
            }
        };
        match &e.event {
            Event::Published { msg, .. } => {
                s.published[i] += 1;
                bodies.insert(msg.id, msg.body.clone());
                first_publish.entry(msg.body.clone()).or_insert(e.at);
            }
            Event::Enqueued { queue, copy, msg } => {
                change(queue, 1);
                if let Some(b) = bodies.get(msg) {
                    copies.insert(*copy, b.clone());
                }
            }
            Event::Delivered { queue, auto_ack, msg, .. } => {
                s.delivered[i] += 1;
                if *auto_ack {
                    change(queue, -1);
                    processed(Some(&msg.body));
                }
            }
            Event::Acked { queue, copy, .. } => {
                s.acked[i] += 1;
                change(queue, -1);
                processed(copies.get(copy));
            }
            Event::DeadLettered { queue, msg, .. } => {
                change(queue, -1);
                bodies.insert(msg.id, msg.body.clone());
            }
            Event::Dropped { queue, .. } => change(queue, -1),
            _ => {}
        }
    }
    fill(buckets, &mut filled, &mut depth);
    s.latency = latency_sum.iter().zip(&latency_n).map(|(sum, n)| if *n == 0 { 0 } else { sum / n }).collect();
    s.depth = crate::ordered::map_of(depth.into_iter().filter_map(|(q, _, v)| names.get(&q).map(|n| (n.clone(), v))));
    s
}
