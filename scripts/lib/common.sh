# Shared by scripts/test, scripts/bench and the parts under scripts/test.d.
# Sourced, not run. Provides: ROOT, TARGET_DIR, LOG_DIR, run_step, summary, and what
# scripts/lib/release.sh provides (DIST, VERSION, need_apt).

: "${ROOT:?}"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
TARGET_DIR=$CARGO_TARGET_DIR
LOG_DIR=$TARGET_DIR/test-logs
mkdir -p "$LOG_DIR"
export CARGO_TERM_COLOR=never
. "$ROOT/scripts/lib/release.sh"

TOTAL_PASSED=0
TOTAL_FAILED=0
STEP_LINES=()
# count_results PARSER LOG: prints "PASSED FAILED" read from a runner's own closing lines.
count_results() {
    local parser=$1 log=$2
    case $parser in
    cargo)
        awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
             END { print p + 0, f + 0 }' "$log" ;;
    pytest)
        tail -n 5 "$log" | grep -E '[0-9]+ (passed|failed|error)' | tail -n 1 |
            awk '{ for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p = $i; if ($(i+1) ~ /^(failed|error)/) f += $i } } END { print p + 0, f + 0 }' ;;
    node)
        awk '/^(# |ℹ )pass [0-9]+$/ { p = $NF } /^(# |ℹ )fail [0-9]+$/ { f = $NF } END { print p + 0, f + 0 }' "$log" ;;
    phpunit)
        awk '/^OK \([0-9]+ tests?/ { gsub(/\(/, "", $2); p = $2 }
             /^Tests: [0-9]+/ { gsub(/,/, ""); t = $2; for (i = 1; i <= NF; i++) if ($i ~ /^(Failures|Errors):$/) f += $(i+1); p = t - f }
             END { print p + 0, f + 0 }' "$log" ;;
    gotest)
        awk '/^ *--- PASS/ { p++ } /^ *--- FAIL/ { f++ } END { print p + 0, f + 0 }' "$log" ;;
    minitest)
        grep -E '^[0-9]+ runs, ' "$log" | tail -n 1 | tr -d ',' |
            awk '{ print $1 - $5 - $7, $5 + $7 }' ;;
    plain)
        grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" |
            awk '{ sub(/^[A-Za-z-]+: /, ""); p += $1; f += $3 } END { print p + 0, f + 0 }' ;;
    check)
        echo "0 0" ;;
    *)
        echo "unknown parser $parser" >&2; echo "0 1" ;;
    esac
}

# run_step NAME PARSER COMMAND...: runs COMMAND, shows and logs its output, and adds the
# counts its runner reports. PARSER "check" counts the command itself as one test. A test
# runner that exits non-zero, or reports no test at all, counts as a failure.
run_step() {
    local name=$1 parser=$2
    shift 2
    local log="$LOG_DIR/$name.log"
    echo "=== $name: $*"
    local start=$SECONDS
    "$@" 2>&1 | tee "$log"
    local status=${PIPESTATUS[0]}
    local passed failed
    read -r passed failed < <(count_results "$parser" "$log")
    # A runner that died before its summary line leaves nothing to count.
    passed=${passed:-0} failed=${failed:-0}
    if [ "$parser" = check ]; then
        if [ "$status" -eq 0 ]; then passed=1; else failed=1; fi
    elif [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
        failed=1
    elif [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
        echo "!!! $name ran no test" >&2
        failed=1
    fi
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    STEP_LINES+=("$(printf '%-28s %5d passed %4d failed %5ds' "$name" "$passed" "$failed" $((SECONDS - start)))")
}

summary() {
    echo
    echo "=== summary (logs in $LOG_DIR)"
    printf '  %s\n' "${STEP_LINES[@]}"
    echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
    [ "$TOTAL_FAILED" -eq 0 ]
}

# oracle_python: a Python with PyJWT, the JWT oracle the vectors generator (tests/vectors/
# vendors.py) takes its tokens from; a venv of its own in $TARGET_DIR/oracle-venv, made once.
ORACLE_PYJWT=pyjwt==2.10.1
oracle_python() {
    local venv=$TARGET_DIR/oracle-venv
    if ! "$venv/bin/python" -c "import jwt" 2>/dev/null; then
        python3 -m venv "$venv" && "$venv/bin/pip" install -q "$ORACLE_PYJWT" >&2 || return 1
    fi
    echo "$venv/bin/python"
}

# The release artifacts every language installs: scripts/dist runs once per test run, the
# first time a part asks (DIST_READY=1 uses what dist/ already holds, for a narrower run).
# The x86_64 glibc C prefix (lib/, include/, lib/pkgconfig/) the tests on this machine use.
C_PREFIX=$DIST/c/userhash-$VERSION-x86_64-linux-gnu
need_dist() {
    [ -n "${DIST_READY:-}" ] && return 0
    run_step dist check scripts/dist
    DIST_READY=yes
}

# PATH without Rust's tools: artifacts are installed and run as by a user without Rust.
NO_RUST_PATH=$(tr : '\n' <<<"$PATH" | while read -r dir; do
    [ -e "$dir/cargo" ] || [ -e "$dir/rustc" ] || echo "$dir"
done | paste -sd :)

# no_rust_on_path: whether NO_RUST_PATH really finds neither cargo nor rustc.
no_rust_on_path() {
    env PATH="$NO_RUST_PATH" sh -c '! command -v cargo && ! command -v rustc' >/dev/null
}

# run_readme_block FILE NAME DIR: runs the README block NAME (scripts/readme-block) with
# bash -e in DIR (made fresh by the caller, outside the tree), with no cargo or rustc on
# PATH and DIST naming the release files.
run_readme_block() {
    local block
    block=$("$ROOT/scripts/readme-block" "$1" "$2") || return 1
    no_rust_on_path && (cd "$3" && DIST=$DIST PATH=$NO_RUST_PATH bash -e -c "$block")
}
