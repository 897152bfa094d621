#!/usr/bin/env python3
"""Runs each seed language's own standard-library HMAC over every sign case of the shared
vectors and checks it gives the file's hash (which Python's stdlib hmac produced), for the
raw bytes and, where the case has them, for the text forms the seeds' snippets pass.

A case counts once per oracle. Prints "cross: N passed, N failed"; exits 1 on any failure.
Usage: check_oracles.py [ORACLE...]   (node, php, ruby, go; default all)
"""

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
VECTORS = HERE.parent / "vectors" / "vectors.json"
ORACLES = {
    "node": ["node", str(HERE / "oracle.js")],
    "php": ["php", str(HERE / "oracle.php")],
    "ruby": ["ruby", str(HERE / "oracle.rb")],
    "go": ["go", "run", str(HERE / "oracle.go")],
}


def check(name, cases):
    out = subprocess.run(ORACLES[name] + [str(VECTORS)], capture_output=True, text=True)
    if out.returncode != 0:
        print(f"{name}: oracle failed:\n{out.stderr}")
        return 0, len(cases)
    lines = out.stdout.splitlines()
    passed = failed = 0
    for i, case in enumerate(cases):
        got = lines[i].split() if i < len(lines) else ["<missing>", "<missing>"]
        has_text = "secret_text" in case and "user_id_text" in case
        wanted = [case["hash"], case["hash"] if has_text else "-"]
        if got == wanted:
            passed += 1
        else:
            failed += 1
            print(f"{name}: MISMATCH {case['name']!r}: got {got}, want {wanted}")
    print(f"{name}: {passed}/{len(cases)} cases agree")
    return passed, failed


def main(names):
    cases = json.loads(VECTORS.read_text())["sign"]
    total_passed = total_failed = 0
    for name in names or ORACLES:
        passed, failed = check(name, cases)
        total_passed += passed
        total_failed += failed
    print(f"cross: {total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
