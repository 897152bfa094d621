# Ruby: dist/ruby/userhash-VERSION.gem, the plain gem (no library: it asks for a platform gem
# or USERHASH_LIB), and one platform gem per target, userhash-VERSION-x86_64-linux.gem,
# -aarch64-linux.gem and -x86_64-linux-musl.gem, carrying dist/c's library of that target
# in lib/userhash/PLATFORM/ (precompiled platform gems, as nokogiri and sqlite3 ship).
# `gem build` runs on a copy of the gem's files in target/dist-ruby/.
need_apt gem ruby
RUBY_STAGE=$CARGO_TARGET_DIR/dist-ruby
rm -rf "$DIST/ruby" "$RUBY_STAGE" && mkdir -p "$DIST/ruby"

# ruby_gem [PLATFORM]: builds the platform gem of PLATFORM, or without one the plain gem.
ruby_gem() {
    local stage=$RUBY_STAGE/${1:-plain}
    mkdir -p "$stage/ruby"
    cp Cargo.toml "$stage/" # the gemspec checks the version against it
    cp -r ruby/userhash.gemspec ruby/README.md ruby/lib "$stage/ruby/"
    if [ $# -gt 0 ]; then
        mkdir "$stage/ruby/lib/userhash/$1"
        cp "$DIST/c/userhash-$VERSION-$1/lib/libuserhash.so.$VERSION" "$stage/ruby/lib/userhash/$1/libuserhash.so"
    fi
    (cd "$stage/ruby" && gem build --strict --silent --norc userhash.gemspec)
    mv "$stage/ruby"/userhash-*.gem "$DIST/ruby/"
}

ruby_gem
for platform in "${TARGETS[@]}"; do
    ruby_gem "$platform"
done
ls -l "$DIST/ruby"
