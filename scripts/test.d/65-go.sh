# Go: the cgo package over libuserhash. gofmt and go vet, then `go test` (every sign,
# verify, token and widget vector against crypto/hmac and the vectors file, errors.json,
# codes, keyrings and a rotation, the explain table, the failure hook and its panics, Close
# and the finalizers, goroutines sharing a Signer and a Keyring, the net/http example
# through a listener on 127.0.0.1), the same suite under the race detector, and the README
# quickstart as a separate module.
# The machine's Go (/usr/local/go) is used when present; Debian's golang-go otherwise.
[ -x /usr/local/go/bin/go ] && ! command -v go >/dev/null && PATH=$PATH:/usr/local/go/bin
need_apt go golang-go
need_apt gcc gcc libc6-dev

if [ -z "${USERHASH_LIB_BUILT:-}" ]; then
    run_step c-build check cargo build --release -p userhash-c
    USERHASH_LIB_BUILT=yes
fi

# go_in_module CMD...: runs a go command in go/ against this run's libuserhash, with no
# toolchain or module downloads (the package uses the standard library only).
go_in_module() {
    (cd go && GOTOOLCHAIN=local GOPROXY=off \
        CGO_ENABLED=1 CGO_LDFLAGS="-L$TARGET_DIR/release -Wl,-rpath,$TARGET_DIR/release" "$@")
}

go_lint() {
    local unformatted
    unformatted=$(cd go && gofmt -l .) && [ -z "$unformatted" ] || { echo "gofmt: $unformatted"; return 1; }
    go_in_module go vet ./...
}

# The README's quickstart, built as a separate module that requires this one (as a user's
# app would) and run; its output must match the `// ...` comments on its Println lines.
go_readme() {
    local dir=$TARGET_DIR/go-readme
    rm -rf "$dir" && mkdir -p "$dir" &&
        python3 - go/README.md "$dir" <<'PY' &&
import re, sys
readme, out = open(sys.argv[1]).read(), sys.argv[2]
program = next(b for b in re.findall(r"^```go\n(.*?)^```", readme, re.M | re.S) if "package main" in b)
open(f"{out}/main.go", "w").write(program)
expected = re.findall(r"fmt\.Println\(.*\)\s*// (.*)$", program, re.M)
open(f"{out}/expected.txt", "w").write("".join(line + "\n" for line in expected))
PY
        printf 'module readme\n\ngo 1.19\n\nrequire userhash v0.0.0\n\nreplace userhash => %s/go\n' "$ROOT" >"$dir/go.mod" &&
        (cd "$dir" && GOTOOLCHAIN=local GOPROXY=off \
            CGO_LDFLAGS="-L$TARGET_DIR/release -Wl,-rpath,$TARGET_DIR/release" go run . >got.txt) &&
        diff -u "$dir/expected.txt" "$dir/got.txt"
}

run_step go-vet check go_lint
run_step go-tests gotest go_in_module go test -count=1 -v ./...
run_step go-race check go_in_module go test -count=1 -race ./...
run_step go-readme check go_readme
