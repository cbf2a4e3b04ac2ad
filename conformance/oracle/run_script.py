#!/usr/bin/env python3
"""Run one client script against the live RabbitMQ node and print its observation.

    conformance/oracle/run_script.py FILE.json

The script format and the observation are the contract of shared/formats/client-script.md plus
conformance/EXTENSIONS.md; conformance/README.md explains the conventions this runner settles
(quiet detection, pending confirms, the closing phase).

    conformance/oracle/run_script.py --prepare FILE.json...

Broker: 127.0.0.1:$WARREN_BROKER_PORT (5699), node $WARREN_BROKER_NODE (warren@localhost), as
started by conformance/broker.sh. Each script runs in a fresh vhost `warren.<file name>`, deleted
and created again with rabbitmqctl before the run. `--prepare` does that for many scripts in one
rabbitmqctl call; a run with WARREN_ORACLE_VHOSTS_PREPARED=1 then skips its own setup.

Cluster scripts (`nodes` in the script, conformance/cluster/): script node i is the real node
rabbit<i+1>@localhost on 127.0.0.1:5680+i+1, as started by `conformance/broker.sh cluster-start`;
vhosts and policies are set up through rabbit1. See conformance/cluster/README.md.

Exit codes: 0 observation printed; 2 malformed script (one line on stderr); 1 broker unreachable
or misbehaving (one line on stderr).
"""

import json
import logging
import os
import socket
import subprocess
import sys
import time

import pika
from pika import spec
from pika.adapters.select_connection import IOLoop, SelectConnection
from pika.exceptions import ChannelClosedByBroker, ConnectionClosedByBroker

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from script_format import ScriptError, load  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BROKER_SH = os.path.join(os.path.dirname(HERE), "broker.sh")
PORT = int(os.environ.get("WARREN_BROKER_PORT", "5699"))
NODE = os.environ.get("WARREN_BROKER_NODE", "warren@localhost")
CTL = os.environ.get("WARREN_RABBITMQCTL", "/usr/sbin/rabbitmqctl")
CLUSTER_PORT_BASE = int(os.environ.get("WARREN_CLUSTER_PORT_BASE", "5680"))
NODE_EVENT_TIMEOUT_S = 30.0  # connections to a stopped/killed node must be gone within this
DRAIN_GET_TIMEOUT_S = 5.0  # cluster scripts: a drain basic.get unanswered this long is "timeout"


def cluster_node(index):
    """(Erlang node name, AMQP port) of the real cluster's node number index+1."""
    return f"rabbit{index + 1}@localhost", CLUSTER_PORT_BASE + index + 1

QUIET_S = 0.15  # a step is over once nothing has arrived for this long
CONFIRM_GRACE_S = 3.0  # how long a step waits beyond quiet for outstanding publisher confirms
RPC_TIMEOUT_S = 15.0  # a synchronous method that gets no answer this long means a broken broker
STEP_CAP_S = 10.0  # a step that never goes quiet (e.g. an endless requeue loop) ends after this


class BrokerFailure(Exception):
    """The broker is unreachable or does not answer: not a property of the script."""


class Conn:
    def __init__(self, name, node=None, port=PORT):
        self.name = name
        self.node = node  # script node name (cluster scripts) or None
        self.port = port
        self.impl = None
        self.state = "closed"  # opening, open, closed
        self.error = None


class Chan:
    """A named channel (publisher, declare, drain, or one per consumer name)."""

    def __init__(self, name, conn_name, kind):
        self.name = name
        self.conn_name = conn_name
        self.kind = kind  # "publisher", "declare", "drain", "consumer"
        self.impl = None
        self.state = "closed"  # opening, open, closing, closed
        self.tags = {}  # message id -> most recent delivery tag on this channel instance
        self.max_tag = 0
        self.consumer_tags = []  # active consumer tags on this channel instance
        self.consume_count = 0
        self.confirm = False
        self.tx = False
        self.next_seq = 1
        self.seq_to_slot = {}  # publish seq -> index in observation confirms
        self.rpc_done = False
        self.get_done = False


