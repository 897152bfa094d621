# WebAssembly for edge runtimes (node/README.md, Edge runtimes): the module built by
# bindings/wasm/build.sh and the glue of node/wasm go into the userhash package's wasm/
# (package.json: files "wasm/*", the workerd, edge-light and deno conditions), which is
# packed again over the tarball 30-node-*.sh made.
NODE_STAGE=$DIST/node/stage
[ -d "$NODE_STAGE/userhash" ] || { echo "35-node-wasm: run the node part first ($NODE_STAGE/userhash is missing)"; exit 1; }
rm -rf "$NODE_STAGE/userhash/wasm" && mkdir -p "$NODE_STAGE/userhash/wasm"
cp node/wasm/*.mjs node/wasm/*.d.ts "$NODE_STAGE/userhash/wasm/"
cp "$(bindings/wasm/build.sh)" "$NODE_STAGE/userhash/wasm/userhash.wasm"
(cd "$NODE_STAGE/userhash" && npm pack --silent --pack-destination "$DIST/node" >/dev/null)
