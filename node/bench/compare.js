'use strict'
// Two builds of the package side by side in one process: `node bench/compare.js OLD_DIR`,
// where OLD_DIR holds another build's index.js, binding.js and .node file (copy them from
// a checkout before a change). Interleaved rounds as in bench.js, timed in CPU time
// (process.cpuUsage) so that time spent descheduled on a shared machine does not count.
// Prints the median CPU ns per call of each operation for both builds and their ratio.

const crypto = require('node:crypto')
const path = require('node:path')

const [oldDir] = process.argv.slice(2)
if (!oldDir) throw new Error('usage: node bench/compare.js OLD_DIR')
const builds = [['before', require(path.resolve(oldDir, 'index.js'))], ['after', require('..')]]
const ROUNDS = Number(process.env.USERHASH_BENCH_ROUNDS ?? 41)
const ROUND_MS = 25
const SECRET = 'your_secret_key'
const MANY = 1000

let sink = 0
const cpuNs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) * 1000
}

function calibrate(fn) {
  for (let iterations = 64; ; iterations *= 4) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) sink += fn().length
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (ms >= ROUND_MS / 4) return Math.max(1, Math.round((iterations * ROUND_MS) / ms))
  }
}

function medians(operations) {
  const plans = operations.map(({ fn }) => ({ fn, iterations: calibrate(fn), samples: [] }))
  for (let round = 0; round < ROUNDS; round++) {
    for (const plan of plans) {
      const start = cpuNs()
      for (let i = 0; i < plan.iterations; i++) sink += plan.fn().length
      plan.samples.push((cpuNs() - start) / plan.iterations)
    }
  }
  return plans.map(({ samples }, i) => {
    const sorted = samples.map((ns) => ns / (operations[i].perCall ?? 1)).sort((a, b) => a - b)
    return sorted[sorted.length >> 1]
  })
}

for (const bytes of [7, 256]) {
  const id = bytes === 7 ? 'user123' : 'u'.repeat(bytes)
  const operations = [{ name: 'createHmac', fn: () => crypto.createHmac('sha256', SECRET).update(id).digest('hex') }]
  for (const [build, userhash] of builds) {
    const signer = new userhash.Signer(SECRET)
    const keyring = new userhash.Keyring('k', SECRET)
    const hash = signer.sign(id)
    const ids = Array(MANY).fill(id)
    const widget = { preset: 'tau', appId: 'a', user: { id, name: 'Jo' } }
    operations.push(
      { name: `${build} signer.sign`, fn: () => signer.sign(id) },
      { name: `${build} signer.verify`, fn: () => (signer.verify(id, hash) ? 'y' : '') },
      { name: `${build} signer.signMany, per id`, fn: () => signer.signMany(ids), perCall: MANY },
      { name: `${build} sign (one-shot)`, fn: () => userhash.sign(SECRET, id) },
      { name: `${build} keyring.sign`, fn: () => keyring.sign(id) },
      { name: `${build} keyring.verifyDetailed`, fn: () => keyring.verifyDetailed(id, hash).outcome },
      { name: `${build} widgetJson(signer, …)`, fn: () => userhash.widgetJson(signer, widget) },
    )
  }
  const ns = medians(operations)
  const half = (operations.length - 1) / 2
  console.log(`${bytes}-byte id, createHmac ${ns[0].toFixed(0)} CPU ns`)
  for (let i = 1; i <= half; i++) {
    const name = operations[i].name.replace(/^before /, '')
    console.log(`  ${name.padEnd(28)} ${ns[i].toFixed(0).padStart(6)} ${ns[i + half].toFixed(0).padStart(6)} ${(ns[i + half] / ns[i]).toFixed(2)}`)
  }
}
if (sink === 0) console.error('nothing measured')
