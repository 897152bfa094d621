# Python: the wheels and the sdist scripts/dist built. The x86_64 manylinux2014 wheel is
# installed with `pip install --no-index` into a fresh virtualenv outside the source tree, with
# no cargo or rustc on PATH, the way a user gets it, and the pytest suite (vectors against
# stdlib hmac, errors and codes, redaction, threads, the Django app) runs against it; the sdist
# is installed the same way with Rust (it builds from source) and, without Rust, must stop with
# one sentence saying what to install. mypy checks the tests through the installed stubs (and
# stubtest the stubs against the module). The same wheel is also tested on CPython 3.9 (the
# oldest its abi3 tag claims) with Django 4.2 when the machine has a 3.9.
#
# The venvs are made fresh in $TARGET_DIR/python/run on every run and kept afterwards: the
# end-to-end step runs examples/django with $PY_RUN/wheel/bin/python (the wheel + Django).
need_apt python3 python3 python3-venv

PY_DIST=$DIST/python
PY_RUN=$TARGET_DIR/python/run
PY_WHEEL=$PY_DIST/userhash-$VERSION-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
PY_SDIST=$PY_DIST/userhash-$VERSION.tar.gz
rm -rf "$PY_RUN" && mkdir -p "$PY_RUN"
need_dist

# py_install NAME ARTIFACT [PYTHON REQUIREMENTS]: a fresh venv $PY_RUN/NAME holding ARTIFACT
# and the test tools, with a copy of the tests beside it. A wheel is installed offline
# (--no-index) and without Rust on PATH; the sdist is built by pip (build isolation, as for
# a user) into the shared CARGO_TARGET_DIR, so it reuses compiled dependencies.
py_install() {
    local venv=$PY_RUN/$1
    "${3:-python3}" -m venv "$venv" &&
        { [[ $2 != *.whl ]] || py_install_without_rust "$venv" "$2"; } &&
        "$venv/bin/pip" install -q "$2" -r "${4:-python/tests/requirements.txt}" &&
        cp -r python/tests "$venv/tests"
}

# py_install_without_rust VENV WHEEL: the wheel alone, offline, with no cargo or rustc on PATH.
py_install_without_rust() {
    no_rust_on_path && env PATH="$NO_RUST_PATH" "$1/bin/pip" install -q --no-index "$2"
}

# The sdist with no Rust on PATH: pip stops at "Getting requirements" with our one sentence,
# having downloaded no toolchain (maturin's fallback would fetch one through puccinialin).
py_sdist_without_rust() {
    local venv=$PY_RUN/no-rust log=$PY_RUN/no-rust.log
    python3 -m venv "$venv" && mkdir -p "$venv/wheels" &&
        "$venv/bin/pip" download -q -d "$venv/wheels" "maturin==1.16.0" || return 1
    if env PATH="$NO_RUST_PATH" "$venv/bin/pip" install --no-index --find-links "$venv/wheels" \
        "$PY_SDIST" >"$log" 2>&1; then
        echo "the sdist installed without Rust"; return 1
    fi
    grep -q "building from source needs Rust 1.88 or newer, which is not installed: install it from https://rustup.rs" "$log" &&
        ! grep -qi puccinialin "$log" && echo "the sdist without Rust stops with the sentence"
}

# A CPython 3.9 interpreter on PATH or among pyenv's versions, if there is one.
py_find_39() {
    local candidate
    for candidate in "$(command -v python3.9)" "$(pyenv root 2>/dev/null)"/versions/3.9*/bin/python3.9; do
        if [ -x "$candidate" ] && "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 9)' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
}

py_pytest() {
    (cd "$PY_RUN/$1/tests" && PATH=$NO_RUST_PATH USERHASH_ROOT=$ROOT "$PY_RUN/$1/bin/python" -m pytest -q)
}

# mypy over the tests (through the stubs) and over the package's own Python code, and
# stubtest: the hand-written __init__.pyi against the compiled module.
py_mypy() {
    local python=$PY_RUN/$1/bin/python
    (cd "$PY_RUN/$1/tests" && "$python" -m mypy . && "$python" -m mypy -p userhash &&
        "$python" -m mypy.stubtest --mypy-config-file mypy.ini --allowlist stubtest-allowlist.txt userhash)
}

# The README's install commands in a fresh directory: the wheel pip picks prints stdlib hmac's hash.
py_readme_install() {
    local dir=$PY_RUN/readme expected out
    mkdir -p "$dir"
    expected=$(python3 -c 'import hmac, hashlib; print(hmac.new(b"your_secret_key", b"user123", hashlib.sha256).hexdigest())')
    out=$(run_readme_block python/README.md python-install "$dir") || { echo "$out"; return 1; }
    [ "$(tail -n 1 <<<"$out")" = "$expected" ] || { echo "printed: $out"; return 1; }
}

run_step python-readme-install check py_readme_install
run_step python-wheel-install check py_install wheel "$PY_WHEEL"
run_step python-wheel-tests pytest py_pytest wheel
run_step python-mypy check py_mypy wheel
run_step python-sdist-install check py_install sdist "$PY_SDIST"
run_step python-sdist-without-rust check py_sdist_without_rust
run_step python-sdist-tests pytest py_pytest sdist
PY_39=$(py_find_39)
if [ -n "$PY_39" ]; then
    run_step python3.9-install check py_install py39 "$PY_WHEEL" "$PY_39" python/tests/requirements-py39.txt
    run_step python3.9-tests pytest py_pytest py39
else
    echo "--- no CPython 3.9 on this machine: the wheel is tested on $(python3 --version) only"
fi
