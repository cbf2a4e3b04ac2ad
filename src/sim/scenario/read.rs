//! Reading a scenario's records and names by hand: one generic key reader and one generic slot
//! filler, shared by every record, instead of serde's derive, which writes per struct a field
//! visitor (for strings, bytes and indices), a map reader and a sequence reader, each inlined
//! into every `Vec` and `Option` of it (the scenario's readers were about 50 KB of the page's
//! wasm before wasm-opt). The messages, and where they are reported, are the derive's: checked
//! against the derive, kept in the tests, on every ready-made scenario and on their mutants
//! (`the_hand_readers_are_the_derive`). One difference, on purpose: a record written as an
//! array of its fields' values (`["p1", "", ["k"]]`, which the derive took in declaration
//! order) is refused as `invalid type: sequence, expected struct ProducerSpec`; no scenario
//! format documents that form.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, VariantAccess, Visitor,
};
use serde::Deserialize;
use serde_json::Map;

use super::defaults::*;
use super::*;
use crate::core::cluster::{PartitionHandling, Profile};

/// A field the record must have: its absence is refused, naming it.
macro_rules! required {
    ($key:ident) => {
        return Err(::serde::de::Error::missing_field(stringify!($key)))
    };
    ($key:literal) => {
        return Err(::serde::de::Error::missing_field($key))
    };
}

/// A record field's key: its name, or the one given after `as` (the derive's `rename`).
macro_rules! record_key {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $key:literal) => {
        $key
    };
}

/// `impl Deserialize` for a record whose keys are its fields' names (`field as "key"` where the
/// file's key differs): each field with the value it takes when absent. Unknown and repeated
/// keys are refused, as the derive's `deny_unknown_fields` does; missing fields are named in
/// declaration order.
macro_rules! read_record {
    ($ty:ident { $($field:ident $(as $key:literal)?: $absent:expr,)* }) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                const FIELDS: &[&str] = &[$($crate::sim::scenario::read::record_key!($field $($key)?)),*];
                struct Record;
                impl<'de> ::serde::de::Visitor<'de> for Record {
                    type Value = $ty;
                    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                        f.write_str(concat!("struct ", stringify!($ty)))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$ty, A::Error> {
                        $(let mut $field = None;)*
                        while let Some(key) = map.next_key_seed($crate::sim::scenario::read::Key(FIELDS))? {
                            // The key's index, counted down through the fields in order.
                            let mut at = key;
                            $(
                                if at == 0 {
                                    $crate::sim::scenario::read::put(&mut map, &mut $field, $crate::sim::scenario::read::record_key!($field $($key)?))?;
                                    continue;
                                }
                                at -= 1;
                            )*
                            let _ = at;
                        }
                        Ok($ty { $($field: match $field { Some(v) => v, None => $absent },)* })
                    }
                }
                // As a map: a sequence is refused where it starts (see the module's doc).
                deserializer.deserialize_map(Record)
            }
        }
    };
}

/// `impl Deserialize` for an enum of unit variants written as their names, and `name()`, the
/// name of each (what the export writes, `export.rs`).
macro_rules! read_names {
    ($ty:ident { $($variant:ident = $name:literal,)* }) => {
        impl $ty {
            /// Its name in a scenario file.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                const ALL: &[$ty] = &[$($ty::$variant),*];
                let i = $crate::sim::scenario::read::unit_variant(deserializer, stringify!($ty), &[$($name),*])?;
                Ok(ALL[i])
            }
        }
    };
}

pub(crate) use {read_record, record_key, required};

/// Reads a field's value into its slot; a key given twice is refused, naming it.
pub(crate) fn put<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A record's key: the index of its field, or the derive's error for an unknown one (raised as
/// the key is read, so the error's path names the key).
#[derive(Clone, Copy)]
pub(crate) struct Key(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("field identifier")
    }
    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|f| *f == name)
            .ok_or_else(|| E::unknown_field(name, self.0))
    }
}

