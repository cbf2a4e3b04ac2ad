#!/usr/bin/env python3
"""Compare two observation files as parsed JSON.

    compare.py A.json B.json [LABEL_A LABEL_B]

Exit 0 when both parse and are equal; otherwise print a unified diff of their canonical layout
(one line per delivery, confirm, return, drained message and error) and exit 1.
"""

import difflib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def canonical(doc):
    from run_script import format_observation  # the oracle's own layout

    try:
        return format_observation(doc)
    except (KeyError, TypeError, AttributeError):
        return json.dumps(doc, indent=2)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        return None, f"<cannot read {path}: {e.strerror}>"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as e:
        snippet = text.strip().splitlines()[:5]
        return None, f"<not JSON ({e}):\n" + "\n".join(snippet) + "\n>"


def main(argv):
    if len(argv) not in (3, 5):
        print("usage: compare.py A.json B.json [LABEL_A LABEL_B]", file=sys.stderr)
        return 2
    a_path, b_path = argv[1], argv[2]
    a_label, b_label = (argv[3], argv[4]) if len(argv) == 5 else (a_path, b_path)
    a, a_err = load(a_path)
    b, b_err = load(b_path)
    if a_err is None and b_err is None and a == b:
        return 0
    a_text = a_err if a_err is not None else canonical(a)
    b_text = b_err if b_err is not None else canonical(b)
    diff = difflib.unified_diff(a_text.splitlines(), b_text.splitlines(), a_label, b_label, lineterm="")
    print("\n".join(diff))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
