#!/usr/bin/env bash
# Start, stop or restart the real RabbitMQ node that the conformance oracle runs against.
#
#   conformance/broker.sh start     start the node (fresh data) and wait until it accepts AMQP
#   conformance/broker.sh stop      stop it cleanly (kill it from its pid file if it does not answer)
#   conformance/broker.sh restart   stop_app + start_app (what the `restart_broker` step does)
#   conformance/broker.sh status    exit 0 when the node is up and its app is running
#   conformance/broker.sh env       print the settings the oracle needs (node, port)
#
# Cluster mode (conformance/cluster/): three nodes rabbit1@localhost..rabbit3@localhost on 127.0.0.1,
# AMQP ports 5681..5683, distribution ports 25681..25683, folders $WARREN_BROKER_DIR/rabbitN/;
# nodes 2 and 3 are joined onto node 1 with join_cluster.
#
#   conformance/broker.sh cluster-start     start (fresh data) and cluster the three nodes; reuses a
#                                           healthy cluster, brings back stopped/killed members of a
#                                           clustered one, rebuilds anything else from scratch
#   conformance/broker.sh cluster-stop      stop all three (kill from their pid files if they hang)
#   conformance/broker.sh cluster-status    exit 0 when all three run and are clustered
#   conformance/broker.sh cluster-env       print the node names and ports
#   conformance/broker.sh node-stop N       controlled shutdown of node N (rabbitmqctl stop_app)
#   conformance/broker.sh node-kill N       kill -9 of node N's Erlang VM (pid from its own pid file,
#                                           checked to be that node's VM)
#   conformance/broker.sh node-start N      start node N again (start_app, or a new VM on its old
#                                           data after a kill) and wait until it runs in the cluster
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
    # and it is an Erlang VM (beam), not e.g. the shell that started it
    case "$(readlink "/proc/$pid/exe" 2>/dev/null)" in */beam.smp) ;; *) return 1 ;; esac
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

# ---------------------------------------------------------------- cluster mode

CLUSTER_SIZE=3
CLUSTER_PORT_BASE=${WARREN_CLUSTER_PORT_BASE:-5680}

# select_cluster_node N: node rabbitN@localhost, AMQP port 5680+N, dist port 25680+N.
select_cluster_node() {
    local n=$1
    case "$n" in 1 | 2 | 3) ;; *) log "no cluster node '$n' (1..$CLUSTER_SIZE)"; exit 2 ;; esac
    select_node "rabbit$n@localhost" "$((CLUSTER_PORT_BASE + n))" "$((CLUSTER_PORT_BASE + n + 20000))"
}

# Launch the node's VM in the background on whatever data its folder holds.
launch_node() {
    set_node_env
    # an epmd started by a cluster node listens on loopback only
    node_env+=("ERL_EPMD_ADDRESS=127.0.0.1")
    setsid runuser -u rabbitmq -- env "${node_env[@]}" "$SERVER" >>"$node_dir/server.out" 2>&1 </dev/null &
}

# Number of running cluster members as node 1 sees them (0 when it does not answer).
cluster_running_count() {
    select_cluster_node 1
    ctl -q eval 'length(rabbit_nodes:all_running()).' 2>/dev/null | tr -dc '0-9' || true
}

# Number of members node 1 knows (running or not).
cluster_member_count() {
    select_cluster_node 1
    ctl -q eval 'length(rabbit_nodes:all()).' 2>/dev/null | tr -dc '0-9' || true
}

cluster_healthy() {
    local n
    for n in 1 2 3; do
        select_cluster_node "$n"
        node_pings && node_app_running || return 1
    done
    [ "$(cluster_running_count)" = "$CLUSTER_SIZE" ]
}

# node-start N: bring a stopped (stop_app) or killed member back and wait until it runs.
cluster_node_start() {
    select_cluster_node "$1"
    local started=$SECONDS
    if node_pings; then
        ctl -q start_app >/dev/null
    else
        kill_stale_node
        launch_node
        wait_until_up
    fi
    ctl -q await_startup --timeout "$START_TIMEOUT" >/dev/null
    log "node $node_name running again in $((SECONDS - started))s"
}

