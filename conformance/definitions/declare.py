#!/usr/bin/env python3
"""Declare a topology on the live node over AMQP (pika), for conformance/definitions/record.sh.

    declare.py PORT '{"vhost": "/", "exchanges": [...], "queues": [...], "bindings": [...]}'

Entries use the scenario's field names (name, type, durable, internal, args; source, dest, key,
to_exchange). Any broker error ends the run with its reply text.
"""

import json
import sys

import pika


def main():
    port, spec = int(sys.argv[1]), json.loads(sys.argv[2])
    params = pika.ConnectionParameters("127.0.0.1", port, spec.get("vhost", "/"), pika.PlainCredentials("guest", "guest"))
    with pika.BlockingConnection(params) as conn:
        ch = conn.channel()
        for x in spec.get("exchanges", []):
            ch.exchange_declare(x["name"], x["type"], durable=x.get("durable", True), internal=x.get("internal", False), arguments=x.get("args"))
        for q in spec.get("queues", []):
            ch.queue_declare(q["name"], durable=q.get("durable", True), arguments=q.get("args"))
        for b in spec.get("bindings", []):
            if b.get("to_exchange"):
                ch.exchange_bind(b["dest"], b["source"], b.get("key", ""), arguments=b.get("args"))
            else:
                ch.queue_bind(b["dest"], b["source"], b.get("key", ""), arguments=b.get("args"))


if __name__ == "__main__":
    main()
