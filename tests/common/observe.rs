//! What a client observes: deliveries, returns and `x-death` records.
#![allow(dead_code)]

use std::rc::Rc;

use warren::core::message::Death;
use warren::core::{ChannelId, Message, Time};

/// One `basic.deliver` or `basic.get-ok` as the client sees it.
#[derive(Clone, Debug)]
pub struct Got {
    pub at: Time,
    pub queue: String,
    pub channel: ChannelId,
    /// None for `basic.get`.
    pub consumer: Option<String>,
    pub tag: u64,
    pub redelivered: bool,
    pub body: String,
    pub msg: Rc<Message>,
}

impl Got {
    pub fn exchange(&self) -> &str {
        &self.msg.exchange
    }
    pub fn routing_key(&self) -> &str {
        &self.msg.routing_key
    }
    pub fn deaths(&self) -> &[Death] {
        self.msg.deaths()
    }
}

/// A `basic.return` as the client sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Returned {
    pub code: u16,
    pub exchange: String,
    pub routing_key: String,
    pub body: String,
}

/// An `x-death` entry reduced to the fields the numbered scenarios of docs/rabbitmq-rules.md name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XDeath {
    pub queue: String,
    pub reason: &'static str,
    pub count: u64,
    pub exchange: String,
    pub routing_keys: Vec<String>,
    pub original_expiration: Option<String>,
}

pub fn x_death(msg: &Message) -> Vec<XDeath> {
    msg.deaths()
        .iter()
        .map(|d| XDeath {
            queue: d.queue.to_string(),
            reason: d.reason.as_str(),
            count: d.count,
            exchange: d.exchange.to_string(),
            routing_keys: d.routing_keys.iter().map(|k| k.to_string()).collect(),
            original_expiration: d.original_expiration.clone(),
        })
        .collect()
}

/// `x-first-death-queue`, `-reason`, `-exchange`.
pub fn first_death(msg: &Message) -> Option<(String, &'static str, String)> {
    msg.extra().first_death.as_ref().map(|(q, r, x)| (q.to_string(), r.as_str(), x.to_string()))
}

pub fn ms(t: Time) -> u64 {
    t.as_millis()
}