/// The index of a unit variant of enum `name`, read as serde's derive reads one: the name as a
/// string (or `{"name": null}`), an unknown one refused with the list of `variants`.
pub(crate) fn unit_variant<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    variants: &'static [&'static str],
) -> Result<usize, D::Error> {
    struct Enum(&'static str, &'static [&'static str]);
    impl<'de> Visitor<'de> for Enum {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "enum {}", self.0)
        }
        fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
            let (i, variant) = data.variant_seed(Variant(self.1))?;
            variant.unit_variant()?;
            Ok(i)
        }
    }
    deserializer.deserialize_enum(name, variants, Enum(name, variants))
}

/// A variant's name: its index, or the derive's error for an unknown one.
pub(crate) struct Variant(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Variant {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Variant {
    type Value = usize;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("variant identifier")
    }
    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|v| *v == name)
            .ok_or_else(|| E::unknown_variant(name, self.0))
    }
}

read_record!(Scenario {
    version: required!(version),
    name: String::new(),
    description: String::new(),
    zh: None,
    seed: 0,
    duration_ms: required!(duration_ms),
    exchanges: Vec::new(),
    queues: Vec::new(),
    bindings: Vec::new(),
    producers: Vec::new(),
    consumers: Vec::new(),
    faults: Vec::new(),
    chaos: None,
    cluster: None,
    policies: Vec::new(),
    stores: StoresSpec::default(),
    network: NetworkSpec::default(),
    layout: Map::new(),
});

read_record!(Texts {
    name: String::new(),
    description: String::new(),
});

read_record!(ProducerSpec {
    name: required!(name),
    exchange: String::new(),
    keys: required!(keys),
    interval_ms: 0,
    rate_per_s: None,
    burst: None,
    count: None,
    start_ms: 0,
    persistent: yes(),
    mode: plain(),
    confirm_timeout_ms: None,
    mandatory: false,
    expiration: None,
    headers: Map::new(),
    message_ids: yes(),
    tx_batch: one(),
    tx_rollback: never(),
    node: None,
    orders: None,
    inline_call: None,
});

read_record!(BurstSpec {
    size: required!(size),
    at_ms: required!(at_ms),
});

read_record!(ConsumerSpec {
    name: required!(name),
    queue: required!(queue),
    auto_ack: false,
    prefetch: 0,
    priority: 0,
    processing_ms: Span::default(),
    processing: None,
    lock: None,
    cache: None,
    node: None,
    failure: never(),
    on_failure: reject(),
    idempotency: no_idempotency(),
    start_ms: 0,
    republish: None,
    orders: None,
    cache_write: None,
});

read_record!(Span {
    min: required!(min),
    max: required!(max),
});

read_record!(LockSpec {
    key: required!(key),
    lease_ms: required!(lease_ms),
    retry_ms: ten(),
});

read_record!(CacheSpec {
    ttl_ms: required!(ttl_ms),
});

read_record!(OrdersSpec {
    paid: required!(paid),
    pay_after_ms: required!(pay_after_ms),
});

read_record!(RepublishSpec {
    exchange: String::new(),
    routing_key: None,
    expiration: None,
});

read_record!(CacheWriteSpec {
    double_delete_ms: None,
});

read_record!(NetworkSpec {
    client_latency_us: 0,
});

read_record!(StoresSpec {
    redis: redis_default(),
    mysql: mysql_default(),
});

read_record!(StoreSpec {
    latency_ms: required!(latency_ms),
});

read_record!(ChaosSpec {
    start_ms: 0,
    end_ms: None,
    rates_per_s: required!(rates_per_s),
    delay_ms: hundred(),
    node_down_ms: five_seconds(),
    partition_ms: five_seconds(),
});

read_record!(ScheduledFault {
    at_ms: required!(at_ms),
    fault: required!(fault),
});

read_names!(PublishMode {
    Plain = "plain",
    Confirm = "confirm",
    Tx = "tx",
});

read_names!(Idempotency {
    None = "none",
    DedupSet = "dedup_set",
    UniqueKey = "unique_key",
});

