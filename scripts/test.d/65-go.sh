# Go: the cgo package over libuserhash. gofmt and go vet, then `go test` (every vector
# against crypto/hmac, errors.json, codes, Close, goroutines sharing a Signer, the net/http
# example through a listener on 127.0.0.1), then the same suite under the race detector.
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

run_step go-vet check go_lint
run_step go-tests gotest go_in_module go test -count=1 -v ./...
run_step go-race check go_in_module go test -count=1 -race ./...
