# C ABI: the header drift check runs with the Rust tests (cargo test -p userhash-c); here
# the release library is built once (the PHP part reuses it), then the C tests run over
# the shared vectors and the misuse cases: against the shared library under valgrind, and
# against the static library under ASan + UBSan.
need_apt gcc gcc libc6-dev
need_apt valgrind valgrind
need_apt python3 python3

if [ -z "${USERHASH_LIB_BUILT:-}" ]; then
    run_step c-build check cargo build --release -p userhash-c
    USERHASH_LIB_BUILT=yes
fi

C_TEST_DIR=$TARGET_DIR/c-tests
mkdir -p "$C_TEST_DIR"
C_TEST_SRC=bindings/c/tests/c
C_VERSION=$(sed -n '/^\[workspace.package\]/,/^\[/s/^version = "\(.*\)"/\1/p' Cargo.toml)

c_compile() {
    rm -f "$C_TEST_DIR"/test_*
    python3 "$C_TEST_SRC/vectors_to_lines.py" tests/vectors/vectors.json >"$C_TEST_DIR/vectors.txt" &&
        gcc -std=c11 -Wall -Wextra -Werror -O1 -g -Ibindings/c/include \
            "$C_TEST_SRC/test_userhash.c" -o "$C_TEST_DIR/test_shared" \
            -L"$TARGET_DIR/release" -luserhash -Wl,-rpath,"$TARGET_DIR/release" -lpthread &&
        gcc -std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined \
            -fno-sanitize-recover=all -fno-omit-frame-pointer -Ibindings/c/include \
            "$C_TEST_SRC/test_userhash.c" -o "$C_TEST_DIR/test_static_asan" \
            "$TARGET_DIR/release/libuserhash.a" -lpthread -ldl -lm -lrt -lgcc_s
}
run_step c-compile check c_compile

run_step c-valgrind plain valgrind -q --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=all --errors-for-leak-kinds=all \
    "$C_TEST_DIR/test_shared" "$C_TEST_DIR/vectors.txt" "$C_VERSION"
ASAN_OPTIONS=detect_leaks=1 run_step c-asan plain \
    "$C_TEST_DIR/test_static_asan" "$C_TEST_DIR/vectors.txt" "$C_VERSION"
