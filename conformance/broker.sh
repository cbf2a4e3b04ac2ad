#!/usr/bin/env bash
# Start, stop or restart the real RabbitMQ node that the conformance oracle runs against.
#
#   conformance/broker.sh start     start the node (fresh data) and wait until it accepts AMQP
#   conformance/broker.sh stop      stop it cleanly (kill it from its pid file if it does not answer)
#   conformance/broker.sh restart   stop_app + start_app (what the `restart_broker` step does)
#   conformance/broker.sh status    exit 0 when the node is up and its app is running
#   conformance/broker.sh env       print the settings the oracle needs (node, port)
#
# The node is rabbitmq-server 3.10 from Debian, run as the `rabbitmq` user (whose Erlang cookie the
# CLI tools share) on 127.0.0.1 with its own node name, AMQP port, distribution port, and data, log
# and pid files under $WARREN_BROKER_DIR. It never touches the package's default `rabbit@` node.
#
# Settings (environment):
#   WARREN_BROKER_NODE   node name             default warren@localhost
#   WARREN_BROKER_PORT   AMQP port             default 5699
#   WARREN_BROKER_DIST   Erlang dist port      default AMQP port + 20000
#   WARREN_BROKER_DIR    base folder           default /tmp/warren-broker
#
# Every operation works on one node described by node_* variables (set by select_node), so a
# later cluster mode can loop the same functions over rabbit1..rabbit3 with their own ports.
set -euo pipefail

CTL=/usr/sbin/rabbitmqctl
SERVER=/usr/lib/rabbitmq/bin/rabbitmq-server
BASE_DIR=${WARREN_BROKER_DIR:-/tmp/warren-broker}
START_TIMEOUT=${WARREN_BROKER_START_TIMEOUT:-90}

log() { echo "broker.sh: $*" >&2; }

# select_node NAME PORT DIST: set the node_* variables for one node.
select_node() {
    node_name=$1
    node_port=$2
    node_dist=$3
    node_dir="$BASE_DIR/${node_name%@*}"
    node_pid_file="$node_dir/node.pid"
}

select_default_node() {
    local port=${WARREN_BROKER_PORT:-5699}
    select_node "${WARREN_BROKER_NODE:-warren@localhost}" "$port" "${WARREN_BROKER_DIST:-$((port + 20000))}"
}

require_tools() {
    if [ ! -x "$SERVER" ] || [ ! -x "$CTL" ]; then
        log "rabbitmq-server is not installed (apt-get install -y rabbitmq-server)"
        exit 1
    fi
    if [ "$(id -u)" != 0 ] && [ "$(id -un)" != rabbitmq ]; then
        log "must run as root or as the rabbitmq user"
        exit 1
    fi
}

# ctl ARGS...: rabbitmqctl against the selected node (the wrapper switches to the rabbitmq user).
ctl() { "$CTL" -n "$node_name" "$@"; }

# The OS pid of the node's Erlang VM from its pid file, if that process is alive and is this
# node's VM (a stale pid file may name a pid that now belongs to something else).
node_os_pid() {
    local pid
    [ -f "$node_pid_file" ] || return 1
    pid=$(tr -dc '0-9' <"$node_pid_file")
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "RABBITMQ_NODENAME=$node_name" || return 1
    echo "$pid"
}

node_pings() { ctl -q ping >/dev/null 2>&1; }

node_app_running() { ctl -q await_startup --timeout 5 >/dev/null 2>&1; }

write_node_config() {
    mkdir -p "$node_dir/mnesia" "$node_dir/log"
    cat >"$node_dir/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$node_port
loopback_users.guest = true
log.console = false
log.file.level = info
EOF
    # No plugins at all: the oracle needs only AMQP 0-9-1.
    echo '[].' >"$node_dir/enabled_plugins"
    : >"$node_dir/rabbitmq-env.conf"
    chown -R rabbitmq:rabbitmq "$node_dir"
}

# The node's environment, as `env` arguments in the array node_env.
set_node_env() {
    node_env=(
        "HOME=/var/lib/rabbitmq"
        "RABBITMQ_NODENAME=$node_name"
        "RABBITMQ_NODE_IP_ADDRESS=127.0.0.1"
        "RABBITMQ_NODE_PORT=$node_port"
        "RABBITMQ_DIST_PORT=$node_dist"
        "RABBITMQ_MNESIA_BASE=$node_dir/mnesia"
        "RABBITMQ_LOG_BASE=$node_dir/log"
        "RABBITMQ_PID_FILE=$node_pid_file"
        "RABBITMQ_CONFIG_FILE=$node_dir/rabbitmq.conf"
        "RABBITMQ_ENABLED_PLUGINS_FILE=$node_dir/enabled_plugins"
        "RABBITMQ_CONF_ENV_FILE=$node_dir/rabbitmq-env.conf"
        # Erlang distribution on loopback only.
        "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
    )
}

wait_until_up() {
    local deadline=$((SECONDS + START_TIMEOUT))
    until node_pings; do
        if [ $SECONDS -ge $deadline ]; then
            log "node $node_name did not answer within ${START_TIMEOUT}s; log: $node_dir/server.out"
            tail -n 20 "$node_dir/server.out" >&2 || true
            return 1
        fi
        sleep 0.5
    done
    ctl -q await_startup --timeout "$START_TIMEOUT" >/dev/null
}

# Forcefully end a node that does not answer, by the pid in its own pid file only.
kill_stale_node() {
    local pid
    if pid=$(node_os_pid); then
        log "killing unresponsive node $node_name (pid $pid)"
        kill -9 "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$node_pid_file"
}

start_node() {
    if node_pings; then
        # A node left over from an earlier run: make sure its app runs, and reuse it.
        if ! node_app_running; then
            ctl -q start_app >/dev/null
        fi
        wait_until_up
        log "node $node_name already running on 127.0.0.1:$node_port"
        return 0
    fi
    kill_stale_node
    rm -rf "$node_dir"
    write_node_config
    local started=$SECONDS
    # setsid: the node must outlive this shell; its output goes to a file.
    set_node_env
    setsid runuser -u rabbitmq -- env "${node_env[@]}" "$SERVER" >"$node_dir/server.out" 2>&1 </dev/null &
    wait_until_up
    log "node $node_name up on 127.0.0.1:$node_port in $((SECONDS - started))s"
}

stop_node() {
    if node_pings; then
        if [ -f "$node_pid_file" ]; then
            ctl -q stop "$node_pid_file" >/dev/null 2>&1 || true
        else
            ctl -q stop >/dev/null 2>&1 || true
        fi
    fi
    kill_stale_node
}

restart_app() {
    ctl -q stop_app >/dev/null
    ctl -q start_app >/dev/null
    ctl -q await_startup --timeout "$START_TIMEOUT" >/dev/null
}

main() {
    local cmd=${1:-}
    select_default_node
    case "$cmd" in
        start) require_tools; start_node ;;
        stop) require_tools; stop_node ;;
        restart) require_tools; restart_app ;;
        status) node_pings && node_app_running ;;
        env) echo "WARREN_BROKER_NODE=$node_name"; echo "WARREN_BROKER_PORT=$node_port" ;;
        *) echo "usage: $0 start|stop|restart|status|env" >&2; exit 2 ;;
    esac
}

main "$@"
