//! RabbitMQ definitions: export and import (`src/sim/definitions/`). The live round trip through
//! a real RabbitMQ 3.10 is `conformance/definitions.sh`; these pin the conversions natively.

use std::fs;

use serde_json::json;
use warren::sim::definitions::{export, import};
use warren::sim::scenario::parse;
use warren::sim::Scenario;

fn read(path: &str) -> String {
    fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Names in order (a broker writes its entities in an order of its own).
fn sorted<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut names: Vec<_> = names.collect();
    names.sort();
    names
}

fn ready_made() -> Vec<(String, Scenario)> {
    let mut all = Vec::new();
    for dir in ["scenarios", "scenarios/patterns", "conformance/definitions/warren"] {
        let mut names: Vec<_> = fs::read_dir(format!("{}/{dir}", env!("CARGO_MANIFEST_DIR")))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        for path in names {
            all.push((path.display().to_string(), parse(&fs::read_to_string(&path).unwrap()).unwrap()));
        }
    }
    all
}

#[test]
fn every_ready_made_topology_survives_export_and_import() {
    let all = ready_made();
    assert!(all.len() >= 14, "found {} scenarios", all.len());
    for (name, scenario) in all {
        let text = export(&scenario).definitions.to_json_text();
        let imported = import(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let back = imported.scenario;
        assert_eq!(back.exchanges, scenario.exchanges, "{name}");
        let placed_nowhere: Vec<_> = scenario
            .queues
            .iter()
            .cloned()
            .map(|mut q| {
                q.node = None;
                q
            })
            .collect();
        assert_eq!(back.queues, placed_nowhere, "{name}");
        assert_eq!(back.bindings, scenario.bindings, "{name}");
        assert_eq!(back.policies, scenario.policies, "{name}");
        assert!(back.producers.is_empty() && back.consumers.is_empty(), "{name}");
        // Nothing of the topology is warned about: only the missing clients (and the cluster).
        let unexpected: Vec<_> = imported.warnings.iter().filter(|w| !w.starts_with("producers, consumers:") && !w.starts_with("policies: ha-*")).collect();
        assert!(unexpected.is_empty(), "{name}: {unexpected:?}");
        assert_eq!(export(&back).definitions.to_json_text(), text, "{name}: a second round trip changes nothing");
    }
}

#[test]
fn export_writes_rabbitmq_3_10_fields() {
    let scenario = parse(&read("conformance/definitions/warren/every-feature.json")).unwrap();
    let exported = export(&scenario);
    let value: serde_json::Value = serde_json::from_str(&exported.definitions.to_json_text()).unwrap();
    assert_eq!(value["vhosts"], json!([{"name": "/"}]));
    let exchanges = value["exchanges"].as_array().unwrap();
    let inner = exchanges.iter().find(|x| x["name"] == "inner").unwrap();
    let front = exchanges.iter().find(|x| x["name"] == "front").unwrap();
    assert_eq!(inner["internal"], true);
    assert!(front.get("internal").is_none(), "3.10 writes no internal key: {front}");
    assert_eq!(front["arguments"]["alternate-exchange"], "unrouted");
    assert_eq!(front["vhost"], "/");
    assert_eq!(front["auto_delete"], false);
    let qq = value["queues"].as_array().unwrap().iter().find(|q| q["name"] == "qq").unwrap();
    assert_eq!(qq["type"], "quorum");
    assert_eq!(qq["arguments"]["x-delivery-limit"], 5);
    let e2e = value["bindings"].as_array().unwrap().iter().find(|b| b["destination"] == "inner").unwrap();
    assert_eq!(e2e["destination_type"], "exchange");
    assert_eq!(e2e["routing_key"], "job.#");
    assert_eq!(value["policies"][0]["apply-to"], "queues");
    assert_eq!(value["policies"][0]["definition"]["ha-params"], 2);
    assert_eq!(exported.notes, vec!["definitions hold the topology only; not exported: 1 producer, 1 consumer".to_string()]);
}

#[test]
fn export_says_what_definitions_cannot_hold() {
    let scenario = parse(&read("scenarios/mirrored-vs-quorum.json")).unwrap();
    let notes = export(&scenario).notes;
    assert!(notes[0].contains("2 producers, 2 consumers, the fault schedule"), "{notes:?}");
    assert!(notes.iter().any(|n| n.starts_with("cluster: ") && n.contains("3-node")), "{notes:?}");
    assert!(notes.iter().any(|n| n.starts_with("queues[1].node: ") && n.contains("rabbit2")), "{notes:?}");
}

#[test]
fn a_real_brokers_shop_with_users_and_a_lazy_queue_imports_with_warnings() {
    let imported = import(&read("conformance/definitions/shop-users-lazy.json")).unwrap();
    let s = &imported.scenario;
    assert_eq!(sorted(s.exchanges.iter().map(|x| x.name.as_str())), ["shop.dlx", "shop.events", "shop.headers"]);
    assert_eq!(s.queues.len(), 3);
    assert_eq!(s.bindings.len(), 4);
    assert!(s.bindings.iter().any(|b| b.to_exchange && b.source == "shop.events" && b.dest == "shop.headers"));
    let audit = s.queues.iter().find(|q| q.name == "shop.audit").unwrap();
    assert_eq!(audit.args["x-queue-mode"], "lazy", "an unsimulated argument is kept");
    assert!(s.policies.is_empty());
    let w = &imported.warnings;
    for expected in [
        "users: 2 users (\"guest\", \"shop-app\") not simulated",
        "topic_permissions: 1 entry not simulated",
        "queues[0].arguments.x-queue-mode: lazy queues are not simulated",
        "policies[0].definition.max-length: not simulated",
        "policies[0].definition.message-ttl: not simulated",
        "policies[0]: \"shop-limits\" has no ha-* key; skipped",
    ] {
        assert!(w.iter().any(|x| x.starts_with(expected)), "missing {expected:?} in {w:#?}");
    }
}

#[test]
fn a_real_brokers_stream_and_federation_import_with_warnings() {
    let imported = import(&read("conformance/definitions/streams-federation.json")).unwrap();
    let s = &imported.scenario;
    assert_eq!(s.exchanges.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), vec!["events"]);
    assert_eq!(sorted(s.queues.iter().map(|q| q.name.as_str())), ["events.work", "shard.1"]);
    assert_eq!(s.bindings.len(), 1, "only events → events.work survives");
    let w = &imported.warnings;
    for expected in [
        "parameters[0]: federation-upstream \"origin\" is not simulated",
        "exchanges[0].type: \"x-consistent-hash\" exchanges are not simulated",
        "queues[0]: \"events.stream\" is a stream; streams are not simulated",
        "queues[2].arguments.x-quorum-initial-group-size: not simulated",
        "bindings[0]: \"events\" → \"events.stream\" is skipped with \"events.stream\"",
        "policies[0].apply-to: policies for exchanges are not simulated",
    ] {
        assert!(w.iter().any(|x| x.starts_with(expected)), "missing {expected:?} in {w:#?}");
    }
}

