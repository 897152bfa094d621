#!/usr/bin/env python3
"""Turns benchmark rows into a markdown table (stdout) and, with --chart PNG, a bar chart.

Input rows (tab-separated, one per measured case; other lines are ignored):

    row  LANGUAGE  OPERATION  ID_BYTES  MEDIAN_NS  SPREAD_NS

OPERATION is `stdlib` for the seed's standard-library snippet in that language, or one of
userhash's operations (`sign_keyed`, `sign_oneshot`, `verify`, `sign_many_item`, ...).
MEDIAN_NS is the median ns per call over repeated runs, SPREAD_NS half the distance
between the fastest and slowest run. JWT rows (ID_BYTES 0) are `jwt_issue` and `jwt_verify`
for userhash and `jwt_issue:LIBRARY` / `jwt_verify:LIBRARY` for that language's own JWT
library issuing or verifying the same token in the same run; they get a table of their own. The speed-up of an operation is the `stdlib` median
of the same language and id length divided by the operation's median. Rust has no stdlib
HMAC: its rows are compared with `floor_2_sha256_compressions`, the least work possible.

Usage: bench_report.py ROWS.tsv [--chart OUT.png]
"""

import platform
import subprocess
import sys
from datetime import date

FLOOR = "floor_2_sha256_compressions"


def read_rows(path):
    rows = []
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 6 and parts[0] == "row":
                _, lang, op, id_bytes, median, spread = parts
                rows.append((lang, op, int(id_bytes), float(median), float(spread)))
    return rows


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    flags = open("/proc/cpuinfo").read()
    sha = "SHA-NI" if " sha_ni" in flags else "no SHA-NI"
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {cores} cores, {sha}, {platform.system()} {platform.release()}, {date.today()}"


def is_jwt(op):
    return op.startswith("jwt_")


def jwt_table(rows):
    """userhash's JWT issue and verify against each language's JWT library, same run."""
    refs = {}
    for lang, op, _, median, _ in rows:
        if is_jwt(op) and ":" in op:
            kind, library = op.split(":", 1)
            refs[(lang, kind)] = (library, median)
    lines = [
        "",
        "JWTs (profile intercom-jwt: user_id, email, name, iat, exp), against the language's own JWT library:",
        "",
        "| language | operation | ns/call (median ± spread) | library | library ns/call | speed-up |",
        "|---|---|---:|---|---:|---:|",
    ]
    for lang, op, _, median, spread in rows:
        if not is_jwt(op) or ":" in op:
            continue
        library, ref = refs.get((lang, op), ("–", None))
        ratio = f"**{ref / median:.2f}× faster**" if ref else "–"
        ref_text = f"{ref:,.0f}" if ref else "–"
        lines.append(f"| {lang} | {op} | {median:,.0f} ± {spread:,.0f} | {library} | {ref_text} | {ratio} |")
    return "\n".join(lines) if len(lines) > 5 else ""


def table(rows):
    jwt = jwt_table(rows)
    rows = [r for r in rows if not is_jwt(r[1])]
    baseline = {(lang, n): median for lang, op, n, median, _ in rows if op == "stdlib"}
    floor = next((median for lang, op, _, median, _ in rows if op == FLOOR), None)
    lines = [
        f"Machine: {machine()}",
        "",
        "| language | operation | id bytes | ns/call (median ± spread) | vs stdlib |",
        "|---|---|---:|---:|---:|",
    ]
    for lang, op, n, median, spread in rows:
        base = baseline.get((lang, n))
        if op == "stdlib":
            ratio = "1.00× (baseline)"
        elif base:
            ratio = f"**{base / median:.2f}× faster**"
        elif lang == "rust" and floor and op != FLOOR:
            ratio = f"{median / floor:.2f}× the floor"
        else:
            ratio = "–"
        lines.append(f"| {lang} | {op} | {n} | {median:,.0f} ± {spread:,.0f} | {ratio} |")
    return "\n".join(lines) + ("\n" + jwt if jwt else "")


def chart(rows, out):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in rows if not is_jwt(r[1])]
    short = [r for r in rows if r[2] == min(x[2] for x in rows)]
    langs = list(dict.fromkeys(lang for lang, *_ in short))
    ops = ["stdlib", "sign_oneshot", "sign_keyed", "verify", "sign_many_item", FLOOR]
    width = 0.8 / len(ops)
    fig, ax = plt.subplots(figsize=(11, 5.5))
    for i, op in enumerate(ops):
        values = {lang: median for lang, o, _, median, _ in short if o == op}
        xs = [j + i * width for j, lang in enumerate(langs) if lang in values]
        ys = [values[lang] for lang in langs if lang in values]
        if ys:
            ax.bar(xs, ys, width, label=op)
    ax.set_yscale("log")
    ax.set_ylabel("ns per call (log scale, lower is better)")
    ax.set_xticks([j + width * (len(ops) - 1) / 2 for j in range(len(langs))], langs)
    ax.set_title(f"userhash vs each language's stdlib HMAC snippet, {short[0][2]}-byte id\n{machine()}", fontsize=9)
    ax.legend(fontsize=8)
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def main(argv):
    rows = read_rows(argv[1])
    if not rows:
        print("no benchmark rows", file=sys.stderr)
        return 1
    print(table(rows))
    if "--chart" in argv:
        chart(rows, argv[argv.index("--chart") + 1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
