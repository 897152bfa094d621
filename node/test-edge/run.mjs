// Runs the test worker (worker.mjs) in real edge runtimes over loopback, against the userhash
// package installed in this directory (scripts/test.d/45-wasm.sh installs the dist tarball):
//   workerd-modules      workerd serving the package's workerd entry as modules (config.capnp)
//   workerd-bundle       esbuild's bundle for the workerd condition, served by workerd
//   edge-light-bundle    esbuild's bundle for the edge-light condition (Vercel), served by workerd
//   deno                 Deno serving the worker, the package resolved by its deno condition
// Each POSTs every vector of tests/vectors/vectors.json, then asks for the runtime's checks,
// and prints "NAME: N passed, N failed" (scripts/lib/common.sh, the plain parser).
//
//   node run.mjs [VARIANT...]      (USERHASH_ROOT: the repository, for the vectors)
import { spawn, execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, relative, resolve } from 'node:path'
import { createRequire } from 'node:module'

const here = process.cwd()
const root = process.env.USERHASH_ROOT ?? resolve(import.meta.dirname, '..', '..')
const vectors = readFileSync(join(root, 'tests', 'vectors', 'vectors.json'), 'utf8')
const bin = (name) => join(here, 'node_modules', '.bin', name)
const SECRET = 'edge-env-secret'
// A compatibility date the pinned workerd supports, past the one from which nodejs_compat (and
// with it node:crypto, the oracle) is the default.
const COMPATIBILITY_DATE = '2026-11-01'

/** A free loopback port. */
const freePort = () =>
  new Promise((done, fail) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => done(port))
    })
    server.on('error', fail)
  })

/** The capnp config in `dir` of a worker of `modules` ([name, kind, file]) listening on `port`. */
function workerdConfig(dir, port, modules) {
  // capnp embeds a file by its path from the config's folder.
  const embed = (file) => JSON.stringify(relative(dir, file))
  const entries = modules.map(([name, kind, file]) => `(name = ${JSON.stringify(name)}, ${kind} = embed ${embed(file)})`)
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [
    ${entries.join(',\n    ')}
  ],
  bindings = [(name = "USERHASH_SECRET", text = ${JSON.stringify(SECRET)})],
  compatibilityDate = "${COMPATIBILITY_DATE}",
);
`
}

/** workerd serving `modules` from `dir` on `port`. */
function workerd(dir, port, modules) {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'config.capnp'), workerdConfig(dir, port, modules))
  return spawn(bin('workerd'), ['serve', join(dir, 'config.capnp')], { stdio: ['ignore', 'inherit', 'inherit'] })
}

/**
 * esbuild's bundle of the worker for `condition`, the .wasm copied beside it and named as the
 * bundle imports it (`?module` kept for edge-light: Vercel's bundler reads it, workerd a name).
 */
function bundle(condition, dir, wasmName = 'userhash.wasm') {
  rmSync(dir, { recursive: true, force: true })
  execFileSync(bin('esbuild'), [
    'worker.mjs', '--bundle', '--format=esm', '--platform=neutral', `--conditions=${condition}`,
    '--external:node:*', '--loader:.wasm=copy', '--asset-names=[name]', `--outdir=${dir}`, '--log-level=warning',
  ], { stdio: 'inherit' })
  return [['worker.js', 'esModule', join(dir, 'worker.js')], [wasmName, 'wasm', join(dir, 'userhash.wasm')]]
}

// The package's files as workerd names them: its entry under the package's name, the files it
// imports beside it (relative specifiers resolve against the module's name).
const packageDir = dirname(createRequire(join(here, 'package.json')).resolve('userhash/package.json'))
const VARIANTS = {
  'workerd-modules': (port) =>
    workerd(join(here, 'workerd-modules'), port, [
      ['worker.mjs', 'esModule', join(here, 'worker.mjs')],
      ['vectors.mjs', 'esModule', join(here, 'vectors.mjs')],
      ['userhash', 'esModule', join(packageDir, 'wasm', 'workerd.mjs')],
      ['core.mjs', 'esModule', join(packageDir, 'wasm', 'core.mjs')],
      ['userhash.wasm', 'wasm', join(packageDir, 'wasm', 'userhash.wasm')],
    ]),
  'workerd-bundle': (port) => workerd(join(here, 'workerd-bundle'), port, bundle('workerd', join(here, 'workerd-bundle'))),
  'edge-light-bundle': (port) => workerd(join(here, 'edge-light-bundle'), port, bundle('edge-light', join(here, 'edge-light-bundle'), 'userhash.wasm?module')),
  deno: (port) =>
    spawn(bin('deno'), ['run', '--no-lock', '--node-modules-dir=manual', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', 'serve-deno.mjs', String(port)], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, USERHASH_SECRET: SECRET, DENO_NO_UPDATE_CHECK: '1' },
    }),
}

/** The response of `path` once the runtime listens (it takes a few seconds to start). */
async function request(port, path, init, deadline = Date.now() + 30_000) {
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, init)
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status}: ${await response.text()}`)
      return response.json()
    } catch (error) {
      if (Date.now() > deadline || !(error.cause?.code === 'ECONNREFUSED')) throw error
      await new Promise((done) => setTimeout(done, 200))
    }
  }
}

let failedVariants = 0
for (const name of process.argv.length > 2 ? process.argv.slice(2) : Object.keys(VARIANTS)) {
  const port = await freePort()
  let runtime
  let passed = 0
  let failed = 0
  try {
    runtime = VARIANTS[name](port)
    const exited = new Promise((_, fail) => runtime.on('exit', (code) => fail(new Error(`${name} exited with ${code}`))))
    const results = await Promise.race([
      Promise.all([request(port, '/vectors', { method: 'POST', body: vectors }), request(port, '/runtime')]),
      exited,
    ])
    for (const result of results) {
      passed += result.passed
      failed += result.failed
      for (const { name: check, message } of result.failures) console.log(`FAIL ${name}: ${check}: ${message}`)
    }
  } catch (error) {
    console.log(`FAIL ${name}: ${error.stack ?? error}`)
    failed += 1
  } finally {
    runtime?.kill()
  }
  if (failed > 0) failedVariants += 1
  console.log(`${name}: ${passed} passed, ${failed} failed`)
}
process.exitCode = failedVariants > 0 ? 1 : 0