#[test]
fn a_real_brokers_mirroring_and_second_vhost_import_with_warnings() {
    let imported = import(&read("conformance/definitions/mirrored-vhosts.json")).unwrap();
    let s = &imported.scenario;
    assert_eq!(sorted(s.queues.iter().map(|q| q.name.as_str())), ["ha.one", "ha.two"], "staging's inbox is not imported");
    let ha_all = s.policies.iter().find(|p| p.name == "ha-all").unwrap();
    assert_eq!(ha_all.definition.keys().collect::<Vec<_>>(), vec!["ha-mode", "ha-sync-mode"], "queue-mode is removed");
    let w = &imported.warnings;
    for expected in [
        "vhosts[1]: \"staging\" is not simulated",
        "parameters[0]: shovel \"to-staging\" is not simulated",
        "global_parameters[0]: \"cluster_name\" is not simulated",
        "bindings[2].source: no exchange \"ingress.internal\" in the file (RabbitMQ 3.10 leaves internal exchanges out",
        "policies[1].definition.queue-mode: not simulated",
        "queues: 1 in other vhosts skipped",
        "policies: 1 in other vhosts skipped",
    ] {
        assert!(w.iter().any(|x| x.starts_with(expected)), "missing {expected:?} in {w:#?}");
    }
}

