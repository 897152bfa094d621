#!/usr/bin/env bash
# Go: builds the module with its static libuserhash (scripts/dist c go, which links go/lib to
# it; DIST_READY=1 uses dist/ as it is), runs the benchmarks of go/bench_test.go
# (`go test -bench`, COUNT runs of each) and prints one row per benchmark: the median
# ns/op of the runs and half their min-max spread. Only `row` lines go to stdout.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
. scripts/lib/common.sh
[ -x /usr/local/go/bin/go ] && ! command -v go >/dev/null && PATH=$PATH:/usr/local/go/bin
COUNT=15

[ -n "${DIST_READY:-}" ] || scripts/dist c go >&2
(cd go && GOTOOLCHAIN=local GOPROXY=off go test -run '^$' -bench . -benchtime 100ms -count "$COUNT" .) | tee /dev/stderr |
    python3 -c '
import re, statistics, sys
runs = {}
for line in sys.stdin:
    m = re.match(r"Benchmark(\w+)/id=(\d+)-\d+\s+\d+\s+([\d.]+) ns/op", line)
    if m:
        op = re.sub(r"(?<!^)([A-Z])", r"_\1", m[1]).lower()  # SignKeyed -> sign_keyed
        runs.setdefault((op, int(m[2])), []).append(float(m[3]))
for (op, n), ns in runs.items():
    print(f"row\tgo\t{op}\t{n}\t{statistics.median(ns):.1f}\t{(max(ns) - min(ns)) / 2:.1f}")
'
