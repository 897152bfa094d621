#!/usr/bin/env python3
"""Turns benchmark rows into a markdown table.

Input rows (tab-separated, one per measured case; other lines are ignored):

    row  LANGUAGE  OPERATION  ID_BYTES  MEDIAN_NS  SPREAD_NS

OPERATION is `stdlib` for the seed's standard-library snippet in that language, or one of
userhash's operations (`sign_keyed`, `sign_oneshot`, `verify`, `sign_many_item`, ...).
MEDIAN_NS is the median ns per call over repeated runs, SPREAD_NS half the distance
between the fastest and slowest run. The speed-up of an operation is the `stdlib` median
of the same language and id length divided by the operation's median.
"""

import sys
from collections import defaultdict


def read_rows(path):
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 6 and parts[0] == "row":
                _, lang, op, id_bytes, median, spread = parts
                rows.append((lang, op, int(id_bytes), float(median), float(spread)))
    return rows


def main(path):
    rows = read_rows(path)
    baseline = {(lang, n): median for lang, op, n, median, _ in rows if op == "stdlib"}
    print("| language | operation | id bytes | ns/call (median ± spread) | vs stdlib |")
    print("|---|---|---:|---:|---:|")
    for lang, op, n, median, spread in rows:
        base = baseline.get((lang, n))
        ratio = "1.00× (baseline)" if op == "stdlib" else (
            f"{base / median:.2f}× faster" if base else "–")
        print(f"| {lang} | {op} | {n} | {median:,.0f} ± {spread:,.0f} | {ratio} |")
    if not rows:
        print("no benchmark rows", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