def msg_id(body):
    return body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)


def to_text(v):
    return v.decode("utf-8", "replace") if isinstance(v, bytes) else v


def x_death(props):
    headers = props.headers or {}
    deaths = headers.get("x-death")
    if deaths is None:
        return None
    out = []
    for d in deaths:
        out.append([
            to_text(d.get("queue")),
            to_text(d.get("reason")),
            d.get("count"),
            to_text(d.get("exchange")),
            [to_text(k) for k in d.get("routing-keys", [])],
        ])
    return out


class Runner:
    def __init__(self, script, vhost):
        self.script = script
        self.vhost = vhost
        self.loop = IOLoop()
        self.loop.activate_poller()
        self.conns = {}
        self.chans = {}  # name -> Chan; publisher "@publisher", declare "@declare", drain "@drain"
        self.consumer_order = []  # consumer names in first-use order
        self.step = -1
        self.last_event = time.monotonic()
        self.closing_phase = False
        self.draining = False
        self.drain_errors = []
        self.obs = {"deliveries": [], "confirms": [], "returns": [], "final": {}, "errors": []}
        self.drain_queues = []
        self.nodes = script.get("nodes")  # None: a single-node script
        self.conn_nodes = {}  # connection name -> script node name (cluster scripts)
        self.down = set()  # script nodes stopped or killed by a step and not started again

    # ---------------------------------------------------------------- cluster nodes

    def node_index(self, node):
        return self.nodes.index(node)

    def conn_key(self, conn_name, node):
        """The connection `conn_name` of a client connected to `node`: the plain name on the first
        node (so that single-node conventions carry over), `name@node` on the others."""
        if self.nodes is None:
            return conn_name
        node = node or self.nodes[0]
        key = conn_name if node == self.nodes[0] else f"{conn_name}@{node}"
        self.conn_nodes[key] = node
        return key

    def chan_key(self, chan_name, node):
        if self.nodes is None or node is None or node == self.nodes[0]:
            return chan_name
        return f"{chan_name}@{node}"

    def broker_sh(self, *args):
        r = subprocess.run([BROKER_SH, *args], capture_output=True, text=True)
        if r.returncode != 0:
            raise BrokerFailure(f"broker.sh {' '.join(args)} failed: {r.stderr.strip()[-300:]}")

    def node_goes_down(self, node, how):
        """stop_node / kill_node: the node goes, and every connection of ours to it is lost (not
        recorded as an error); then the other nodes' reactions are observed like any step's."""
        self.down.add(node)
        self.broker_sh(how, str(self.node_index(node) + 1))
        lost = [c for c in self.conns.values() if c.node == node and c.state != "closed"]
        self.pump(lambda: all(c.state == "closed" for c in lost), timeout=NODE_EVENT_TIMEOUT_S)
        for c in lost:
            if c.state != "closed":
                raise BrokerFailure(f"connection {c.name} to stopped node {node} stayed open")
        for ch in self.chans.values():
            if self.conns[ch.conn_name].node == node:
                ch.state = "closed"
                ch.seq_to_slot = {}
        self.event()

    def node_comes_back(self, node):
        self.broker_sh("node-start", str(self.node_index(node) + 1))
        self.down.discard(node)
        self.event()

    def restore_nodes(self):
        """Not part of the observation: a script that leaves nodes down gets them back, so that
        the next script finds the whole cluster."""
        for node in list(self.down):
            self.node_comes_back(node)

    # ---------------------------------------------------------------- event loop

    def pump(self, until=None, timeout=None, deadline=None):
        """Process I/O until `until()` is true or the deadline passes. Returns until()'s last value."""
        if deadline is None:
            deadline = time.monotonic() + (timeout if timeout is not None else RPC_TIMEOUT_S)
        while True:
            if until is not None and until():
                return True
            now = time.monotonic()
            if now >= deadline:
                return until() if until is not None else True
            wake = self.loop.call_later(min(deadline - now, 0.02), lambda: None)
            self.loop.poll()
            self.loop.process_timeouts()
            self.loop.remove_timeout(wake)

    def event(self):
        self.last_event = time.monotonic()

    def pending_confirms(self):
        return any(ch.seq_to_slot for ch in self.chans.values() if ch.state == "open")

    def settle_step(self):
        """After a step: process I/O until quiet (and outstanding confirms are in, within a grace)."""
        start = time.monotonic()
        cap = start + STEP_CAP_S

        def quiet():
            now = time.monotonic()
            if now - max(self.last_event, start) < QUIET_S:
                return False
            if self.pending_confirms() and now - start < CONFIRM_GRACE_S:
                return False
            return True

        self.pump(quiet, deadline=cap)

    def record_error(self, code):
        if self.draining:
            self.drain_errors.append(code)
        else:
            self.obs["errors"].append([self.step, code])

    # ---------------------------------------------------------------- connections and channels

    def connection(self, name):
        conn = self.conns.get(name)
        if conn is None:
            if self.nodes is None:
                conn = self.conns[name] = Conn(name)
            else:
                node = self.conn_nodes.get(name, self.nodes[0])
                conn = self.conns[name] = Conn(name, node, cluster_node(self.node_index(node))[1])
        if conn.state == "open":
            return conn
        params = pika.ConnectionParameters(
            host="127.0.0.1", port=conn.port, virtual_host=self.vhost,
            credentials=pika.PlainCredentials("guest", "guest"),
            heartbeat=0, connection_attempts=1, socket_timeout=5,
            client_properties={"connection_name": f"warren-oracle-{name}"})
        conn.state = "opening"
        conn.error = None

        def on_open(_c):
            conn.state = "open"

        def on_open_error(_c, err):
            conn.state = "closed"
            conn.error = err

        def on_close(_c, reason):
            was_open = conn.state == "open"
            conn.state = "closed"
            for ch in self.chans.values():
                if ch.conn_name == name:
                    ch.state = "closed"
                    ch.seq_to_slot = {}
            if conn.node is not None and conn.node in self.down:
                return  # lost with its node: not an error of the script
            if was_open and isinstance(reason, ConnectionClosedByBroker):
                self.event()
                self.record_error(reason.reply_code)

        conn.impl = SelectConnection(params, on_open_callback=on_open,
                                     on_open_error_callback=on_open_error,
                                     on_close_callback=on_close, custom_ioloop=self.loop)
        self.pump(lambda: conn.state != "opening", timeout=RPC_TIMEOUT_S)
        if conn.state != "open":
            raise BrokerFailure(f"cannot connect to 127.0.0.1:{conn.port} vhost {self.vhost}: {conn.error!r}")
        return conn

    def channel(self, name, kind, conn_name="main"):
        """The open channel called `name`, opening a fresh one (same name) if needed."""
        ch = self.chans.get(name)
        if ch is not None and ch.state == "open":
            return ch
        if ch is not None:
            conn_name = ch.conn_name
        conn = self.connection(conn_name)
        fresh = Chan(name, conn_name, kind)
        self.chans[name] = fresh
        fresh.state = "opening"

        def on_open(_c):
            fresh.state = "open"

        def on_close(_c, reason):
            fresh.state = "closed"
            fresh.seq_to_slot = {}
            if self.conns[conn_name].node in self.down:
                return
            if isinstance(reason, ChannelClosedByBroker):
                self.event()
                self.record_error(reason.reply_code)

        fresh.impl = conn.impl.channel(on_open_callback=on_open)
        fresh.impl.add_on_close_callback(on_close)
        fresh.impl.add_callback(lambda _f: setattr(fresh, "get_done", True), [spec.Basic.GetEmpty], one_shot=False)
        if kind == "publisher":
            fresh.impl.add_on_return_callback(self.on_return)
        if self.nodes is not None:
            # A consumer the broker cancels (its queue's home node went down, a mirrored queue
            # failed over) is forgotten; it is not part of the observation.
            def on_cancel(frame):
                self.event()
                tag = frame.method.consumer_tag
                if tag in fresh.consumer_tags:
                    fresh.consumer_tags.remove(tag)
            fresh.impl.add_on_cancel_callback(on_cancel)
        self.pump(lambda: fresh.state != "opening")
        if fresh.state != "open":
            raise BrokerFailure(f"channel {name} did not open")
        if kind == "publisher":
            mode = self.script["publisher"]
            if mode == "confirm":
                self.select_confirm(fresh)
            elif mode == "tx":
                self.select_tx(fresh)
        return fresh

    def rpc(self, ch, start):
        """Run a synchronous method: start(callback); wait for its -ok or the channel's closing."""
        ch.rpc_done = False

        def done(*_a):
            ch.rpc_done = True
            self.event()

        start(done)
        if not self.pump(lambda: ch.rpc_done or ch.state == "closed"):
            raise BrokerFailure(f"no answer to a method on channel {ch.name} within {RPC_TIMEOUT_S}s")
        return ch.rpc_done

    def select_confirm(self, ch):
        def on_confirm(frame):
            self.event()
            m = frame.method
            verdict = "ack" if isinstance(m, spec.Basic.Ack) else "nack"
            seqs = [s for s in ch.seq_to_slot if s <= m.delivery_tag] if m.multiple else [m.delivery_tag]
            for s in sorted(seqs):
                slot = ch.seq_to_slot.pop(s, None)
                if slot is not None:
                    self.obs["confirms"][slot][1] = verdict

        if self.rpc(ch, lambda cb: ch.impl.confirm_delivery(on_confirm, callback=cb)):
            ch.confirm = True

    def select_tx(self, ch):
        if self.rpc(ch, lambda cb: ch.impl.tx_select(callback=cb)):
            ch.tx = True

    def on_return(self, _ch, method, _props, body):
        self.event()
        self.obs["returns"].append([msg_id(body), method.reply_code])

    def publisher(self, node=None):
        return self.channel(self.chan_key("@publisher", node), "publisher", self.conn_key("main", node))

    def declarer(self, node=None):
        return self.channel(self.chan_key("@declare", node), "declare", self.conn_key("main", node))

    def consumer_chan(self, name, conn_name="main"):
        if name not in self.consumer_order:
            self.consumer_order.append(name)
        return self.channel(name, "consumer", conn_name)

    # ---------------------------------------------------------------- deliveries

    def on_message(self, ch, action):
        def handler(_impl, method, props, body):
            if ch.state != "open" or self.closing_phase:
                return
            self.event()
            mid = msg_id(body)
            self.obs["deliveries"].append(
                [ch.name, mid, bool(method.redelivered), method.exchange, method.routing_key, x_death(props)])
            ch.tags[mid] = method.delivery_tag
            ch.max_tag = max(ch.max_tag, method.delivery_tag)
            if action is not None:
                self.settle(ch, action, method.delivery_tag)

        return handler

    def settle(self, ch, action, tag, multiple=False, requeue=False):
        if action == "ack":
            ch.impl.basic_ack(delivery_tag=tag, multiple=multiple)
        elif action == "reject":
            ch.impl.basic_reject(delivery_tag=tag, requeue=False)
        elif action == "requeue":
            ch.impl.basic_reject(delivery_tag=tag, requeue=True)
        elif action == "nack":
            ch.impl.basic_nack(delivery_tag=tag, multiple=multiple, requeue=requeue)

    def tag_for(self, ch, mid):
        # EXTENSIONS.md: the most recent delivery of `id` on the consumer's current channel,
        # else one past the highest tag that channel has issued.
        return ch.tags.get(mid, ch.max_tag + 1)

    # ---------------------------------------------------------------- declarations

    def declare_exchange(self, ch, x):
        self.rpc(ch, lambda cb: ch.impl.exchange_declare(
            exchange=x["name"], exchange_type=x["type"], durable=x["durable"],
            auto_delete=x["auto_delete"], internal=x["internal"], arguments=x["args"] or None, callback=cb))

    def declare_queue(self, ch, q, passive=False):
        self.rpc(ch, lambda cb: ch.impl.queue_declare(
            queue=q["name"], passive=passive, durable=q["durable"], exclusive=q["exclusive"],
            auto_delete=q["auto_delete"], arguments=q["args"] or None, callback=cb))

    def bind(self, ch, b, unbind=False):
        args = b["args"] or None
        if b["to_exchange"]:
            if unbind:
                self.rpc(ch, lambda cb: ch.impl.exchange_unbind(
                    destination=b["dest"], source=b["source"], routing_key=b["key"], arguments=args, callback=cb))
            else:
                self.rpc(ch, lambda cb: ch.impl.exchange_bind(
                    destination=b["dest"], source=b["source"], routing_key=b["key"], arguments=args, callback=cb))
        elif unbind:
            self.rpc(ch, lambda cb: ch.impl.queue_unbind(
                queue=b["dest"], exchange=b["source"], routing_key=b["key"], arguments=args, callback=cb))
        else:
            self.rpc(ch, lambda cb: ch.impl.queue_bind(
                queue=b["dest"], exchange=b["source"], routing_key=b["key"], arguments=args, callback=cb))

    def add_drain(self, name):
        if name not in self.drain_queues:
            self.drain_queues.append(name)

    def run_declare_block(self):
        self.step = -1
        d = self.script["declare"]
        for x in d["exchanges"]:
            self.declare_exchange(self.declarer(), x)
        for q in d["queues"]:
            self.add_drain(q["name"])
            self.declare_queue(self.declarer(q["node"]), q)
        for b in d["bindings"]:
            self.bind(self.declarer(), b)
        self.settle_step()

    # ---------------------------------------------------------------- steps

    def do_publish(self, s):
        ch = self.publisher(s["node"])
        props = pika.BasicProperties(
            delivery_mode=2 if s["persistent"] else 1,
            expiration=s["expiration"], headers=s["headers"], priority=s["priority"])
        if ch.confirm:
            slot = len(self.obs["confirms"])
            self.obs["confirms"].append([s["id"], None])
            ch.seq_to_slot[ch.next_seq] = slot
            ch.next_seq += 1
        ch.impl.basic_publish(exchange=s["exchange"], routing_key=s["key"], body=s["id"].encode("utf-8"),
                              properties=props, mandatory=s["mandatory"])

    def do_consume(self, s):
        ch = self.consumer_chan(s["consumer"], self.conn_key(s["connection"], s["node"]))
        if s["prefetch"] is not None:
            if not self.rpc(ch, lambda cb: ch.impl.basic_qos(prefetch_count=s["prefetch"], callback=cb)):
                return
        args = {"x-priority": s["priority"]} if s["priority"] is not None else None
        ch.consume_count += 1
        tag = f"{s['consumer']}.{ch.consume_count}"
        ok = self.rpc(ch, lambda cb: ch.impl.basic_consume(
            queue=s["queue"], on_message_callback=self.on_message(ch, s["on_delivery"]),
            auto_ack=s["auto_ack"], exclusive=s["exclusive"], consumer_tag=tag, arguments=args, callback=cb))
        if ok:
            ch.consumer_tags.append(tag)

    def do_get(self, s):
        ch = self.consumer_chan(s["consumer"])
        self.basic_get(ch, s["queue"], s["auto_ack"], record=ch.name)

    def basic_get(self, ch, queue, auto_ack, record, timeout=None):
        """One basic.get; returns the message id or None (empty or channel error). With a timeout,
        returns the string "timeout" when no answer came within it."""
        got = []
        ch.get_done = False

        def on_ok(_impl, method, props, body):
            self.event()
            mid = msg_id(body)
            got.append(mid)
            ch.get_done = True
            ch.tags[mid] = method.delivery_tag
            ch.max_tag = max(ch.max_tag, method.delivery_tag)
            if record is None:
                self.obs["final"][queue].append([mid, bool(method.redelivered), x_death(props)])
            else:
                self.obs["deliveries"].append(
                    [record, mid, bool(method.redelivered), method.exchange, method.routing_key, x_death(props)])

        ch.impl.basic_get(queue=queue, callback=on_ok, auto_ack=auto_ack)
        if timeout is not None:
            if not self.pump(lambda: ch.get_done or ch.state == "closed", timeout=timeout):
                return "timeout"
        elif not self.pump(lambda: ch.get_done or ch.state == "closed"):
            raise BrokerFailure(f"no answer to basic.get on {queue} within {RPC_TIMEOUT_S}s")
        return got[0] if got else None

    def do_settle(self, s):
        ch = self.consumer_chan(s["consumer"])
        tag = self.tag_for(ch, s["id"])
        op = s["op"]
        if op == "nack":
            self.settle(ch, "nack", tag, multiple=s["multiple"], requeue=s["requeue"])
        elif op == "ack":
            self.settle(ch, "ack", tag, multiple=s["multiple"])
        else:
            self.settle(ch, op, tag)

    def do_crash(self, s):
        ch = self.chans.get(s["consumer"])
        if ch is None or ch.state != "open":
            return
        self.close_channel(ch)

    def close_channel(self, ch):
        ch.state = "closing"
        ch.impl.close()

    def do_cancel(self, s):
        ch = self.consumer_chan(s["consumer"])
        for tag in list(ch.consumer_tags):
            if self.rpc(ch, lambda cb, t=tag: ch.impl.basic_cancel(consumer_tag=t, callback=cb)):
                ch.consumer_tags.remove(tag)

    def do_restart(self):
        for conn in self.conns.values():
            if conn.state == "open":
                conn.state = "closing"
                conn.impl.close()
        self.pump(lambda: all(c.state == "closed" for c in self.conns.values()))
        for ch in self.chans.values():
            ch.state = "closed"
        r = subprocess.run([BROKER_SH, "restart"], capture_output=True, text=True)
        if r.returncode != 0:
            raise BrokerFailure(f"broker restart failed: {r.stderr.strip()}")
        self.event()

    def run_step(self, s):
        op = s["op"]
        if op == "publish":
            self.do_publish(s)
        elif op in ("commit", "rollback"):
            ch = self.publisher(s["node"])
            if op == "commit":
                self.rpc(ch, lambda cb: ch.impl.tx_commit(callback=cb))
            else:
                self.rpc(ch, lambda cb: ch.impl.tx_rollback(callback=cb))
        elif op == "wait":
            self.pump(timeout=s["ms"] / 1000.0)
        elif op == "consume":
            self.do_consume(s)
        elif op in ("ack", "reject", "requeue", "nack"):
            self.do_settle(s)
        elif op == "crash":
            self.do_crash(s)
        elif op == "cancel":
            self.do_cancel(s)
        elif op == "restart_broker":
            self.do_restart()
        elif op == "get":
            self.do_get(s)
        elif op == "declare_exchange":
            self.declare_exchange(self.declarer(), s)
        elif op == "declare_queue":
            self.add_drain(s["name"])
            self.declare_queue(self.declarer(s["node"]), s, passive=s["passive"])
        elif op in ("bind", "unbind"):
            self.bind(self.declarer(), s, unbind=(op == "unbind"))
        elif op == "delete_queue":
            ch = self.declarer()
            self.rpc(ch, lambda cb: ch.impl.queue_delete(queue=s["queue"], callback=cb))
        elif op == "delete_exchange":
            ch = self.declarer()
            self.rpc(ch, lambda cb: ch.impl.exchange_delete(exchange=s["exchange"], callback=cb))
        elif op == "purge":
            ch = self.declarer()
            self.rpc(ch, lambda cb: ch.impl.queue_purge(queue=s["queue"], callback=cb))
        elif op == "confirm_select":
            self.select_confirm(self.publisher())
        elif op == "tx_select":
            self.select_tx(self.publisher())
        elif op == "recover":
            ch = self.consumer_chan(s["consumer"])
            self.rpc(ch, lambda cb: ch.impl.basic_recover(requeue=True, callback=cb))
        elif op == "stop_node":
            self.node_goes_down(s["node"], "node-stop")
        elif op == "kill_node":
            self.node_goes_down(s["node"], "node-kill")
        elif op == "start_node":
            self.node_comes_back(s["node"])
        else:  # validated before
            raise AssertionError(op)

    # ---------------------------------------------------------------- the run

    def run(self):
        try:
            return self.run_script()
        finally:
            if self.down:
                self.restore_nodes()

    def run_script(self):
        self.connection(self.conn_key("main", None))
        if self.nodes is not None:
            self.set_policies()
        self.run_declare_block()
        for i, s in enumerate(self.script["steps"]):
            self.step = i
            self.run_step(s)
            self.settle_step()
        self.step = len(self.script["steps"])
        self.pump(timeout=self.script["settle_ms"] / 1000.0)
        # Every consumer channel closes at once: all close frames go out back to back, and
        # deliveries that still arrive on a closing channel are not recorded.
        self.closing_phase = True
        closing = [self.chans[n] for n in self.consumer_order if self.chans[n].state == "open"]
        for ch in closing:
            self.close_channel(ch)
        self.pump(lambda: all(ch.state == "closed" for ch in closing))
        self.pump(timeout=QUIET_S)
        if self.nodes is not None:
            # Cluster scripts: a confirm still outstanding on an open publisher channel when the
            # script ends (e.g. a quorum queue without a majority) is recorded as "timeout".
            for ch in self.chans.values():
                if ch.state == "open":
                    for slot in ch.seq_to_slot.values():
                        self.obs["confirms"][slot][1] = "timeout"
        self.drain()
        # A publish whose confirm never came (its channel or connection closed first) has no entry.
        self.obs["confirms"] = [c for c in self.obs["confirms"] if c[1] is not None]
        for conn in self.conns.values():
            if conn.state == "open":
                conn.state = "closing"
                conn.impl.close()
        self.pump(lambda: all(c.state == "closed" for c in self.conns.values()), timeout=5)
        return self.obs

    def set_policies(self):
        for p in self.script["policies"]:
            cmd = [CTL, "-n", cluster_node(0)[0], "-q", "set_policy", "-p", self.vhost, "--apply-to", "queues",
                   p["name"], p["pattern"], json.dumps(p["definition"])]
            try:
                r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired) as e:
                raise BrokerFailure(f"rabbitmqctl set_policy failed: {e}")
            if r.returncode != 0:
                raise BrokerFailure(f"rabbitmqctl set_policy {p['name']} failed: {r.stderr.strip()[:300]}")

    def drain(self):
        # The drain is not a step: its channel errors go to `final`, not `errors`.
        self.draining = True
        for q in self.drain_queues:
            self.obs["final"][q] = []
            while True:
                ch = self.channel("@drain", "drain")
                self.drain_errors = []
                timeout = DRAIN_GET_TIMEOUT_S if self.nodes is not None else None
                mid = self.basic_get(ch, q, True, record=None, timeout=timeout)
                if mid == "timeout":
                    # e.g. a quorum queue without a majority: basic.get blocks. The queue's final
                    # is "timeout"; the stuck channel is abandoned (a fresh one drains the rest).
                    self.obs["final"][q] = "timeout"
                    ch.state = "closed"
                    self.chans.pop("@drain", None)
                    try:
                        ch.impl.close()
                    except Exception:  # noqa: BLE001 - the channel may already be closing
                        pass
                    break
                if ch.state == "closed":
                    code = self.drain_errors[0] if self.drain_errors else 0
                    self.obs["final"][q] = f"error {code}"
                    break
                if mid is None:
                    break


