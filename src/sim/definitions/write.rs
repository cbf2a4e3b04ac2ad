//! Writing a definitions file by hand, with the scenario export's writer (`write_record!`,
//! `sim/scenario/write.rs`): byte for byte what serde_json's `to_string_pretty` made of the
//! `Serialize` derives it replaces, which the tests keep and compare.

use super::*;
use crate::sim::scenario::write::{write_record, Pretty};

impl Definitions {
    /// Pretty JSON, as `rabbitmqctl import_definitions` reads it.
    pub fn to_json_text(&self) -> String {
        Pretty::text(self)
    }
}

write_record!(Definitions {
    rabbit_version unless Option::is_none,
    rabbitmq_version unless Option::is_none,
    users unless Vec::is_empty,
    vhosts,
    permissions unless Vec::is_empty,
    topic_permissions unless Vec::is_empty,
    parameters unless Vec::is_empty,
    global_parameters unless Vec::is_empty,
    policies,
    queues,
    exchanges,
    bindings,
} + other);

write_record!(VhostDef { name } + other);

write_record!(ParameterDef {
    vhost unless Option::is_none,
    component,
    name,
} + other);

write_record!(PolicyDef {
    vhost unless Option::is_none,
    name,
    pattern,
    apply_to as "apply-to",
    definition,
    priority,
} + other);

write_record!(QueueDef {
    name,
    vhost unless Option::is_none,
    durable,
    auto_delete,
    arguments,
    kind as "type" unless Option::is_none,
} + other);

write_record!(ExchangeDef {
    name,
    vhost unless Option::is_none,
    kind as "type",
    durable,
    auto_delete,
    internal unless is_false,
    arguments,
} + other);

write_record!(BindingDef {
    source,
    vhost unless Option::is_none,
    destination,
    destination_type,
    routing_key,
    arguments,
} + other);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::scenario::mutants::json_files;

    /// Both writers on `d`: the same text.
    fn same(d: &Definitions, what: &str) {
        assert_eq!(
            d.to_json_text(),
            serde_json::to_string_pretty(d).unwrap(),
            "{what}"
        );
    }

    /// The export of every shipped scenario, the recorded broker files read back (their versions,
    /// users, parameters and unknown sections kept), and one with every optional field set.
    #[test]
    fn the_definitions_are_written_as_the_derive_wrote_them() {
        let mut written = 0;
        for (path, text) in json_files("scenarios") {
            let scenario = crate::sim::scenario::parse(&text).unwrap();
            same(&export(&scenario).definitions, &path);
            written += 1;
        }
        for (path, text) in json_files("conformance/definitions") {
            let Ok(imported) = crate::input::from_json::<Definitions>(&text) else {
                continue;
            };
            same(&imported, &path);
            written += 1;
            let mut odd = imported.clone();
            let extra: Map<String, Json> =
                serde_json::from_str(r#"{"z \"q\"": [1, 2.5, null], "a": {}}"#).unwrap();
            odd.other.extend(extra.clone());
            odd.rabbit_version = Some("3.10.0".into());
            odd.users.push(Json::Null);
            odd.vhosts.push(VhostDef {
                name: "v".into(),
                other: extra.clone(),
            });
            odd.parameters.push(ParameterDef {
                vhost: None,
                component: "c".into(),
                name: "n".into(),
                other: extra.clone(),
            });
            for q in &mut odd.queues {
                (q.kind, q.vhost) = (Some("quorum".into()), Some("/".into()));
                q.other.extend(extra.clone());
            }
            for e in &mut odd.exchanges {
                (e.internal, e.vhost) = (true, None);
            }
            same(&odd, &format!("{path}, odd"));
        }
        assert!(written > 17, "{written} definitions written");
    }
}
