// The WebAssembly build in Node next to the native addon and node:crypto, in one process and
// interleaved rounds (as node/bench/bench.js). Prints rows for scripts/bench_report.py under the
// language `node-wasm`: stdlib (node:crypto), sign_keyed, sign_oneshot, verify, and the native
// addon's sign_keyed and verify. Usage: node bench.mjs USERHASH_WASM_FILE
import crypto from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { userhash } from '../wasm/core.mjs'

const wasm = userhash(new WebAssembly.Module(readFileSync(process.argv[2])))
const native = createRequire(import.meta.url)('../index.js')
const ROUNDS = Number(process.env.USERHASH_BENCH_ROUNDS ?? 21)
const ROUND_MS = 25
const SECRET = 'your_secret_key'
let sink = 0

function calibrate(fn) {
  for (let iterations = 64; ; iterations *= 4) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) sink += fn().length
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (ms >= ROUND_MS / 4) return Math.max(1, Math.round((iterations * ROUND_MS) / ms))
  }
}

for (const bytes of [7, 256]) {
  const id = bytes === 7 ? 'user123' : 'u'.repeat(bytes)
  const [signer, addon] = [new wasm.Signer(SECRET), new native.Signer(SECRET)]
  const hash = crypto.createHmac('sha256', SECRET).update(id).digest('hex')
  const operations = [
    ['stdlib', () => crypto.createHmac('sha256', SECRET).update(id).digest('hex')],
    ['sign_keyed', () => signer.sign(id)],
    ['sign_oneshot', () => wasm.sign(SECRET, id)],
    ['verify', () => (signer.verify(id, hash) ? 'y' : '')],
    ['sign_keyed (native addon)', () => addon.sign(id)],
    ['verify (native addon)', () => (addon.verify(id, hash) ? 'y' : '')],
  ]
  for (const [name, fn] of operations) if (fn() !== hash && fn() !== 'y') throw new Error(`${name} disagrees with node:crypto`)
  const plans = operations.map(([name, fn]) => ({ name, fn, iterations: calibrate(fn), samples: [] }))
  for (let round = 0; round < ROUNDS; round++) {
    for (const plan of plans) {
      const start = process.hrtime.bigint()
      for (let i = 0; i < plan.iterations; i++) sink += plan.fn().length
      plan.samples.push(Number(process.hrtime.bigint() - start) / plan.iterations)
    }
  }
  for (const { name, samples } of plans) {
    const sorted = samples.sort((a, b) => a - b)
    const spread = (sorted[sorted.length - 1] - sorted[0]) / 2
    console.log(['row', 'node-wasm', name, bytes, sorted[sorted.length >> 1].toFixed(1), spread.toFixed(1)].join('\t'))
  }
}
if (sink === 0) console.error('nothing measured')
