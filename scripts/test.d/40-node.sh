# Node: the packages scripts/dist built (napi-rs layout: `userhash` and one package per
# platform). The generated loader and types are checked against the committed ones; the tests
# run in the source tree over the x86_64 binding, then against the tarballs installed into a
# fresh project outside the tree with no cargo or rustc on PATH, the way a user gets them;
# the platform packages' os/cpu/libc fields are checked, and the loader's errors for a
# missing platform package and an unsupported platform.
need_apt node nodejs
need_apt npm npm
need_dist
NODE_CONSUMER=$TARGET_DIR/node-consumer
NODE_STAGE=$DIST/node/stage

# node_project DIR PACKAGE...: a fresh project in DIR with the dist tarballs PACKAGE...
# (file names in $DIST/node) and express, the type checker and the JWT oracles (jose,
# jsonwebtoken) at the versions pinned in node/package.json, installed with no Rust on PATH;
# extra npm flags in NODE_INSTALL_FLAGS.
node_project() {
    local dir=$1
    shift
    rm -rf "$dir" && mkdir -p "$dir" &&
        node -e '
            const fs = require("node:fs")
            const [source, dir, dist, ...tarballs] = process.argv.slice(1)
            const dev = require(source).devDependencies
            const dependencies = {}
            for (const file of tarballs) dependencies[file.replace(/-\d+\.\d+\.\d+\.tgz$/, "")] = `file:${dist}/${file}`
            for (const name of ["express", "typescript", "@types/node", "@types/express", "jose", "jsonwebtoken"]) dependencies[name] = dev[name]
            fs.writeFileSync(`${dir}/package.json`, JSON.stringify({ private: true, dependencies }, null, 2))
        ' "$ROOT/node/package.json" "$dir" "$DIST/node" "$@" &&
        no_rust_on_path &&
        (cd "$dir" && env PATH="$NO_RUST_PATH" npm install --silent --no-audit --no-fund ${NODE_INSTALL_FLAGS:-})
}

# The consumer with the package and its x86_64 binding, and the tests copied in.
node_consumer() {
    node_project "$NODE_CONSUMER" "userhash-$VERSION.tgz" "userhash-linux-x64-gnu-$VERSION.tgz" &&
        mkdir -p "$NODE_CONSUMER/test" &&
        cp node/test/*.js "$NODE_CONSUMER/test/" &&
        cp node/test/typecheck.ts node/test/tsconfig.json "$NODE_CONSUMER/"
}

# Each platform package declares the platform its binary is for, and the binary is that; the
# loader's list of platforms is the list of packages.
node_platform_packages() {
    local platform expected
    [ "$(node -p 'require("./node/loader.js").PLATFORMS.sort().join(" ")')" = "$(ls "$NODE_STAGE/npm" | sort | paste -sd' ')" ] ||
        { echo "node/loader.js PLATFORMS differ from the packages in $NODE_STAGE/npm"; return 1; }
    for platform in linux-x64-gnu:x86-64:glibc linux-arm64-gnu:aarch64:glibc linux-x64-musl:x86-64:musl; do
        IFS=: read -r name machine libc <<<"$platform"
        expected="linux $(cut -d- -f2 <<<"$name") $libc"
        [ "$(tar xzf "$DIST/node/userhash-$name-$VERSION.tgz" -O package/package.json |
            node -e 'const p = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(p.os[0], p.cpu[0], p.libc[0])')" = "$expected" ] ||
            { echo "userhash-$name: os/cpu/libc are not $expected"; return 1; }
        file -b "$NODE_STAGE/npm/$name/userhash.$name.node" | grep -q "$machine.*stripped" ||
            { echo "userhash.$name.node is not a stripped $machine binary"; return 1; }
    done
}

# The package without its platform package: the loader names the package to add.
node_missing_binding() {
    local dir=$TARGET_DIR/node-no-binding out
    NODE_INSTALL_FLAGS=--omit=optional node_project "$dir" "userhash-$VERSION.tgz" >/dev/null || return 1
    out=$(cd "$dir" && node -e 'require("userhash")' 2>&1)
    grep -q "userhash: the native binding for linux-x64-gnu is not installed: add the package userhash-linux-x64-gnu" <<<"$out" ||
        { echo "$out"; return 1; }
}

# An unsupported platform (riscv64, pretended): the loader lists the supported ones.
node_unsupported_platform() {
    local out
    out=$(cd "$NODE_CONSUMER" && node -e '
        Object.defineProperty(process, "arch", { value: "riscv64" })
        require("userhash")' 2>&1)
    grep -q "userhash: no native binding for this platform (linux-riscv64-gnu); there are bindings for linux-x64-gnu, linux-arm64-gnu, linux-x64-musl" <<<"$out" ||
        { echo "$out"; return 1; }
}

# The README's install commands in a fresh directory: prints node:crypto's hash.
node_readme_install() {
    local dir=$TARGET_DIR/node-readme expected out
    rm -rf "$dir" && mkdir -p "$dir"
    expected=$(node -p 'require("node:crypto").createHmac("sha256", "your_secret_key").update("user123").digest("hex")')
    out=$(run_readme_block node/README.md node-install "$dir") || { echo "$out"; return 1; }
    [ "$(tail -n 1 <<<"$out")" = "$expected" ] || { echo "printed: $out"; return 1; }
}

# npm ci refuses this lock file: npm 11 records only the optional platform packages it
# installed. `install --no-save` keeps to the locked versions without rewriting it.
run_step node-deps check npm install --prefix node --no-save --silent --no-audit --no-fund
run_step node-binding-drift check bash -c \
    "git ls-files --error-unmatch node/binding.js node/binding.d.ts >/dev/null &&
     diff -u node/binding.js '$NODE_STAGE/bindings/binding.js' &&
     diff -u node/binding.d.ts '$NODE_STAGE/bindings/binding.d.ts'"
cp "$NODE_STAGE/bindings/userhash.linux-x64-gnu.node" node/
run_step node-tests node bash -c 'cd node && node --test test/*.test.js'
# The differential script itself (millions of cases by hand; a short run here keeps it working).
run_step node-differential check node node/bench/differential.mjs 20000
run_step node-platform-packages check node_platform_packages
run_step node-pack-install check node_consumer
run_step node-tests-packed node bash -c \
    "cd '$NODE_CONSUMER' && PATH='$NO_RUST_PATH' USERHASH_ROOT='$ROOT' USERHASH_EXPECT_INSTALLED=1 node --test test/*.test.js"
run_step node-types-packed check bash -c "cd '$NODE_CONSUMER' && npx tsc -p ."
run_step node-readme-install check node_readme_install
run_step node-missing-binding check node_missing_binding
run_step node-unsupported-platform check node_unsupported_platform