#[test]
fn references_to_what_is_not_in_the_file_are_removed_and_said() {
    let text = json!({
        "exchanges": [{"name": "x", "type": "direct", "arguments": {"alternate-exchange": "gone"}}],
        "queues": [{"name": "q", "arguments": {"x-dead-letter-exchange": "gone", "x-dead-letter-routing-key": "k"}}],
        "bindings": [{"source": "x", "destination": "nowhere", "destination_type": "queue", "routing_key": "", "arguments": {}}]
    });
    let imported = import(&text.to_string()).unwrap();
    assert!(imported.scenario.exchanges[0].args.is_empty());
    assert!(imported.scenario.queues[0].args.is_empty());
    assert!(imported.scenario.bindings.is_empty());
    let w = imported.warnings.join("\n");
    assert!(w.contains("exchanges[0].arguments.alternate-exchange: no exchange \"gone\""), "{w}");
    assert!(w.contains("queues[0].arguments.x-dead-letter-exchange: no exchange \"gone\""), "{w}");
    assert!(w.contains("bindings[0].destination: no queue \"nowhere\""), "{w}");
}

#[test]
fn unknown_sections_and_fields_are_named() {
    let text = json!({"product_name": "RabbitMQ", "shovels": [], "queues": [{"name": "q", "durable": true, "exclusive_owner": "x"}]});
    let w = import(&text.to_string()).unwrap().warnings;
    assert!(w.iter().any(|x| x == "shovels: not a section Warren knows; ignored"), "{w:?}");
    assert!(w.iter().any(|x| x == "queues[0].exclusive_owner: not a field Warren knows; ignored"), "{w:?}");
    assert!(!w.iter().any(|x| x.starts_with("product_name")), "{w:?}");
}

#[test]
fn malformed_files_are_refused_naming_the_field() {
    let cases = [
        ("not json", "expected ident"),
        ("[1, 2]", "invalid type: sequence"),
        (r#"{"queues": [{"durable": true}]}"#, "queues[0]: missing field `name`"),
        (r#"{"queues": [{"name": "q", "arguments": {"x-message-ttl": "soon"}}]}"#, "queues[0].arguments: invalid arg 'x-message-ttl'"),
        (r#"{"queues": [{"name": "q", "arguments": {"x-max-length": 1.5}}]}"#, "queues[0].arguments.x-max-length: 1.5 is not an integer"),
        (r#"{"queues": [{"name": "q"}, {"name": "q"}]}"#, "queues[1].name: \"q\" is defined twice"),
        (r#"{"exchanges": [{"name": "x"}]}"#, "exchanges[0]: missing field `type`"),
        (r#"{"exchanges": [{"name": "x", "type": "direct", "durable": "yes"}]}"#, "exchanges[0].durable: invalid type: string \"yes\", expected a boolean"),
        (
            r#"{"exchanges": [{"name": "x", "type": "direct"}], "queues": [{"name": "q"}], "bindings": [{"source": "x", "destination": "q", "destination_type": "topic"}]}"#,
            "bindings[0].destination_type: \"topic\" is neither",
        ),
        (
            r#"{"policies": [{"name": "p", "pattern": "(", "definition": {"ha-mode": "all"}}]}"#,
            "policies[0]: policy 'p': pattern '(' is not a regular expression",
        ),
        (r#"{"policies": [{"name": "p", "pattern": ".*", "definition": {"ha-mode": "some"}}]}"#, "policies[0]: policy 'p': policy definition: invalid value"),
        (r#"{"queues": [{"name": "q", "durable": false, "arguments": {"x-queue-type": "quorum"}}]}"#, "queues[0].durable: a quorum queue must be durable"),
        (r#"{"users": 3}"#, "users: invalid type: integer `3`, expected a sequence"),
    ];
    for (text, expected) in cases {
        match import(text) {
            Ok(i) => panic!("{text}: imported {:?}", i.scenario),
            Err(e) => assert!(e.starts_with(expected), "{text}: {e:?} does not start with {expected:?}"),
        }
    }
}
