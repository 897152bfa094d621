# C: the library of every target, built once (userhash-c, profile dist: the shared library
# stripped, the static one without debug info), laid out as a
# prefix (lib/, include/, lib/pkgconfig/) and packed as dist/c/userhash-VERSION-PLATFORM.tar.gz.
# The unpacked prefixes stay beside the tarballs: PHP, Ruby and Go package their libraries.

# The SONAME set by bindings/c/build.rs, and the file name it points to.
C_ABI=$(echo "$VERSION" | awk -F. '{ print ($1 == 0) ? "0." $2 : $1 }')

# c_strip PLATFORM: the strip that reads the platform's objects.
c_strip() {
    case $1 in
    aarch64-*) echo aarch64-linux-gnu-strip ;;
    *) echo strip ;;
    esac
}

# What a static link needs besides libuserhash.a (rustc --print native-static-libs).
c_static_libs() {
    case $1 in
    *-gnu) echo "-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc" ;;
    *-musl) echo "-lgcc_s -lc" ;;
    esac
}

c_package() {
    local platform=$1 triple built prefix
    triple=$(rust_target "$platform")
    built=$CARGO_TARGET_DIR/$triple/dist
    prefix=$DIST/c/userhash-$VERSION-$platform
    rm -rf "$prefix" && mkdir -p "$prefix/lib/pkgconfig" "$prefix/include"
    install -m 755 "$built/libuserhash.so" "$prefix/lib/libuserhash.so.$VERSION"
    ln -s "libuserhash.so.$VERSION" "$prefix/lib/libuserhash.so.$C_ABI"
    ln -s "libuserhash.so.$C_ABI" "$prefix/lib/libuserhash.so"
    install -m 644 "$built/libuserhash.a" "$prefix/lib/libuserhash.a"
    # The archive keeps its symbols; its debug info (25 MB to 16 MB) is not shipped.
    "$(c_strip "$platform")" --strip-debug "$prefix/lib/libuserhash.a"
    install -m 644 bindings/c/include/userhash.h "$prefix/include/userhash.h"
    cat >"$prefix/lib/pkgconfig/userhash.pc" <<PC
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: userhash
Description: Identity-verification hashes for chat and support widgets (HMAC-SHA256)
Version: $VERSION
URL: https://example.invalid/userhash
Libs: -L\${libdir} -luserhash
Libs.private: $(c_static_libs "$platform")
Cflags: -I\${includedir}
PC
    tar -C "$DIST/c" -czf "$prefix.tar.gz" "userhash-$VERSION-$platform"
}

need_apt aarch64-linux-gnu-strip binutils-aarch64-linux-gnu
mkdir -p "$DIST/c"
for platform in "${TARGETS[@]}"; do
    cargo zigbuild --profile dist -p userhash-c --target "$(zig_target "$platform")"
    c_package "$platform"
done
