#!/usr/bin/env bash
# Serves the example on 127.0.0.1:$PORT: the binary e2e-setup.sh built against the release module
# in dist/go (GOHTTP_BIN), or, by hand, `go run .` against the package in this repository.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [ -n "${GOHTTP_BIN:-}" ]; then
    exec "$GOHTTP_BIN"
fi
exec go run .
