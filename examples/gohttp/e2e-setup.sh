# Sourced by scripts/test.d/70-e2e.sh: builds the example once, against the release module in
# dist/go (its static libuserhash is dist/c's), as a user's app requires it (go/README.md,
# Install); run.sh then starts that binary (GOHTTP_BIN).
[ -x /usr/local/go/bin/go ] && ! command -v go >/dev/null && PATH=$PATH:/usr/local/go/bin
need_apt go golang-go
need_apt gcc gcc libc6-dev

# gohttp_build: the example's go.mod, its replace pointing at the release module, used with
# -modfile so that examples/gohttp/go.mod stays as it is; offline (no other module is needed).
gohttp_build() {
    local dir=$TARGET_DIR/gohttp
    mkdir -p "$dir" && cp examples/gohttp/go.mod "$dir/go.mod" && : >"$dir/go.sum" &&
        (cd examples/gohttp && export GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=1 &&
            go mod edit -modfile="$dir/go.mod" -replace="example.invalid/userhash/go=$DIST/go/userhash-go-$VERSION" &&
            go build -modfile="$dir/go.mod" -o "$dir/gohttp" .)
}
run_step e2e-gohttp-build check gohttp_build
export GOHTTP_BIN=$TARGET_DIR/gohttp/gohttp
