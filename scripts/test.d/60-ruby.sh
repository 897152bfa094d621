# Ruby: the gem over libuserhash (ffi). The minitest suite (every sign, verify, token and
# widget vector against OpenSSL::HMAC and the vectors file, errors and codes, keyrings and a
# rotation, the explain table, the failure hook, redaction, threads, the WEBrick example
# over HTTP, every vendors, jwt and explain_vendor vector, JWTs against Debian's ruby-jwt
# both ways, the README's vendor examples) runs from the source tree with USERHASH_LIB
# (dist/c's library). Then the gems of dist/ruby as a user gets them: each checked for what
# it carries, and the ruby/README.md install commands run in fresh GEM_HOMEs outside the tree
# with no cargo or rustc on PATH, followed by the whole suite through the installed
# x86_64-linux gem and the vectors through the plain gem with the C tarball's library. Last,
# the FFI wrapper under valgrind (ruby/test/valgrind/check.rb): a loop of create/use/drop of
# every handle loses nothing libuserhash allocated, and the same check fails when the loop
# leaves a keyring unfreed on purpose.
need_apt ruby ruby
need_apt valgrind valgrind

# ruby_need_lib FEATURE PACKAGE: installs the Debian package unless `require FEATURE` works.
ruby_need_lib() {
    ruby -e "require '$1'" 2>/dev/null && return 0
    echo "--- installing $2 from Debian (no Ruby library $1)"
    apt_install "$2"
}
ruby_need_lib ffi ruby-ffi
ruby_need_lib minitest ruby-minitest
ruby_need_lib webrick ruby-webrick
ruby_need_lib jwt ruby-jwt # the JWT oracle of test/test_jwt.rb

need_dist
RUBY_LIB_SO=$C_PREFIX/lib/libuserhash.so

# ruby_minitest: every ruby/test/test_*.rb in one process, from the current directory.
ruby_minitest() {
    ruby -e 'ARGV.each { |file| require file }' "$ROOT"/ruby/test/test_*.rb
}

USERHASH_LIB=$RUBY_LIB_SO RUBYLIB=$ROOT/ruby/lib run_step ruby-source-tests minitest ruby_minitest

# ruby_gem_check PLATFORM [MACHINE]: the gem carries README.md, every lib/**/*.rb and, for a
# PLATFORM (the C tarballs' name), dist/c's library of it in lib/userhash/PLATFORM/: an ELF
# for MACHINE (readelf's name) needing glibc 2.17 at most, or no glibc at all for musl.
ruby_gem_check() {
    local platform=${1:-} machine=${2:-} gem expected files spec_platform want so glibc
    gem=$DIST/ruby/userhash-$VERSION${platform:+-${platform%-gnu}}.gem
    expected=$( (cd ruby && ls README.md && find lib -name '*.rb') | sort)
    [ -z "$platform" ] || expected=$(printf '%s\nlib/userhash/%s/libuserhash.so' "$expected" "$platform" | sort)
    files=$(tar -xOf "$gem" data.tar.gz | tar -tzf - | sort)
    if [ "$files" != "$expected" ]; then
        echo "$gem carries:"; echo "$files"; echo "expected:"; echo "$expected"; return 1
    fi
    spec_platform=$(ruby -rrubygems/package -e 'print Gem::Package.new(ARGV[0]).spec.platform' "$gem")
    echo "$gem: platform $spec_platform, $(wc -l <<<"$files") files"
    want=${platform%-gnu}
    [ "$spec_platform" = "${want:-ruby}" ] || return 1
    [ -n "$platform" ] || return 0
    so=$RUBY_USER/check/$platform/libuserhash.so
    mkdir -p "$(dirname "$so")"
    tar -xOf "$gem" data.tar.gz | tar -xzOf - "lib/userhash/$platform/libuserhash.so" >"$so"
    cmp "$so" "$DIST/c/userhash-$VERSION-$platform/lib/libuserhash.so.$VERSION" &&
        file "$so" && readelf -h "$so" | grep -E '^ *Machine: *'"$machine"'$' || return 1
    glibc=$(objdump -T "$so" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)
    echo "highest glibc symbol version: ${glibc:-none}"
    case $platform in
    *-musl) [ -z "$glibc" ] && readelf -d "$so" | grep -F 'Shared library: [libc.so]' ;;
    *) [ -n "$glibc" ] && [ "$(printf '%s\nGLIBC_2.17\n' "$glibc" | sort -V | tail -n 1)" = GLIBC_2.17 ] ;;
    esac
}

# The fresh environments live outside the tree; the library checks above extract into it too.
RUBY_USER=$(mktemp -d "${TMPDIR:-/tmp}/userhash-ruby.XXXXXX")
RUBY_EXPECTED=$(ruby -ropenssl -e 'print OpenSSL::HMAC.hexdigest("SHA256", "your_secret_key", "user123")')

run_step ruby-gem-plain check ruby_gem_check
run_step ruby-gem-x86_64-linux check ruby_gem_check x86_64-linux-gnu 'Advanced Micro Devices X86-64'
run_step ruby-gem-aarch64-linux check ruby_gem_check aarch64-linux-gnu AArch64
run_step ruby-gem-x86_64-linux-musl check ruby_gem_check x86_64-linux-musl 'Advanced Micro Devices X86-64'

