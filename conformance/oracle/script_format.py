"""Validation of client scripts: the contract (shared/formats/client-script.md) plus exactly the
extensions of conformance/EXTENSIONS.md. Anything else is a malformed script.

`load(path)` returns the script as a dict with every default filled in, or raises ScriptError with
a one-line message naming the problem.
"""

import json


class ScriptError(Exception):
    pass


EXCHANGE_TYPES = ("direct", "fanout", "topic", "headers")
PUBLISHER_MODES = ("plain", "confirm", "tx")
ON_DELIVERY = ("ack", "reject", "requeue", "nack")

# Field specs: name -> (kind, default). A default of REQUIRED means the field must be present.
REQUIRED = object()

EXCHANGE_FIELDS = {
    "name": ("str", REQUIRED),
    "type": ("exchange_type", REQUIRED),
    "durable": ("bool", True),
    "args": ("table", {}),
    "internal": ("bool", False),
    "auto_delete": ("bool", False),
}
QUEUE_FIELDS = {
    "name": ("str", REQUIRED),
    "node": ("str", None),  # cluster extension
    "durable": ("bool", True),
    "args": ("table", {}),
    "exclusive": ("bool", False),
    "auto_delete": ("bool", False),
}
BINDING_FIELDS = {
    "source": ("str", REQUIRED),
    "dest": ("str", REQUIRED),
    "key": ("str", ""),  # absent = the empty binding key
    "args": ("table", {}),
    "to_exchange": ("bool", False),
}
STEP_FIELDS = {
    "publish": {
        "exchange": ("str", ""),
        "key": ("str", ""),  # absent = the empty routing key (fanout, headers)
        "id": ("str", REQUIRED),
        "persistent": ("bool", True),
        "expiration": ("str", None),
        "headers": ("table", None),
        "priority": ("int", None),
        "mandatory": ("bool", False),
        "node": ("str", None),
    },
    "commit": {"node": ("str", None)},
    "rollback": {"node": ("str", None)},
    "wait": {"ms": ("nonneg_int", REQUIRED)},
    "consume": {
        "queue": ("str", REQUIRED),
        "consumer": ("str", REQUIRED),
        "prefetch": ("nonneg_int", None),
        "auto_ack": ("bool", False),
        "priority": ("int", None),
        "on_delivery": ("on_delivery", None),
        "exclusive": ("bool", False),
        "connection": ("str", "main"),
        "node": ("str", None),
    },
    "ack": {"consumer": ("str", REQUIRED), "id": ("str", REQUIRED), "multiple": ("bool", False)},
    "reject": {"consumer": ("str", REQUIRED), "id": ("str", REQUIRED)},
    "requeue": {"consumer": ("str", REQUIRED), "id": ("str", REQUIRED)},
    "nack": {
        "consumer": ("str", REQUIRED),
        "id": ("str", REQUIRED),
        "multiple": ("bool", False),
        "requeue": ("bool", False),
    },
    "crash": {"consumer": ("str", REQUIRED)},
    "cancel": {"consumer": ("str", REQUIRED)},
    "restart_broker": {},
    # EXTENSIONS.md
    "get": {"queue": ("str", REQUIRED), "consumer": ("str", REQUIRED), "auto_ack": ("bool", False)},
    "declare_exchange": EXCHANGE_FIELDS,
    "declare_queue": dict(QUEUE_FIELDS, passive=("bool", False)),
    "bind": BINDING_FIELDS,
    "unbind": BINDING_FIELDS,
    "delete_queue": {"queue": ("str", REQUIRED)},
    "delete_exchange": {"exchange": ("str", REQUIRED)},
    "purge": {"queue": ("str", REQUIRED)},
    "confirm_select": {},
    "tx_select": {},
    "recover": {"consumer": ("str", REQUIRED)},
    # cluster extension
    "stop_node": {"node": ("str", REQUIRED)},
    "kill_node": {"node": ("str", REQUIRED)},
    "start_node": {"node": ("str", REQUIRED)},
}
CLUSTER_OPS = ("stop_node", "kill_node", "start_node")
POLICY_FIELDS = {"name": ("str", REQUIRED), "pattern": ("str", REQUIRED), "definition": ("table", REQUIRED)}
MAX_NODES = 3  # the oracle's real cluster has three nodes
TOP_FIELDS = ("name", "publisher", "declare", "steps", "settle_ms")
CLUSTER_FIELDS = ("nodes", "policies")


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _check_table_value(v, where):
    if isinstance(v, float):
        raise ScriptError(f"{where}: numbers must be integers, got {v}")
    if isinstance(v, dict):
        for k, x in v.items():
            _check_table_value(x, f"{where}.{k}")
    elif isinstance(v, list):
        for i, x in enumerate(v):
            _check_table_value(x, f"{where}[{i}]")


