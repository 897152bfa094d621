# WebAssembly: the userhash tarball of dist/ (its wasm/ from scripts/dist.d/35-node-wasm.sh)
# installed into a fresh project outside the tree with workerd, Deno and esbuild at the
# versions pinned in node/test-edge/package-lock.json, and node/test-edge/run.mjs: every
# vector in workerd (as modules, and as esbuild bundles for workerd and edge-light) and in
# Deno over loopback, each printing "NAME: N passed, N failed".
need_apt node nodejs
need_apt npm npm
need_dist
EDGE_CONSUMER=$TARGET_DIR/edge-consumer

edge_consumer() {
    rm -rf "$EDGE_CONSUMER" && mkdir -p "$EDGE_CONSUMER" &&
        cp node/test-edge/package.json node/test-edge/package-lock.json node/test-edge/*.mjs "$EDGE_CONSUMER/" &&
        (cd "$EDGE_CONSUMER" && npm ci --silent --no-audit --no-fund &&
            npm install --silent --no-audit --no-fund --no-save \
                "$DIST/node/userhash-$VERSION.tgz" "$DIST/node/userhash-linux-x64-gnu-$VERSION.tgz") &&
        tar tzf "$DIST/node/userhash-$VERSION.tgz" | grep -qx package/wasm/userhash.wasm
}

run_step wasm-consumer check edge_consumer
run_step wasm-edge plain env -C "$EDGE_CONSUMER" USERHASH_ROOT="$ROOT" node run.mjs
