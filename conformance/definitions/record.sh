#!/usr/bin/env bash
# Records the definitions files in this folder from a live RabbitMQ 3.10: builds three topologies
# with features Warren does not simulate (users and permissions, a lazy queue, a stream, a
# quorum queue's unsimulated arguments, policies with max-length / message-ttl / queue-mode /
# federation keys, a federation upstream, a shovel, a consistent-hash exchange, an internal
# exchange, a second vhost) through rabbitmqctl, and writes each `rabbitmqctl export_definitions`.
#
#   bash conformance/definitions/record.sh      (needs root; starts its own node, see definitions.sh)
#
# The node is the one of conformance/definitions.sh (defs@localhost, port 5698), never the
# oracle's. It enables the federation, shovel and consistent-hash plugins for the recording.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export WARREN_BROKER_NODE=${WARREN_DEFS_NODE:-defs@localhost}
export WARREN_BROKER_PORT=${WARREN_DEFS_PORT:-5698}
export WARREN_BROKER_DIST=${WARREN_DEFS_DIST:-25698}
export WARREN_BROKER_DIR=${WARREN_DEFS_DIR:-/tmp/warren-broker-defs}
NODE=$WARREN_BROKER_NODE

bash "$ROOT/conformance/broker.sh" start
RABBITMQ_ENABLED_PLUGINS_FILE="$WARREN_BROKER_DIR/${NODE%@*}/enabled_plugins" \
    rabbitmq-plugins -n "$NODE" -q enable rabbitmq_federation rabbitmq_shovel rabbitmq_consistent_hash_exchange >/dev/null

ctl() { rabbitmqctl -n "$NODE" -q "$@"; }
# Exchanges, queues and bindings are declared over AMQP with pika (the oracle's client).
declare() { python3 "$HERE/declare.py" "$WARREN_BROKER_PORT" "$1"; }

fresh() {
    local vhost
    local vhost user
    for vhost in $(ctl list_vhosts --no-table-headers name); do ctl delete_vhost "$vhost"; done
    for user in $(ctl list_users --no-table-headers | cut -f1); do [ "$user" = guest ] || ctl delete_user "$user"; done
    ctl add_vhost /
    ctl set_permissions -p / guest '.*' '.*' '.*'
    ctl clear_global_parameter cluster_name 2>/dev/null || true
}

export_to() {
    # (rabbitmqctl runs as the rabbitmq user, which may not write here: take its stdout)
    ctl export_definitions - | python3 -c 'import json,sys; json.dump(json.load(sys.stdin), sys.stdout, indent=2, sort_keys=True); print()' >"$HERE/$1.json"
    echo "recorded conformance/definitions/$1.json"
}

# 1. A shop: users and permissions, a lazy queue, a DLX, a policy with max-length and message-ttl,
#    headers and exchange-to-exchange bindings.
fresh
ctl add_user shop-app secret
ctl set_user_tags shop-app monitoring
ctl set_permissions -p / shop-app '^shop\.' '^shop\.' '^shop\.'
ctl set_topic_permissions -p / shop-app shop.events '^order\.' '^order\.'
ctl set_policy -p / --apply-to queues --priority 1 shop-limits '^shop\.audit$' '{"max-length":1000,"message-ttl":60000}'
declare '{"exchanges": [
    {"name": "shop.events", "type": "topic"},
    {"name": "shop.dlx", "type": "direct"},
    {"name": "shop.headers", "type": "headers"}],
  "queues": [
    {"name": "shop.orders", "args": {"x-dead-letter-exchange": "shop.dlx", "x-dead-letter-routing-key": "dead", "x-max-priority": 5}},
    {"name": "shop.audit", "args": {"x-queue-mode": "lazy"}},
    {"name": "shop.dead"}],
  "bindings": [
    {"source": "shop.events", "dest": "shop.orders", "key": "order.*"},
    {"source": "shop.events", "dest": "shop.headers", "key": "#", "to_exchange": true},
    {"source": "shop.headers", "dest": "shop.audit", "args": {"x-match": "any", "audit": true}},
    {"source": "shop.dlx", "dest": "shop.dead", "key": "dead"}]}'
export_to shop-users-lazy

# 2. Streams and federation: a stream queue and its binding, a quorum queue with arguments
#    Warren does not simulate, a federation upstream and an exchange policy for it, a
#    consistent-hash exchange.
fresh
ctl set_parameter -p / federation-upstream origin '{"uri":"amqp://127.0.0.1:5999","expires":3600000}'
ctl set_policy -p / --apply-to exchanges federate-events '^events$' '{"federation-upstream":"origin"}'
declare '{"exchanges": [
    {"name": "events", "type": "fanout"},
    {"name": "sharded", "type": "x-consistent-hash"}],
  "queues": [
    {"name": "events.stream", "args": {"x-queue-type": "stream", "x-max-length-bytes": 20000000}},
    {"name": "events.work", "args": {"x-queue-type": "quorum", "x-delivery-limit": 3, "x-quorum-initial-group-size": 3, "x-max-in-memory-length": 100}},
    {"name": "shard.1"}],
  "bindings": [
    {"source": "events", "dest": "events.stream"},
    {"source": "events", "dest": "events.work"},
    {"source": "sharded", "dest": "shard.1", "key": "10"}]}'
export_to streams-federation

# 3. Mirroring and vhosts: ha policies (one mixing in a queue-mode key), an internal exchange
#    (3.10 leaves it out of the export, but not its bindings), a shovel, a second vhost, a
#    cluster name.
fresh
ctl add_vhost staging
ctl set_permissions -p staging guest '.*' '.*' '.*'
ctl set_cluster_name warren-defs
ctl set_policy -p / --apply-to queues --priority 0 ha-all '^ha\.' '{"ha-mode":"all","ha-sync-mode":"automatic","queue-mode":"lazy"}'
ctl set_policy -p / --apply-to queues --priority 5 ha-two '^ha\.two$' '{"ha-mode":"exactly","ha-params":2,"ha-promote-on-shutdown":"always"}'
ctl set_policy -p staging --apply-to queues ha-staging '.*' '{"ha-mode":"all"}'
ctl set_parameter -p / shovel to-staging '{"src-uri":"amqp://","src-queue":"ha.one","dest-uri":"amqp:///staging","dest-queue":"inbox"}'
declare '{"exchanges": [
    {"name": "ingress", "type": "direct"},
    {"name": "ingress.internal", "type": "topic", "internal": true}],
  "queues": [{"name": "ha.one"}, {"name": "ha.two", "args": {"x-message-ttl": 5000}}],
  "bindings": [
    {"source": "ingress", "dest": "ingress.internal", "key": "k", "to_exchange": true},
    {"source": "ingress.internal", "dest": "ha.one", "key": "#"},
    {"source": "ingress", "dest": "ha.two", "key": "two"}]}'
python3 "$HERE/declare.py" "$WARREN_BROKER_PORT" '{"vhost": "staging", "queues": [{"name": "inbox"}]}'
export_to mirrored-vhosts
