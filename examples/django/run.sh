#!/usr/bin/env bash
# Serves the example with Django's development server on 127.0.0.1:$PORT. USERHASH_PYTHON is
# the interpreter of a virtualenv holding the userhash wheel and Django; without it, python3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
: "${PORT:=8000}"
# exec: stopping this script (the e2e test sends SIGTERM) stops the server itself.
exec "${USERHASH_PYTHON:-python3}" manage.py runserver --noreload --skip-checks "127.0.0.1:$PORT"
