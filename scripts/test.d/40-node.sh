# Node: the napi-rs binding built once (release), the generated loader and types checked
# for drift, then the tests run in the source tree and again against the packed tarball
# installed into a fresh project outside it, the way a user gets it.
need_apt node nodejs
need_apt npm npm
NODE_CONSUMER=$TARGET_DIR/node-consumer

# A fresh project with the packed tarball, express and the type checker at the versions
# pinned in node/package.json, and the tests copied in.
node_consumer() {
    rm -rf "$NODE_CONSUMER" && mkdir -p "$NODE_CONSUMER" &&
        (cd node && npm pack --silent --pack-destination "$NODE_CONSUMER" >/dev/null) &&
        cp node/test/*.js node/test/typecheck.ts node/test/tsconfig.json "$NODE_CONSUMER/" &&
        node -e '
            const fs = require("node:fs")
            const [source, dir] = process.argv.slice(1)
            const dev = require(source).devDependencies
            const tarball = fs.readdirSync(dir).find((f) => f.endsWith(".tgz"))
            const pick = ["express", "typescript", "@types/node", "@types/express"]
            const dependencies = { userhash: `file:./${tarball}` }
            for (const name of pick) dependencies[name] = dev[name]
            fs.writeFileSync(`${dir}/package.json`, JSON.stringify({ private: true, dependencies }, null, 2))
        ' "$ROOT/node/package.json" "$NODE_CONSUMER" &&
        (cd "$NODE_CONSUMER" && mkdir test && mv ./*.test.js helpers.js test/ &&
            npm install --silent --no-audit --no-fund)
}

# npm ci refuses this lock file: npm 11 records only the optional platform packages it
# installed. `install --no-save` keeps to the locked versions without rewriting it.
run_step node-deps check npm install --prefix node --no-save --silent --no-audit --no-fund
run_step node-build check npm run --prefix node --silent build
run_step node-binding-drift check bash -c \
    'git ls-files --error-unmatch node/binding.js node/binding.d.ts >/dev/null &&
     git diff --exit-code -- node/binding.js node/binding.d.ts'
run_step node-tests node bash -c 'cd node && node --test test/*.test.js'
# The differential script itself (millions of cases by hand; a short run here keeps it working).
run_step node-differential check node node/bench/differential.mjs 20000
run_step node-pack-install check node_consumer
run_step node-tests-packed node bash -c \
    "cd '$NODE_CONSUMER' && USERHASH_ROOT='$ROOT' USERHASH_EXPECT_INSTALLED=1 node --test test/*.test.js"
run_step node-types-packed check bash -c "cd '$NODE_CONSUMER' && npx tsc -p ."
