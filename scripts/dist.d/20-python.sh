# Python: abi3 wheels (CPython 3.9 and newer) for manylinux2014 (glibc 2.17) x86_64 and
# aarch64 and musllinux_1_2 x86_64, built with maturin --zig, and the sdist.

python_wheel() {
    local platform=$1 compatibility=$2
    (cd python && maturin build --profile dist --zig --target "$(rust_target "$platform")" \
        --compatibility "$compatibility" --out "$DIST/python")
}

rm -rf "$DIST/python" && mkdir -p "$DIST/python"
python_wheel x86_64-linux-gnu manylinux2014
python_wheel aarch64-linux-gnu manylinux2014
python_wheel x86_64-linux-musl musllinux_1_2
(cd python && maturin sdist --out "$DIST/python")
