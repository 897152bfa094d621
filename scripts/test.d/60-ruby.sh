# Ruby: the gem over libuserhash (ffi). The minitest suite (every sign, verify, token and
# widget vector against OpenSSL::HMAC and the vectors file, errors and codes, keyrings and a
# rotation, the explain table, the failure hook, redaction, threads, the WEBrick example
# over HTTP) runs twice: from the source tree with USERHASH_LIB, and against the gem built
# with the library bundled and installed into a directory outside the tree, the way a user
# gets it. Then the FFI wrapper under valgrind (ruby/test/valgrind/check.rb): a loop of
# create/use/drop of every handle loses nothing libuserhash allocated, and the same check
# fails when the loop leaves a keyring unfreed on purpose.
need_apt ruby ruby
need_apt valgrind valgrind

# ruby_need_lib FEATURE PACKAGE: installs the Debian package unless `require FEATURE` works.
ruby_need_lib() {
    ruby -e "require '$1'" 2>/dev/null && return 0
    echo "--- installing $2 from Debian (no Ruby library $1)"
    if [ "$APT_UPDATED" = no ]; then
        apt-get update -qq >/dev/null && APT_UPDATED=yes
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2" >/dev/null
}
ruby_need_lib ffi ruby-ffi
ruby_need_lib minitest ruby-minitest
ruby_need_lib webrick ruby-webrick

if [ -z "${USERHASH_LIB_BUILT:-}" ]; then
    run_step c-build check cargo build --release -p userhash-c
    USERHASH_LIB_BUILT=yes
fi

RUBY_LIB_SO=$TARGET_DIR/release/libuserhash.so
RUBY_WORK=$TARGET_DIR/ruby
RUBY_GEMS=$RUBY_WORK/gems

# ruby_minitest: every ruby/test/test_*.rb in one process, from the current directory.
ruby_minitest() {
    ruby -e 'ARGV.each { |file| require file }' "$ROOT"/ruby/test/test_*.rb
}

# Builds the gem from a copy of ruby/ with libuserhash in lib/userhash/ and installs it
# (ffi comes from Debian's ruby-ffi, hence --ignore-dependencies).
ruby_gem_install() {
    rm -rf "$RUBY_WORK" && mkdir -p "$RUBY_WORK/stage" &&
        cp -r ruby "$RUBY_WORK/stage/ruby" && cp Cargo.toml "$RUBY_WORK/stage/" &&
        cp "$RUBY_LIB_SO" "$RUBY_WORK/stage/ruby/lib/userhash/" &&
        (cd "$RUBY_WORK/stage/ruby" && gem build -q userhash.gemspec -o "$RUBY_WORK/userhash.gem") &&
        gem install -q --local --no-document --ignore-dependencies --install-dir "$RUBY_GEMS" \
            "$RUBY_WORK/userhash.gem"
}

ruby_gem_tests() {
    local bundled
    bundled=$(ruby -e 'print Dir[ARGV[0] + "/gems/userhash-*/lib/userhash/libuserhash.so"].first' "$RUBY_GEMS")
    (
        cd "$RUBY_WORK" && unset USERHASH_LIB RUBYLIB &&
            export USERHASH_EXPECT_LIB=$bundled GEM_PATH=$RUBY_GEMS:$(ruby -e 'print Gem.default_path.join(":")') &&
            ruby_minitest
    )
}

USERHASH_LIB=$RUBY_LIB_SO RUBYLIB=$ROOT/ruby/lib run_step ruby-source-tests minitest ruby_minitest
run_step ruby-gem-install check ruby_gem_install
run_step ruby-gem-tests minitest ruby_gem_tests

# The valgrind check must fail on a loop that drops a keyring without freeing it.
ruby_valgrind_catches_a_leak() {
    local out status
    out=$(USERHASH_LIB=$RUBY_LIB_SO ruby ruby/test/valgrind/check.rb 10 leak 2>&1)
    status=$?
    echo "$out"
    [ "$status" -ne 0 ] && grep -q '^FAIL: nothing allocated by libuserhash is lost' <<<"$out"
}

USERHASH_LIB=$RUBY_LIB_SO run_step ruby-valgrind plain ruby ruby/test/valgrind/check.rb 10
run_step ruby-valgrind-catches-leak check ruby_valgrind_catches_a_leak