def _check_kind(kind, v, where):
    ok = {
        "str": lambda: isinstance(v, str),
        "bool": lambda: isinstance(v, bool),
        "int": lambda: _is_int(v),
        "nonneg_int": lambda: _is_int(v) and v >= 0,
        "table": lambda: isinstance(v, dict),
        "exchange_type": lambda: v in EXCHANGE_TYPES,
        "on_delivery": lambda: v in ON_DELIVERY,
    }[kind]()
    if not ok:
        raise ScriptError(f"{where}: bad value {json.dumps(v)} (expected {kind.replace('_', ' ')})")
    if kind == "table":
        _check_table_value(v, where)


def _fill(obj, fields, where):
    if not isinstance(obj, dict):
        raise ScriptError(f"{where}: expected an object")
    out = {}
    for key in obj:
        if key not in fields and key != "op":
            raise ScriptError(f"{where}: unknown field '{key}'")
    for key, (kind, default) in fields.items():
        if key in obj:
            _check_kind(kind, obj[key], f"{where}.{key}")
            out[key] = obj[key]
        elif default is REQUIRED:
            raise ScriptError(f"{where}: missing field '{key}'")
        else:
            out[key] = default
    return out


def _fill_list(items, fields, where):
    if not isinstance(items, list):
        raise ScriptError(f"{where}: expected a list")
    return [_fill(x, fields, f"{where}[{i}]") for i, x in enumerate(items)]


def validate(doc):
    if not isinstance(doc, dict):
        raise ScriptError("script: expected a JSON object")
    for key in doc:
        if key not in TOP_FIELDS and key not in CLUSTER_FIELDS:
            raise ScriptError(f"script: unknown field '{key}'")
    if "steps" not in doc:
        raise ScriptError("script: missing field 'steps'")
    publisher = doc.get("publisher", "plain")
    if publisher not in PUBLISHER_MODES:
        raise ScriptError(f"script.publisher: bad value {json.dumps(publisher)}")
    settle = doc.get("settle_ms", 100)
    if not (_is_int(settle) and settle >= 0):
        raise ScriptError(f"script.settle_ms: bad value {json.dumps(settle)}")
    name = doc.get("name", "")
    if not isinstance(name, str):
        raise ScriptError("script.name: expected a string")
    decl = doc.get("declare", {})
    if not isinstance(decl, dict):
        raise ScriptError("script.declare: expected an object")
    for key in decl:
        if key not in ("exchanges", "queues", "bindings"):
            raise ScriptError(f"script.declare: unknown field '{key}'")
    declare = {
        "exchanges": _fill_list(decl.get("exchanges", []), EXCHANGE_FIELDS, "declare.exchanges"),
        "queues": _fill_list(decl.get("queues", []), QUEUE_FIELDS, "declare.queues"),
        "bindings": _fill_list(decl.get("bindings", []), BINDING_FIELDS, "declare.bindings"),
    }
    nodes = doc.get("nodes")
    if nodes is not None:
        if (not isinstance(nodes, list) or not nodes or not all(isinstance(n, str) and n for n in nodes)
                or len(set(nodes)) != len(nodes)):
            raise ScriptError("script.nodes: expected a non-empty list of distinct node names")
        if len(nodes) > MAX_NODES:
            raise ScriptError(f"script.nodes: the oracle's cluster has {MAX_NODES} nodes, not {len(nodes)}")
    policies = _fill_list(doc.get("policies", []), POLICY_FIELDS, "policies")
    if policies and nodes is None:
        raise ScriptError("script.policies: needs 'nodes' (cluster extension)")

    def check_node(obj, where):
        n = obj.get("node")
        if n is None:
            return
        if nodes is None:
            raise ScriptError(f"{where}.node: needs 'nodes' (cluster extension)")
        if n not in nodes:
            raise ScriptError(f"{where}.node: {json.dumps(n)} is not one of script.nodes")

    for i, q in enumerate(declare["queues"]):
        check_node(q, f"declare.queues[{i}]")
    if not isinstance(doc["steps"], list):
        raise ScriptError("script.steps: expected a list")
    steps = []
    for i, step in enumerate(doc["steps"]):
        where = f"steps[{i}]"
        if not isinstance(step, dict):
            raise ScriptError(f"{where}: expected an object")
        op = step.get("op")
        if op in CLUSTER_OPS and nodes is None:
            raise ScriptError(f"{where}: op '{op}' needs 'nodes' (cluster extension)")
        if op not in STEP_FIELDS:
            raise ScriptError(f"{where}: unknown op {json.dumps(op)}")
        filled = _fill(step, STEP_FIELDS[op], f"{where} ({op})")
        filled["op"] = op
        check_node(filled, where)
        steps.append(filled)
    out = {"name": name, "publisher": publisher, "declare": declare, "steps": steps, "settle_ms": settle}
    if nodes is not None:
        out["nodes"] = nodes
        out["policies"] = policies
    return out


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise ScriptError(f"{path}: cannot read: {e.strerror}")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ScriptError(f"{path}: bad JSON: {e}")
    return validate(doc)
