# Go: the cgo package over libuserhash, linked statically from the archives of the module
# scripts/dist builds (dist/go/userhash-go-VERSION; go/lib in the tree is a link to its lib/).
# gofmt and go vet, then `go test` (every sign, verify, token and widget vector against
# crypto/hmac and the vectors file, errors.json, codes, keyrings and a rotation, the explain
# table, the failure hook and its panics, Close and the finalizers, goroutines sharing a
# Signer and a Keyring, the net/http example, the middleware, the template functions and the
# README's net/http app through a listener on 127.0.0.1), the same suite
# under the race detector, and the README quickstart as a separate module. The golang-jwt
# oracle (go/jwtoracle, a module of its own, so that the package stays stdlib-only) is vetted
# and tested after its one dependency is downloaded.
# Then the module as a user meets it: the commands of the README's Install section, in a
# fresh module outside the tree with a clean environment and no cargo or rustc on PATH,
# build examples/vectors (every hash and token vector against crypto/hmac) into a binary
# that needs no file of ours (no libuserhash NEEDED, no RPATH) and runs with the module
# gone; CGO_ENABLED=0 stops with the README's one error; the README's cross build for arm64
# runs the same vectors under qemu-user.
# The machine's Go (/usr/local/go) is used when present; Debian's golang-go otherwise.
[ -x /usr/local/go/bin/go ] && ! command -v go >/dev/null && PATH=$PATH:/usr/local/go/bin
need_apt go golang-go
need_apt gcc gcc libc6-dev
need_apt aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross
need_apt qemu-aarch64-static qemu-user-static
need_dist

GO_MODULE=$DIST/go/userhash-go-$VERSION
[ -f go/lib/linux_amd64/libuserhash.a ] ||
    echo "!!! go/lib does not lead to $GO_MODULE/lib: run scripts/dist go" >&2

# go_in_module CMD...: runs a go command in go/, with no toolchain or module downloads (the
# package uses the standard library only).
go_in_module() {
    (cd go && GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=1 "$@")
}

go_lint() {
    local unformatted
    unformatted=$(cd go && gofmt -l .) && [ -z "$unformatted" ] || { echo "gofmt: $unformatted"; return 1; }
    go_in_module go vet ./...
}

# The README's quickstart, built as a separate module that requires the dist module (as a
# user's app would) and run; its output must match the `// ...` comments on its Println lines.
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
        printf 'module readme\n\ngo 1.21\n\nrequire example.invalid/userhash/go v%s\n\nreplace example.invalid/userhash/go => %s\n' \
            "$VERSION" "$GO_MODULE" >"$dir/go.mod" &&
        (cd "$dir" && GOTOOLCHAIN=local GOPROXY=off go run . >got.txt) &&
        diff -u "$dir/expected.txt" "$dir/got.txt"
}

# The install test's directory: the release tarball, a user's module your-app (go mod init,
# examples/vectors as its main.go), the vectors file, and the README Install section's code
# blocks (scripts/readme-block): install.sh, cross.sh and nocgo.txt (the error).
GO_INSTALL=$TARGET_DIR/go-install

# go_user CMD...: CMD in the user's environment: only HOME, a PATH without Rust's tools
# (NO_RUST_PATH) and the settings that keep Go offline (-mod=mod: go.mod is updated as
# needed, as for a user).
go_user() {
    env -i HOME="$HOME" PATH="$NO_RUST_PATH" GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod "$@"
}

# go_no_path_of_ours BINARY: the binary links no libuserhash and has no RPATH or RUNPATH.
go_no_path_of_ours() {
    local dynamic
    dynamic=$(readelf -d "$1") && echo "$dynamic" | grep NEEDED &&
        ! echo "$dynamic" | grep -E 'libuserhash|RPATH|RUNPATH'
}

go_install() {
    rm -rf "$GO_INSTALL" && mkdir -p "$GO_INSTALL/your-app" &&
        cp "$GO_MODULE.tar.gz" tests/vectors/vectors.json "$GO_INSTALL/" &&
        cp go/examples/vectors/main.go "$GO_INSTALL/your-app/" &&
        scripts/readme-block go/README.md go-install >"$GO_INSTALL/install.sh" &&
        scripts/readme-block go/README.md go-cross >"$GO_INSTALL/cross.sh" &&
        scripts/readme-block go/README.md go-nocgo >"$GO_INSTALL/nocgo.txt" &&
        go_user sh -c '! command -v cargo && ! command -v rustc' &&
        (cd "$GO_INSTALL/your-app" && go_user go mod init your-app) &&
        (cd "$GO_INSTALL" && go_user bash -ex install.sh) &&
        go_no_path_of_ours "$GO_INSTALL/your-app/your-app" &&
        mv "$GO_INSTALL/your-app/your-app" "$GO_INSTALL/app-amd64"
}

# Without cgo the build fails, and its whole output is the README's.
go_nocgo() {
    local out
    out=$(cd "$GO_INSTALL/your-app" && go_user CGO_ENABLED=0 go build 2>&1) && { echo "built without cgo"; return 1; }
    echo "$out"
    [ "$out" = "$(cat "$GO_INSTALL/nocgo.txt")" ]
}

go_cross() {
    (cd "$GO_INSTALL/your-app" && go_user bash -ex ../cross.sh) &&
        readelf -h "$GO_INSTALL/your-app/your-app" | grep -q 'Machine:.*AArch64' &&
        go_no_path_of_ours "$GO_INSTALL/your-app/your-app" &&
        mv "$GO_INSTALL/your-app/your-app" "$GO_INSTALL/app-arm64"
}

# go_vectors CMD...: the vectors program CMD, in the user's environment, with the module gone.
go_vectors() {
    rm -rf "$GO_INSTALL/userhash-go-$VERSION" && go_user "$@" "$GO_INSTALL/vectors.json"
}

# go_oracle CMD...: a go command in go/jwtoracle, offline like go_in_module.
go_oracle() {
    (cd go/jwtoracle && GOTOOLCHAIN=local GOPROXY=off CGO_ENABLED=1 "$@")
}

# The oracle's modules (golang-jwt v5.3.1), downloaded once into the module cache by the
# toolchain's own GOPROXY setting (the Go module proxy on a fresh machine; nothing is fetched
# when the cache has them) and checked against jwtoracle/go.sum; then its vet and tests run
# with GOPROXY=off. One step: its tests are counted from go test -v's lines, and a failed
# download, vet or build counts as a failure.
go_oracle_tests() {
    (cd go/jwtoracle && GOTOOLCHAIN=local GOFLAGS=-mod=readonly go mod download) &&
        go_oracle go vet ./... &&
        go_oracle go test -count=1 -v ./...
}

run_step go-vet check go_lint
run_step go-tests gotest go_in_module go test -count=1 -v ./...
run_step go-jwtoracle gotest go_oracle_tests
run_step go-race check go_in_module go test -count=1 -race ./...
run_step go-readme check go_readme
run_step go-install check go_install
run_step go-nocgo check go_nocgo
run_step go-cross check go_cross
run_step go-install-vectors plain go_vectors "$GO_INSTALL/app-amd64"
run_step go-cross-vectors plain go_vectors qemu-aarch64-static -L /usr/aarch64-linux-gnu "$GO_INSTALL/app-arm64"
