//! The routing pipeline: from a target exchange to the set of queues, across exchange-to-exchange
//! bindings and alternate exchanges, giving every queue at most one copy.

pub mod cache;
pub mod headers;
pub mod topic;

use std::collections::BTreeMap;
use std::rc::Rc;

use super::exchange::{Destination, Exchange, ExchangeKind};
use super::ids::QueueId;
use super::value::Table;

/// Routes one message. `queue_named` resolves the default exchange's implicit bindings.
/// Returns the destination queues in id order, without duplicates.
pub fn route(
    exchanges: &BTreeMap<Rc<str>, Exchange>,
    queue_named: impl Fn(&str) -> Option<QueueId>,
    start: &str,
    keys: &[Rc<str>],
    headers: &Table,
) -> Vec<QueueId> {
    let mut queues = Vec::new();
    if start.is_empty() {
        // The default exchange: every queue is bound under its own name; it has no AE.
        queues.extend(keys.iter().filter_map(|k| queue_named(k)));
    } else {
        let mut visited: Vec<&str> = Vec::new();
        let mut work: Vec<&str> = vec![start];
        let mut key_words: Option<Vec<Vec<&str>>> = None;
        while let Some(name) = work.pop() {
            if visited.contains(&name) {
                continue;
            }
            visited.push(name);
            // A missing exchange (e.g. an alternate exchange never declared) is skipped.
            let Some(exchange) = exchanges.get(name) else { continue };
            if exchange.kind == ExchangeKind::Topic && key_words.is_none() {
                key_words = Some(keys.iter().map(|k| topic::words(k)).collect());
            }
            let words = key_words.as_deref().unwrap_or(&[]);
            let mut found = false;
            for binding in &exchange.bindings {
                if binding.matches(keys, words, headers) {
                    found = true;
                    match &binding.destination {
                        Destination::Queue(q) => queues.push(*q),
                        Destination::Exchange(x) => work.push(x),
                    }
                }
            }
            // The AE is used only when the exchange's own bindings gave no destination at all.
            if !found {
                if let Some(alternate) = exchange.alternate() {
                    work.push(alternate);
                }
            }
        }
    }
    queues.sort_unstable();
    queues.dedup();
    queues
}
