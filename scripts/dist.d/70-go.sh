# Go: the module example.invalid/userhash/go as a release publishes it, unpacked at
# dist/go/userhash-go-VERSION/ and packed as its .tar.gz: go.mod, README.md and the package's
# .go files (not the tests, which read the repository's vectors), with libuserhash inside as
# lib/include/userhash.h and a static archive per platform, lib/GOOS_GOARCH/libuserhash.a
# (dist/c's, 16 MB each), which the #cgo directives of native.go name. go/lib in the tree
# becomes a link to its lib/, so that the package in go/ builds and is tested against these
# same archives.

# The platforms the module ships (its #cgo directives name their directories).
GO_PLATFORMS=(x86_64-linux-gnu aarch64-linux-gnu)

# go_platform PLATFORM: the platform's GOOS_GOARCH.
go_platform() {
    case $1 in
    x86_64-linux-gnu) echo linux_amd64 ;;
    aarch64-linux-gnu) echo linux_arm64 ;;
    esac
}

go_module=$DIST/go/userhash-go-$VERSION
rm -rf "$go_module" && mkdir -p "$go_module/lib/include"
install -m 644 go/go.mod go/README.md "$go_module/"
for file in go/*.go; do
    [[ $file == *_test.go ]] || install -m 644 "$file" "$go_module/"
done
install -m 644 "$DIST/c/userhash-$VERSION-x86_64-linux-gnu/include/userhash.h" "$go_module/lib/include/"
for platform in "${GO_PLATFORMS[@]}"; do
    goos_goarch=$(go_platform "$platform")
    archive=$DIST/c/userhash-$VERSION-$platform/lib/libuserhash.a
    [ -f "$archive" ] || { echo "dist go: no $archive (run scripts/dist c first)" >&2; exit 1; }
    mkdir -p "$go_module/lib/$goos_goarch"
    install -m 644 "$archive" "$go_module/lib/$goos_goarch/libuserhash.a"
done
tar -C "$DIST/go" -czf "$go_module.tar.gz" "userhash-go-$VERSION"

rm -f go/lib # a real directory there is not ours to replace: rm fails and so does the part
ln -s "$(realpath --relative-to=go "$go_module/lib")" go/lib
