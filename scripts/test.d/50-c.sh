# C ABI: the tarballs scripts/dist built. The header drift check runs with the Rust tests
# (cargo test -p userhash-c). Here every shipped binary's highest glibc symbol version is
# checked against the glibc 2.17 its tag claims, the tarball's layout (SONAME, versioned
# symlinks, pkg-config) is checked, and the C tests run over the shared vectors and the
# misuse cases, built the way a user builds with pkg-config: against the x86_64 shared
# library under valgrind, against the static library under ASan + UBSan, against the musl
# static library (zig cc, which brings musl; scripts/dist installed it), and the aarch64 build under qemu-user.
need_apt gcc gcc libc6-dev
need_apt valgrind valgrind
need_apt python3 python3
need_apt pkg-config pkg-config
need_apt aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu libc6-dev-arm64-cross
need_apt qemu-aarch64-static qemu-user-static
need_dist

C_TEST_DIR=$TARGET_DIR/c-tests
mkdir -p "$C_TEST_DIR"
C_TEST_SRC=bindings/c/tests/c
C_CFLAGS=(-std=c11 -Wall -Wextra -Werror -O1 -g)

# c_pkg PLATFORM ARGS...: pkg-config over that platform's unpacked tarball.
c_pkg() {
    PKG_CONFIG_PATH=$DIST/c/userhash-$VERSION-$1/lib/pkgconfig PKG_CONFIG_LIBDIR= pkg-config "${@:2}" userhash
}

# Every ELF file dist/ ships (in the tarballs, wheels and npm packages, as unpacked there):
# the highest GLIBC_ version any symbol needs is at most 2.17 (none for musl builds).
c_glibc_floor() {
    local file floor failed=0 checked=0 scratch=$C_TEST_DIR/glibc
    rm -rf "$scratch" && mkdir -p "$scratch"
    for wheel in "$DIST"/python/*.whl; do (cd "$scratch" && unzip -q -o "$wheel" 'userhash/*.so' -d "$(basename "$wheel")"); done
    while IFS= read -r file; do
        file -b "$file" | grep -q '^ELF' || continue
        checked=$((checked + 1))
        floor=$(objdump -T "$file" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
        if [ -n "$floor" ] && [ "$(printf '%s\n2.17\n' "$floor" | sort -V | tail -n 1)" != 2.17 ]; then
            echo "$file needs GLIBC_$floor"
            failed=1
        fi
    done < <(find "$DIST/c" "$DIST/node/stage/npm" "$scratch" -type f \( -name '*.so*' -o -name '*.node' \))
    echo "$checked binaries checked, none needs more than GLIBC_2.17"
    [ "$checked" -ge 9 ] && [ "$failed" -eq 0 ]
}

# The x86_64 tarball's layout: what a program linked against it records and finds.
c_layout() {
    local lib=$C_PREFIX/lib
    readelf -d "$lib/libuserhash.so.$VERSION" | grep -q "SONAME.*\[libuserhash.so.0.1\]" &&
        [ "$(readlink "$lib/libuserhash.so")" = libuserhash.so.0.1 ] &&
        [ "$(readlink "$lib/libuserhash.so.0.1")" = "libuserhash.so.$VERSION" ] &&
        [ "$(c_pkg x86_64-linux-gnu --modversion)" = "$VERSION" ] &&
        tar tzf "$C_PREFIX.tar.gz" | sort | diff - <(cd "$DIST/c" && find "userhash-$VERSION-x86_64-linux-gnu" | sed 's|$||' |
            while read -r path; do [ -d "$path" ] && echo "$path/" || echo "$path"; done | sort)
}

c_compile() {
    rm -f "$C_TEST_DIR"/test_*
    python3 "$C_TEST_SRC/vectors_to_lines.py" tests/vectors/vectors.json >"$C_TEST_DIR/vectors.txt" &&
        gcc "${C_CFLAGS[@]}" "$C_TEST_SRC/test_userhash.c" -o "$C_TEST_DIR/test_shared" \
            $(c_pkg x86_64-linux-gnu --cflags --libs) -Wl,-rpath,"$C_PREFIX/lib" -lpthread &&
        readelf -d "$C_TEST_DIR/test_shared" | grep -q "NEEDED.*\[libuserhash.so.0.1\]" &&
        gcc "${C_CFLAGS[@]}" -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer "$C_TEST_SRC/test_userhash.c" -o "$C_TEST_DIR/test_static_asan" \
            $(c_pkg x86_64-linux-gnu --cflags) "$C_PREFIX/lib/libuserhash.a" \
            $(c_pkg x86_64-linux-gnu --static --libs-only-l | sed 's/-luserhash//') &&
        "$TARGET_DIR/dist-tools/bin/zig" cc -target x86_64-linux-musl "${C_CFLAGS[@]}" -static \
            "$C_TEST_SRC/test_userhash.c" -o "$C_TEST_DIR/test_musl" \
            $(c_pkg x86_64-linux-musl --cflags) "$DIST/c/userhash-$VERSION-x86_64-linux-musl/lib/libuserhash.a" \
            $(c_pkg x86_64-linux-musl --static --libs-only-l | sed 's/-luserhash//') &&
        aarch64-linux-gnu-gcc "${C_CFLAGS[@]}" "$C_TEST_SRC/test_userhash.c" -o "$C_TEST_DIR/test_aarch64" \
            $(c_pkg aarch64-linux-gnu --cflags --libs) -lpthread
}

# The README's install commands in a fresh directory outside the tree, building the README's
# example; both programs print the hash Python's hmac gives.
c_readme_install() {
    local dir=$(mktemp -d "${TMPDIR:-/tmp}/userhash-c.XXXXXX") expected out
    awk '/^## Example/ { on = 1 } on && /^```c/ { inside = 1; next } inside && /^```/ { exit } inside' \
        bindings/c/README.md >"$dir/app.c"
    expected=$(python3 -c 'import hmac, hashlib; print(hmac.new(b"your_secret_key", b"user123", hashlib.sha256).hexdigest())')
    out=$(run_readme_block bindings/c/README.md c-install "$dir") || { echo "$out"; return 1; }
    rm -rf "$dir"
    [ "$out" = "$expected"$'\n'"$expected" ] || { echo "printed: $out"; return 1; }
}

run_step c-readme-install check c_readme_install
run_step c-glibc-floor check c_glibc_floor
run_step c-layout check c_layout
run_step c-compile check c_compile
run_step c-valgrind plain valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=all --errors-for-leak-kinds=all \
    "$C_TEST_DIR/test_shared" "$C_TEST_DIR/vectors.txt" "$VERSION"
ASAN_OPTIONS=detect_leaks=1 run_step c-asan plain \
    "$C_TEST_DIR/test_static_asan" "$C_TEST_DIR/vectors.txt" "$VERSION"
run_step c-musl plain "$C_TEST_DIR/test_musl" "$C_TEST_DIR/vectors.txt" "$VERSION"
# The aarch64 program finds libuserhash.so.0.1 in the aarch64 tarball, glibc in the cross sysroot.
LD_LIBRARY_PATH=$DIST/c/userhash-$VERSION-aarch64-linux-gnu/lib run_step c-aarch64-qemu plain \
    qemu-aarch64-static -L /usr/aarch64-linux-gnu "$C_TEST_DIR/test_aarch64" "$C_TEST_DIR/vectors.txt" "$VERSION"
