// Differential run of userhash against node:crypto: N random cases (byte and Unicode
// secrets and ids, lone surrogates, integers, lengths up to 1 MiB), each through sign,
// Signer.sign, Signer.signMany and Signer.verify (right and tampered hash). Prints
// progress, then "N cases, M mismatches, R cases/s"; exits 1 on any mismatch.
//
//   node node/bench/differential.mjs [N=1000000] [SEED]
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const userhash = require('../index.js')
const { prng, randomCase, randomBytesPool, differential } = require('../test/helpers.js')

const total = Number(process.argv[2] ?? 1_000_000)
const seed = Number(process.argv[3] ?? Date.now() % 2 ** 31)
const random = prng(seed)
const bytes = randomBytesPool()
const started = process.hrtime.bigint()
const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9
let mismatches = 0
let hashedBytes = 0
const step = Math.max(1, Math.floor(total / 10))

console.log(`differential: ${total} cases, seed ${seed}`)
for (let i = 1; i <= total; i++) {
  const c = randomCase(random, bytes)
  hashedBytes += typeof c.message === 'string' ? c.message.length : c.message.length
  const mismatch = differential(userhash, c)
  if (mismatch !== null) {
    mismatches++
    if (mismatches <= 10) {
      const show = (v) => (typeof v === 'string' ? JSON.stringify(v.slice(0, 80)) : typeof v === 'object' ? Buffer.from(v).toString('hex').slice(0, 160) : String(v))
      console.log(`MISMATCH case ${i}: ${mismatch}\n  secret ${show(c.secret)}\n  id ${show(c.id)}`)
    }
  }
  if (i % step === 0) console.log(`  ${i} cases, ${mismatches} mismatches, ${Math.round(i / elapsed())} cases/s`)
}
const seconds = elapsed()
console.log(`${total} cases, ${mismatches} mismatches, ${Math.round(total / seconds)} cases/s (${seconds.toFixed(1)} s, ids totalling ${(hashedBytes / 2 ** 20).toFixed(0)} Mi bytes or UTF-16 units, seed ${seed})`)
process.exit(mismatches ? 1 : 0)