def check_reachable(cluster=False):
    port = cluster_node(0)[1] if cluster else PORT
    try:
        socket.create_connection(("127.0.0.1", port), timeout=3).close()
    except OSError as e:
        how = "conformance/broker.sh cluster-start" if cluster else "conformance/broker.sh start"
        raise BrokerFailure(f"no broker at 127.0.0.1:{port} ({e.strerror or e}); start it with {how}")


def vhost_for(path):
    return "warren." + os.path.splitext(os.path.basename(path))[0]


def setup_vhosts(vhosts, cluster=False):
    """Delete each vhost if it exists and create it again, with full rights for guest (one
    rabbitmqctl call, which costs about a second whatever the number of vhosts)."""
    names = ", ".join('<<"' + v.replace("\\", "\\\\").replace('"', '\\"') + '">>' for v in vhosts)
    expr = (
        f"lists:foreach(fun(V) -> "
        'catch rabbit_vhost:delete(V, <<"warren-oracle">>), '
        'ok = rabbit_vhost:add(V, <<"warren-oracle">>), '
        'ok = rabbit_auth_backend_internal:set_permissions(<<"guest">>, V, <<".*">>, <<".*">>, <<".*">>, '
        f'<<"warren-oracle">>) end, [{names}]).'
    )
    node = cluster_node(0)[0] if cluster else NODE
    try:
        r = subprocess.run([CTL, "-n", node, "-q", "eval", expr], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise BrokerFailure(f"rabbitmqctl failed: {e}")
    if r.returncode != 0 or r.stdout.strip() != "ok":
        msg = " ".join((r.stderr.strip() or r.stdout.strip()).split())
        raise BrokerFailure(f"cannot set up vhosts on {node} with rabbitmqctl: {msg[:300] or r.returncode}")


def is_cluster_script(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and "nodes" in doc


def format_observation(obs):
    """JSON with one line per delivery, confirm, return and final message (stable, diff-friendly)."""
    def items(xs, indent):
        if not xs:
            return "[]"
        inner = ",\n".join(indent + "  " + json.dumps(x, separators=(",", ":")) for x in xs)
        return "[\n" + inner + "\n" + indent + "]"

    final = obs["final"]
    if final:
        rows = []
        for q, v in final.items():
            val = items(v, "    ") if isinstance(v, list) else json.dumps(v)
            rows.append("    " + json.dumps(q) + ": " + val)
        final_txt = "{\n" + ",\n".join(rows) + "\n  }"
    else:
        final_txt = "{}"
    parts = [
        '  "deliveries": ' + items(obs["deliveries"], "  "),
        '  "confirms": ' + items(obs["confirms"], "  "),
        '  "returns": ' + items(obs["returns"], "  "),
        '  "final": ' + final_txt,
        '  "errors": ' + items(obs["errors"], "  "),
    ]
    return "{\n" + ",\n".join(parts) + "\n}"


def main(argv):
    args = argv[1:]
    if args[:1] == ["--prepare"] and len(args) > 1:
        # Fresh vhosts for many scripts at once; each script's run then skips its own setup when
        # WARREN_ORACLE_VHOSTS_PREPARED=1 (each prepared vhost is good for one run).
        try:
            cluster = any(is_cluster_script(p) for p in args[1:])
            check_reachable(cluster)
            setup_vhosts([vhost_for(p) for p in args[1:]], cluster)
        except BrokerFailure as e:
            print(f"broker failure: {e}", file=sys.stderr)
            return 1
        return 0
    if len(args) != 1:
        print("usage: run_script.py FILE.json | run_script.py --prepare FILE.json...", file=sys.stderr)
        return 2
    try:
        script = load(args[0])
    except ScriptError as e:
        print(f"malformed script: {e}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.CRITICAL)
    vhost = vhost_for(args[0])
    try:
        cluster = "nodes" in script
        check_reachable(cluster)
        if os.environ.get("WARREN_ORACLE_VHOSTS_PREPARED") != "1":
            setup_vhosts([vhost], cluster)
        obs = Runner(script, vhost).run()
    except BrokerFailure as e:
        print(f"broker failure: {e}", file=sys.stderr)
        return 1
    print(format_observation(obs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
