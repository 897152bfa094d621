# Issue 6 end to end: every example app (examples/*/e2e.json) in headless Chromium, against
# the stand-in widget and the vendor-side verifier. It runs after the language parts and
# uses what they installed: the Node package (verifier, Express app), dist's libuserhash (PHP app)
# and the Python venv holding the wheel and Django (Django app).
need_apt chromium chromium
need_dist
run_step e2e-deps check bash -c '
    for dir in examples/e2e examples/express; do
        npm install --prefix "$dir" --no-save --silent --no-audit --no-fund || exit 1
    done'
export USERHASH_LIB=$C_PREFIX/lib/libuserhash.so
# The venv scripts/test.d/30-python.sh made with the wheel and Django.
export USERHASH_PYTHON=$TARGET_DIR/python/run/wheel/bin/python
# An app's own dependencies (a framework from Debian, PyPI or npm, a build): its
# examples/NAME/e2e-setup.sh, sourced here so that it can use need_apt and run_step.
for setup in examples/*/e2e-setup.sh; do
    [ -e "$setup" ] && . "$setup"
done
run_step e2e plain node examples/e2e/run.mjs