read_names!(FailureAction {
    Reject = "reject",
    Requeue = "requeue",
});

read_names!(OrderAction {
    Cancel = "cancel",
    CancelUnpaid = "cancel_unpaid",
});

read_names!(Profile {
    V3 = "3.x",
    V4 = "4.x",
});

read_names!(PartitionHandling {
    Ignore = "ignore",
    PauseMinority = "pause_minority",
    Autoheal = "autoheal",
});

#[cfg(test)]
pub(crate) mod tests {
    use serde::de::DeserializeOwned;
    use serde_json::Value as Json;

    /// The records as serde's derive read them before (named and laid out alike: the derive's
    /// messages name the type, and their Debug texts are compared). `Fault`, `ChaosRates` and
    /// `Processing` have readers of their own and are shared; the core's specs are the derived
    /// ones of `read_topology.rs`.
    #[allow(dead_code)] // Their fields are read through Debug only.
    mod derived {
        use crate::core::rng::Ratio;
        use crate::sim::scenario::read_topology::tests::derived::{
            BindingSpec, ClusterConfig as ClusterSpec, ExchangeSpec, PolicySpec, QueueSpec,
        };
        use crate::sim::scenario::{ChaosRates, Fault, Processing};
        use serde::Deserialize;
        use serde_json::{Map, Value as Json};

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Scenario {
            pub version: u32,
            #[serde(default)]
            pub name: String,
            #[serde(default)]
            pub description: String,
            #[serde(default)]
            pub zh: Option<Texts>,
            #[serde(default)]
            pub seed: u64,
            pub duration_ms: u64,
            #[serde(default)]
            pub exchanges: Vec<ExchangeSpec>,
            #[serde(default)]
            pub queues: Vec<QueueSpec>,
            #[serde(default)]
            pub bindings: Vec<BindingSpec>,
            #[serde(default)]
            pub producers: Vec<ProducerSpec>,
            #[serde(default)]
            pub consumers: Vec<ConsumerSpec>,
            #[serde(default)]
            pub faults: Vec<ScheduledFault>,
            #[serde(default)]
            pub chaos: Option<ChaosSpec>,
            #[serde(default)]
            pub cluster: Option<ClusterSpec>,
            #[serde(default)]
            pub policies: Vec<PolicySpec>,
            #[serde(default)]
            pub stores: StoresSpec,
            #[serde(default)]
            pub network: NetworkSpec,
            #[serde(default)]
            pub layout: Map<String, Json>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Texts {
            #[serde(default)]
            pub name: String,
            #[serde(default)]
            pub description: String,
        }

        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum PublishMode {
            Plain,
            Confirm,
            Tx,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ProducerSpec {
            pub name: String,
            #[serde(default)]
            pub exchange: String,
            pub keys: Vec<String>,
            #[serde(default)]
            pub interval_ms: u64,
            #[serde(default)]
            pub rate_per_s: Option<u32>,
            #[serde(default)]
            pub burst: Option<BurstSpec>,
            #[serde(default)]
            pub count: Option<u64>,
            #[serde(default)]
            pub start_ms: u64,
            #[serde(default = "yes")]
            pub persistent: bool,
            #[serde(default = "plain")]
            pub mode: PublishMode,
            #[serde(default)]
            pub confirm_timeout_ms: Option<u64>,
            #[serde(default)]
            pub mandatory: bool,
            #[serde(default)]
            pub expiration: Option<String>,
            #[serde(default)]
            pub headers: Map<String, Json>,
            #[serde(default = "yes")]
            pub message_ids: bool,
            #[serde(default = "one")]
            pub tx_batch: u32,
            #[serde(default = "never")]
            pub tx_rollback: Ratio,
            #[serde(default)]
            pub node: Option<String>,
            #[serde(default)]
            pub orders: Option<OrdersSpec>,
            #[serde(default)]
            pub inline_call: Option<String>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct BurstSpec {
            pub size: u32,
            pub at_ms: Vec<u64>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Idempotency {
            None,
            DedupSet,
            UniqueKey,
        }

        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum FailureAction {
            Reject,
            Requeue,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ConsumerSpec {
            pub name: String,
            pub queue: String,
            #[serde(default)]
            pub auto_ack: bool,
            #[serde(default)]
            pub prefetch: u32,
            #[serde(default)]
            pub priority: i64,
            #[serde(default)]
            pub processing_ms: Span,
            #[serde(default)]
            pub processing: Option<Processing>,
            #[serde(default)]
            pub lock: Option<LockSpec>,
            #[serde(default)]
            pub cache: Option<CacheSpec>,
            #[serde(default)]
            pub node: Option<String>,
            #[serde(default = "never")]
            pub failure: Ratio,
            #[serde(default = "reject")]
            pub on_failure: FailureAction,
            #[serde(default = "no_idempotency")]
            pub idempotency: Idempotency,
            #[serde(default)]
            pub start_ms: u64,
            #[serde(default)]
            pub republish: Option<RepublishSpec>,
            #[serde(default)]
            pub orders: Option<OrderAction>,
            #[serde(default)]
            pub cache_write: Option<CacheWriteSpec>,
        }

        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Span {
            pub min: u64,
            pub max: u64,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct LockSpec {
            pub key: String,
            pub lease_ms: u64,
            #[serde(default = "ten")]
            pub retry_ms: u64,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct CacheSpec {
            pub ttl_ms: u64,
        }

        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct NetworkSpec {
            #[serde(default)]
            pub client_latency_us: u64,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct StoresSpec {
            #[serde(default = "redis_default")]
            pub redis: StoreSpec,
            #[serde(default = "mysql_default")]
            pub mysql: StoreSpec,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct StoreSpec {
            pub latency_ms: u64,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct OrdersSpec {
            pub paid: Ratio,
            pub pay_after_ms: Span,
        }

        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum OrderAction {
            Cancel,
            CancelUnpaid,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RepublishSpec {
            #[serde(default)]
            pub exchange: String,
            #[serde(default)]
            pub routing_key: Option<String>,
            #[serde(default)]
            pub expiration: Option<String>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct CacheWriteSpec {
            #[serde(default)]
            pub double_delete_ms: Option<u64>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ChaosSpec {
            #[serde(default)]
            pub start_ms: u64,
            #[serde(default)]
            pub end_ms: Option<u64>,
            pub rates_per_s: ChaosRates,
            #[serde(default = "hundred")]
            pub delay_ms: u64,
            #[serde(default = "five_seconds")]
            pub node_down_ms: u64,
            #[serde(default = "five_seconds")]
            pub partition_ms: u64,
        }

        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ScheduledFault {
            pub at_ms: u64,
            pub fault: Fault,
        }

        impl Default for StoresSpec {
            fn default() -> StoresSpec {
                StoresSpec {
                    redis: redis_default(),
                    mysql: mysql_default(),
                }
            }
        }

        fn yes() -> bool {
            true
        }
        fn plain() -> PublishMode {
            PublishMode::Plain
        }
        fn never() -> Ratio {
            Ratio::NEVER
        }
        fn reject() -> FailureAction {
            FailureAction::Reject
        }
        fn no_idempotency() -> Idempotency {
            Idempotency::None
        }
        fn one() -> u32 {
            1
        }
        fn ten() -> u64 {
            10
        }
        fn hundred() -> u64 {
            100
        }
        fn five_seconds() -> u64 {
            5_000
        }
        fn redis_default() -> StoreSpec {
            StoreSpec { latency_ms: 1 }
        }
        fn mysql_default() -> StoreSpec {
            StoreSpec { latency_ms: 5 }
        }
    }

    /// Reads `text` as a scenario with both readers: the same value (by its Debug text) or the
    /// same error line.
    fn same(text: &str) -> Result<(), String> {
        same_as::<crate::sim::scenario::Scenario, derived::Scenario>(text)
    }

    pub(crate) fn same_as<H: DeserializeOwned + std::fmt::Debug, D: DeserializeOwned + std::fmt::Debug>(
        text: &str,
    ) -> Result<(), String> {
        let hand = format!("{:?}", crate::input::from_json::<H>(text));
        let derived = format!("{:?}", crate::input::from_json::<D>(text));
        if hand == derived {
            Ok(())
        } else {
            Err(format!("{text}\n hand:    {hand}\n derived: {derived}"))
        }
    }

    /// Every ready-made scenario and every scenario of a lesson (the ones it loads and patches
    /// are files under scenarios/).
    fn shipped() -> Vec<(String, String)> {
        super::super::mutants::json_files("scenarios")
    }

    #[test]
    fn every_shipped_scenario_reads_as_the_derive_reads_it() {
        let files = shipped();
        assert!(files.len() >= 17, "{} scenario files", files.len());
        for (path, text) in &files {
            let read = crate::input::from_json::<crate::sim::scenario::Scenario>(text);
            assert!(read.is_ok(), "{path}: {read:?}");
            same(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }

    /// The mutants of every shipped scenario (`mutants.rs`): both readers agree on each.
    #[test]
    fn the_hand_readers_are_the_derive() {
        let (mut cases, mut refused) = (0usize, 0usize);
        for (_, text) in shipped() {
            let original: Json = serde_json::from_str(&text).unwrap();
            super::super::mutants::mutants(&original, |text| {
                cases += 1;
                refused += crate::input::from_json::<crate::sim::scenario::Scenario>(&text).is_err()
                    as usize;
                same(&text).unwrap();
            });
        }
        assert!(
            cases > 10_000 && refused > cases / 2,
            "{cases} cases, {refused} refused"
        );
    }

    /// The cluster's enums (the core's), read by `read_names!` as their derives read them.
    #[test]
    fn the_cluster_names_read_as_the_derive_reads_them() {
        #[derive(Debug, serde::Deserialize)]
        enum Profile {
            #[serde(rename = "3.x")]
            V3,
            #[serde(rename = "4.x")]
            V4,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum PartitionHandling {
            Ignore,
            PauseMinority,
            Autoheal,
        }
        use crate::core::cluster as hand;
        let inputs = [
            "\"3.x\"", "\"4.x\"", "\"3\"", "\"V3\"", "\"ignore\"", "\"pause_minority\"", "\"autoheal\"",
            "\"Autoheal\"", "\"\"", "null", "0", "1", "-1", "true", "[]", "[\"3.x\"]", "{}", "{\"3.x\": null}",
            "{\"ignore\": null}", "{\"4.x\": 1}", "{\"autoheal\": []}", "{\"a\": null}",
            "{\"ignore\": null, \"autoheal\": null}",
        ];
        let mut accepted = 0;
        for text in inputs {
            // Alone, and inside a list over lines (the error's path and position compared too).
            let listed = format!("[\n  {text}\n]");
            same_as::<hand::Profile, Profile>(text).unwrap();
            same_as::<Vec<hand::Profile>, Vec<Profile>>(&listed).unwrap();
            same_as::<hand::PartitionHandling, PartitionHandling>(text).unwrap();
            same_as::<Vec<hand::PartitionHandling>, Vec<PartitionHandling>>(&listed).unwrap();
            accepted += crate::input::from_json::<hand::Profile>(text).is_ok() as usize;
            accepted += crate::input::from_json::<hand::PartitionHandling>(text).is_ok() as usize;
        }
        // Each of the five names as a string, and two as `{name: null}`.
        assert_eq!(accepted, 7);
    }

    #[test]
    fn a_record_as_an_array_is_refused_by_name() {
        let e = crate::input::from_json::<crate::sim::scenario::Scenario>(
            "{\"version\": 1, \"duration_ms\": 5, \"producers\": [[\"p1\", \"\", [\"k\"]]]}",
        )
        .unwrap_err();
        assert_eq!(e, "producers[0]: invalid type: sequence, expected struct ProducerSpec at line 1 column 47");
    }
}
