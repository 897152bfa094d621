# Shared by scripts/dist and the parts under scripts/dist.d. Sourced, not run.
# Provides: what scripts/lib/release.sh provides (DIST, VERSION, need_apt), TARGETS (our
# platform names), rust_target, zig_target, and the build tools (zig, cargo-zigbuild,
# maturin) on PATH.

: "${ROOT:?}"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export CARGO_TERM_COLOR=never
. "$ROOT/scripts/lib/release.sh"
mkdir -p "$DIST"

# Our platform names, as the C tarballs, PHP and Ruby name them.
TARGETS=(x86_64-linux-gnu aarch64-linux-gnu x86_64-linux-musl)

# rust_target PLATFORM: the Rust target triple.
rust_target() {
    case $1 in
    x86_64-linux-gnu) echo x86_64-unknown-linux-gnu ;;
    aarch64-linux-gnu) echo aarch64-unknown-linux-gnu ;;
    x86_64-linux-musl) echo x86_64-unknown-linux-musl ;;
    *) echo "unknown platform $1" >&2; return 1 ;;
    esac
}

# zig_target PLATFORM: the triple cargo-zigbuild builds for, glibc ones pinned to glibc 2.17.
zig_target() {
    case $1 in
    *-gnu) echo "$(rust_target "$1").2.17" ;;
    *) rust_target "$1" ;;
    esac
}

# A shared library on musl needs a dynamically linked C runtime (musl's default is static).
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=-crt-static"

DIST_TOOLS=$CARGO_TARGET_DIR/dist-tools
if [ ! -x "$DIST_TOOLS/bin/cargo-zigbuild" ]; then
    echo "--- installing zig, cargo-zigbuild and maturin from PyPI into $DIST_TOOLS"
    python3 -m venv "$DIST_TOOLS"
    "$DIST_TOOLS/bin/pip" install -q ziglang==0.17.1 cargo-zigbuild==0.24.1 maturin==1.16.0
fi
# napi-rs's CLI looks for a `zig` command; PyPI's ziglang ships the binary in the package.
[ -e "$DIST_TOOLS/bin/zig" ] ||
    ln -s "$("$DIST_TOOLS/bin/python" -c 'import ziglang, os; print(os.path.dirname(ziglang.__file__))')/zig" \
        "$DIST_TOOLS/bin/zig"
export PATH=$DIST_TOOLS/bin:$PATH

missing_targets=()
for platform in "${TARGETS[@]}"; do
    triple=$(rust_target "$platform")
    rustup target list --installed | grep -qx "$triple" || missing_targets+=("$triple")
done
if [ ${#missing_targets[@]} -gt 0 ]; then
    echo "--- adding Rust targets ${missing_targets[*]}"
    rustup target add "${missing_targets[@]}"
fi
