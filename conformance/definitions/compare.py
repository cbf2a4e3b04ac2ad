#!/usr/bin/env python3
"""Compare the topology of two definitions files: Warren's export and the live broker's export of it.

    compare.py OURS.json THEIRS.json INTERNAL.json

Compared: vhost names, and the exchanges, queues, bindings and policies of vhost "/", each as a
set of entries (the broker's order is its own). RabbitMQ 3.10 leaves internal exchanges out of
export_definitions (their bindings stay): INTERNAL.json is `rabbitmqctl list_exchanges name
internal --formatter json` of the broker, and Warren's internal exchanges must be exactly the
broker's internal ones (amq.* aside) instead. Prints each difference; exit 1 if there is one.
"""

import json
import sys


def entries(defs, section):
    return sorted(json.dumps(e, sort_keys=True) for e in defs.get(section, []) if e.get("vhost", "/") == "/")


def main():
    ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
    internal = {x["name"] for x in json.load(open(sys.argv[3])) if x["internal"] and not x["name"].startswith("amq.")}
    problems = []
    our_vhosts = sorted(v["name"] for v in ours.get("vhosts", []))
    their_vhosts = sorted(v["name"] for v in theirs.get("vhosts", []))
    if our_vhosts != their_vhosts:
        problems.append(f"vhosts: ours {our_vhosts}, broker {their_vhosts}")
    our_internal = {x["name"] for x in ours.get("exchanges", []) if x.get("internal")}
    if our_internal != internal:
        problems.append(f"internal exchanges: ours {sorted(our_internal)}, broker {sorted(internal)}")
    ours = dict(ours, exchanges=[x for x in ours.get("exchanges", []) if not x.get("internal")])
    for section in ("exchanges", "queues", "bindings", "policies"):
        a, b = entries(ours, section), entries(theirs, section)
        for e in sorted(set(a) - set(b)):
            problems.append(f"{section}: only in Warren's export: {e}")
        for e in sorted(set(b) - set(a)):
            problems.append(f"{section}: only in the broker's export: {e}")
    for p in problems:
        print("  " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
