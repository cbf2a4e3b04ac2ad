//! The scenario's export (`Scenario::to_pretty_json`): each record's fields in the order the
//! file format lists them, written by `write.rs`, and the fields left out when they hold their
//! default. The tests hold it to the `Serialize` derives it replaced, byte for byte.

use super::defaults::*;
use super::write::{write_record, Export, Pretty};
use super::*;
use crate::core::cluster::{PartitionHandling, Profile};
use crate::core::rng::Ratio;

impl Scenario {
    /// The scenario as the export writes it: pretty JSON (two spaces a level, fields in the
    /// format's order).
    pub fn to_pretty_json(&self) -> String {
        Pretty::text(self)
    }
}

write_record!(Scenario {
    version,
    name,
    description,
    zh unless Option::is_none,
    seed,
    duration_ms,
    exchanges,
    queues,
    bindings,
    producers,
    consumers,
    faults,
    chaos unless Option::is_none,
    cluster unless Option::is_none,
    policies unless Vec::is_empty,
    stores unless StoresSpec::is_default,
    network unless NetworkSpec::is_default,
    layout,
});

write_record!(Texts { name, description });

write_record!(ExchangeSpec {
    name,
    kind as "type",
    durable,
    auto_delete unless is_false,
    internal,
    args,
});

write_record!(QueueSpec {
    name,
    durable,
    exclusive unless is_false,
    auto_delete unless is_false,
    passive unless is_false,
    node unless Option::is_none,
    args,
});

write_record!(BindingSpec {
    source,
    dest,
    key,
    args,
    to_exchange,
});

write_record!(PolicySpec {
    name,
    pattern,
    priority,
    definition,
});

write_record!(ClusterSpec {
    nodes,
    profile,
    partition_handling,
    inter_node_latency_us,
    election_timeout_ms,
});

write_record!(ProducerSpec {
    name,
    exchange,
    keys,
    interval_ms unless is_zero,
    rate_per_s unless Option::is_none,
    burst unless Option::is_none,
    count,
    start_ms,
    persistent,
    mode,
    confirm_timeout_ms,
    mandatory,
    expiration,
    headers,
    message_ids,
    tx_batch unless is_one,
    tx_rollback unless is_never,
    node unless Option::is_none,
    orders unless Option::is_none,
    inline_call unless Option::is_none,
});

write_record!(BurstSpec { size, at_ms });

write_record!(ConsumerSpec {
    name,
    queue,
    auto_ack,
    prefetch,
    priority,
    processing_ms,
    processing unless Option::is_none,
    lock unless Option::is_none,
    cache unless Option::is_none,
    node unless Option::is_none,
    failure,
    on_failure,
    idempotency,
    start_ms,
    republish unless Option::is_none,
    orders unless Option::is_none,
    cache_write unless Option::is_none,
});

write_record!(Span { min, max });
write_record!(Ratio {
    numerator,
    denominator,
});
write_record!(LockSpec {
    key,
    lease_ms,
    retry_ms,
});
write_record!(CacheSpec { ttl_ms });
write_record!(OrdersSpec { paid, pay_after_ms });

write_record!(RepublishSpec {
    exchange,
    routing_key unless Option::is_none,
    expiration unless Option::is_none,
});

write_record!(CacheWriteSpec { double_delete_ms unless Option::is_none, });
write_record!(NetworkSpec { client_latency_us });
write_record!(StoresSpec { redis, mysql });
write_record!(StoreSpec { latency_ms });

write_record!(ChaosSpec {
    start_ms,
    end_ms,
    rates_per_s,
    delay_ms,
    node_down_ms,
    partition_ms,
});

write_record!(ScheduledFault { at_ms, fault });

/// The rates by the names of their kinds, in the kinds' order.
impl Export for ChaosRates {
    fn export(&self, out: &mut Pretty) {
        let mut record = out.record();
        for (kind, rate) in self.iter() {
            record.field(kind.name(), &rate);
        }
        record.end();
    }
}

/// Tagged by `kind`, then the fields of its variant.
impl Export for Fault {
    fn export(&self, out: &mut Pretty) {
        let mut record = out.record();
        record.field("kind", &self.kind().name());
        match self {
            Fault::CrashConsumer { consumer } | Fault::LoseNextAck { consumer } => {
                record.field("consumer", consumer)
            }
            Fault::LoseNextConfirm { producer } | Fault::CrashProducer { producer } => {
                record.field("producer", producer)
            }
            Fault::KillConnection { client } | Fault::DropMessage { client } => {
                record.field("client", client)
            }
            Fault::DelayMessage { client, delay_ms } => {
                record.field("client", client);
                record.field("delay_ms", delay_ms);
            }
            Fault::KillNode { node } | Fault::StopNode { node } | Fault::StartNode { node } => {
                record.field("node", node)
            }
            Fault::Partition { sides } => record.field("sides", sides),
            Fault::RestartBroker | Fault::Heal => {}
        }
        record.end();
    }
}

/// Tagged by `dist`, then the fields of its variant.
impl Export for Processing {
    fn export(&self, out: &mut Pretty) {
        let mut record = out.record();
        match self {
            Processing::Fixed { ms } => {
                record.field("dist", &"fixed");
                record.field("ms", ms);
            }
            Processing::Uniform { min_ms, max_ms } => {
                record.field("dist", &"uniform");
                record.field("min_ms", min_ms);
                record.field("max_ms", max_ms);
            }
            Processing::Exponential { mean_ms } => {
                record.field("dist", &"exponential");
                record.field("mean_ms", mean_ms);
            }
        }
        record.end();
    }
}

/// The enums written as their names.
macro_rules! write_names {
    ($($ty:ty),*) => {
        $(impl Export for $ty {
            fn export(&self, out: &mut Pretty) {
                out.string(self.name());
            }
        })*
    };
}

write_names!(
    PublishMode,
    Idempotency,
    FailureAction,
    OrderAction,
    Profile,
    PartitionHandling
);

fn is_false(b: &bool) -> bool {
    !*b
}

#[cfg(test)]
#[path = "export_tests.rs"]
mod tests;
