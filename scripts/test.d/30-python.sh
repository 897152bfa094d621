# Python: one release build of the wheel plus the sdist; each is installed into a fresh
# virtualenv outside the source tree, the way a user gets it, and the pytest suite (vectors
# against stdlib hmac, errors and codes, redaction, threads, the Django app) runs against
# both. mypy checks the tests through the installed stubs (and stubtest the stubs against
# the module). The same wheel is also tested on CPython 3.9 (the oldest its abi3 tag
# claims) with Django 4.2 when the machine has a 3.9.
#
# The venvs are made fresh in $TARGET_DIR/python/run on every run and kept afterwards: the
# end-to-end step runs examples/django with $PY_RUN/wheel/bin/python (the wheel + Django).
need_apt python3 python3 python3-venv

PY_DIST=$TARGET_DIR/python/dist
PY_RUN=$TARGET_DIR/python/run
rm -rf "$PY_RUN" && mkdir -p "$PY_RUN"

py_build() {
    local venv=$TARGET_DIR/python/build-venv
    rm -rf "$PY_DIST" &&
        { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } &&
        "$venv/bin/pip" install -q maturin==1.16.0 &&
        (cd python && "$venv/bin/maturin" build --release --out "$PY_DIST" &&
            "$venv/bin/maturin" sdist --out "$PY_DIST")
}

# py_install NAME ARTIFACT [PYTHON REQUIREMENTS]: a fresh venv $PY_RUN/NAME holding ARTIFACT
# and the test tools, with a copy of the tests beside it. The sdist is built by pip (build
# isolation, as for a user) into the shared CARGO_TARGET_DIR, so it reuses the wheel's
# compiled dependencies.
py_install() {
    local venv=$PY_RUN/$1
    "${3:-python3}" -m venv "$venv" &&
        "$venv/bin/pip" install -q "$2" -r "${4:-python/tests/requirements.txt}" &&
        cp -r python/tests "$venv/tests"
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
    (cd "$PY_RUN/$1/tests" && USERHASH_ROOT=$ROOT "$PY_RUN/$1/bin/python" -m pytest -q)
}

# mypy over the tests (through the stubs) and over the package's own Python code, and
# stubtest: the hand-written __init__.pyi against the compiled module.
py_mypy() {
    local python=$PY_RUN/$1/bin/python
    (cd "$PY_RUN/$1/tests" && "$python" -m mypy . && "$python" -m mypy -p userhash &&
        "$python" -m mypy.stubtest --mypy-config-file mypy.ini --allowlist stubtest-allowlist.txt userhash)
}

run_step python-build check py_build
run_step python-wheel-install check py_install wheel "$(echo "$PY_DIST"/*.whl)"
run_step python-wheel-tests pytest py_pytest wheel
run_step python-mypy check py_mypy wheel
run_step python-sdist-install check py_install sdist "$(echo "$PY_DIST"/*.tar.gz)"
run_step python-sdist-tests pytest py_pytest sdist
PY_39=$(py_find_39)
if [ -n "$PY_39" ]; then
    run_step python3.9-install check py_install py39 "$(echo "$PY_DIST"/*.whl)" "$PY_39" python/tests/requirements-py39.txt
    run_step python3.9-tests pytest py_pytest py39
else
    echo "--- no CPython 3.9 on this machine: the wheel is tested on $(python3 --version) only"
fi