# ruby_fresh NAME FILE...: a new directory $RUBY_USER/NAME holding copies of FILEs (from
# dist/), for ruby_in NAME.
ruby_fresh() {
    local dir=$RUBY_USER/$1
    shift
    rm -rf "$dir" && mkdir -p "$dir/home" && cp "$@" "$dir/"
}

# ruby_in NAME COMMAND...: runs COMMAND in $RUBY_USER/NAME as a user there would: HOME and
# GEM_HOME in it (the system gems, Debian's ffi among them, stay on the default GEM_PATH),
# no USERHASH_LIB, RUBYLIB or RUBYOPT, and no cargo or rustc on PATH.
ruby_in() {
    local dir=$RUBY_USER/$1
    shift
    (cd "$dir" && env -u USERHASH_LIB -u RUBYLIB -u RUBYOPT -u GEM_PATH HOME="$dir/home" GEM_HOME="$dir/gems" \
        PATH="$NO_RUST_PATH" "$@")
}

# ruby_readme_block NAME BLOCK: runs ruby/README.md's block BLOCK (scripts/readme-block) in
# $RUBY_USER/NAME; its last line must be the seed's hash by OpenSSL::HMAC.
ruby_readme_block() {
    local out block
    ruby_in "$1" bash -c '! command -v cargo && ! command -v rustc' || { echo "cargo or rustc on PATH"; return 1; }
    echo "no cargo or rustc on PATH=$NO_RUST_PATH"
    block=$(scripts/readme-block ruby/README.md "$2") || return 1
    sed 's/^/+ /' <<<"$block"
    out=$(ruby_in "$1" bash -euo pipefail -c "$block") || return 1
    echo "$out"
    [ "$(tail -n 1 <<<"$out")" = "$RUBY_EXPECTED" ] || { echo "expected $RUBY_EXPECTED"; return 1; }
}

# ruby_no_library NAME GEM_PLATFORM: `require "userhash"` in $RUBY_USER/NAME fails with
# the message the README shows, for the gem of GEM_PLATFORM installed there.
ruby_no_library() {
    local err message
    err=$(ruby_in "$1" ruby -e 'require "userhash"' 2>&1) && { echo "require succeeded with no library"; return 1; }
    echo "$err"
    message=$(scripts/readme-block ruby/README.md ruby-no-library | head -n 1 |
        sed "s|…|$RUBY_USER/$1/gems/gems/userhash-$VERSION${2:+-$2}|")
    [ "$(head -n 1 <<<"$err" | sed 's/^[^ ]*:in `<module:Native>'"'"': //')" = "$message" ] ||
        { echo "the first line differs from the README's:"; echo "$message"; return 1; }
    ! grep -F 'cannot load such file' <<<"$err"
}

# The x86_64-linux gem: README block 1.
ruby_platform_gem() {
    ruby_fresh platform "$DIST/ruby/userhash-$VERSION-x86_64-linux.gem" && ruby_readme_block platform ruby-install-platform
}

# The whole suite, with userhash and its library from the installed gem.
ruby_platform_gem_tests() {
    local bundled=$RUBY_USER/platform/gems/gems/userhash-$VERSION-x86_64-linux/lib/userhash/x86_64-linux-gnu/libuserhash.so
    ruby_in platform env USERHASH_EXPECT_LIB="$bundled" ruby -e 'ARGV.each { |file| require file }' "$ROOT"/ruby/test/test_*.rb
}

# The plain gem: README block 2 (with the C tarball), and the error without USERHASH_LIB.
ruby_plain_gem() {
    ruby_fresh plain "$DIST/ruby/userhash-$VERSION.gem" "$C_PREFIX.tar.gz" && ruby_readme_block plain ruby-install-plain &&
        ruby_no_library plain
}

# Every vector through the plain gem and the C tarball's library.
ruby_plain_gem_vectors() {
    ruby_in plain env USERHASH_LIB="$RUBY_USER/plain/userhash-$VERSION-x86_64-linux-gnu/lib/libuserhash.so" \
        ruby -e 'ARGV.each { |file| require file }' "$ROOT/ruby/test/test_vectors.rb"
}

# Another platform's gem installs (a file install does not check the platform) and says so.
ruby_aarch64_gem_on_x86_64() {
    ruby_fresh aarch64 "$DIST/ruby/userhash-$VERSION-aarch64-linux.gem" &&
        ruby_in aarch64 gem install --local "./userhash-$VERSION-aarch64-linux.gem" && ruby_no_library aarch64 aarch64-linux
}

# RubyGems before 3.3.22, Debian 12's 3.3.15 here, refuses the musl gem rather than put it on glibc.
ruby_musl_gem_refused() {
    local out
    ruby_fresh musl "$DIST/ruby/userhash-$VERSION-x86_64-linux-musl.gem" || return 1
    out=$(ruby_in musl gem install --local "./userhash-$VERSION-x86_64-linux-musl.gem" 2>&1) && { echo "$out"; return 1; }
    echo "$out"
    grep -F "userhash-$VERSION-x86_64-linux-musl requires RubyGems version >= 3.3.22" <<<"$out" >/dev/null
}

run_step ruby-gem-install check ruby_platform_gem
run_step ruby-gem-tests minitest ruby_platform_gem_tests
run_step ruby-plain-gem-install check ruby_plain_gem
run_step ruby-plain-gem-vectors minitest ruby_plain_gem_vectors
run_step ruby-gem-aarch64-on-x86_64 check ruby_aarch64_gem_on_x86_64
run_step ruby-gem-musl-refused check ruby_musl_gem_refused
rm -rf "$RUBY_USER"

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