cluster_node_stop() {
    select_cluster_node "$1"
    ctl -q stop_app >/dev/null
}

cluster_node_kill() {
    select_cluster_node "$1"
    local pid
    if ! pid=$(node_os_pid); then
        log "node $node_name: no live VM of that node in $node_pid_file; nothing killed"
        return 1
    fi
    kill -9 "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    rm -f "$node_pid_file"
}

cluster_stop() {
    local n
    for n in 1 2 3; do
        select_cluster_node "$n"
        stop_node
    done
}

cluster_start() {
    local started=$SECONDS n
    if cluster_healthy; then
        log "cluster already running (rabbit1..3 on 127.0.0.1:$((CLUSTER_PORT_BASE + 1))..$((CLUSTER_PORT_BASE + 3)))"
        return 0
    fi
    # A clustered set with members stopped or killed (e.g. an aborted script): bring them back.
    if [ "$(cluster_member_count)" = "$CLUSTER_SIZE" ]; then
        local ok=1
        for n in 2 3 1; do
            cluster_node_start "$n" || { ok=0; break; }
        done
        if [ $ok = 1 ] && cluster_healthy; then
            log "cluster repaired in $((SECONDS - started))s"
            return 0
        fi
    fi
    # Anything else: stop whatever is left and build the cluster from scratch.
    cluster_stop
    for n in 1 2 3; do
        select_cluster_node "$n"
        rm -rf "$node_dir"
        write_node_config
        launch_node
    done
    for n in 1 2 3; do
        select_cluster_node "$n"
        wait_until_up
    done
    for n in 2 3; do
        select_cluster_node "$n"
        ctl -q stop_app >/dev/null
        ctl -q join_cluster rabbit1@localhost >/dev/null
        ctl -q start_app >/dev/null
        ctl -q await_startup --timeout "$START_TIMEOUT" >/dev/null
    done
    if ! cluster_healthy; then
        log "cluster did not form (running members: $(cluster_running_count))"
        return 1
    fi
    log "cluster rabbit1..3 up on 127.0.0.1:$((CLUSTER_PORT_BASE + 1))..$((CLUSTER_PORT_BASE + 3)) in $((SECONDS - started))s"
}

cluster_main() {
    local cmd=$1
    shift
    case "$cmd" in
        cluster-start) require_tools; cluster_start ;;
        cluster-stop) require_tools; cluster_stop ;;
        cluster-status) cluster_healthy ;;
        cluster-env)
            for n in 1 2 3; do
                select_cluster_node "$n"
                echo "$node_name $node_port $node_dist $node_dir"
            done ;;
        node-stop) require_tools; cluster_node_stop "${1:?node number}" ;;
        node-kill) require_tools; cluster_node_kill "${1:?node number}" ;;
        node-start) require_tools; cluster_node_start "${1:?node number}" ;;
        *) echo "usage: $0 cluster-start|cluster-stop|cluster-status|cluster-env|node-stop N|node-kill N|node-start N" >&2; exit 2 ;;
    esac
}

main() {
    local cmd=${1:-}
    case "$cmd" in
        cluster-* | node-*) cluster_main "$@"; return ;;
    esac
    select_default_node
    case "$cmd" in
        start) require_tools; start_node ;;
        stop) require_tools; stop_node ;;
        restart) require_tools; restart_app ;;
        status) node_pings && node_app_running ;;
        env) echo "WARREN_BROKER_NODE=$node_name"; echo "WARREN_BROKER_PORT=$node_port" ;;
        *) echo "usage: $0 start|stop|restart|status|env|cluster-start|cluster-stop|cluster-status|cluster-env|node-stop N|node-kill N|node-start N" >&2; exit 2 ;;
    esac
}

main "$@"
