'use strict'
// Benchmark of userhash against the seeds' node:crypto snippet. Prints rows for
// scripts/bench_report.py: row, node, operation, id bytes, median ns/call, spread ns.
//
// The operations are measured in interleaved rounds (each round runs every operation
// once, for about ROUND_MS), so a slow patch of a shared machine hits all of them alike;
// the median of the rounds is reported, the spread is half the range.

const crypto = require('node:crypto')
const userhash = require('..')

const ROUNDS = Number(process.env.USERHASH_BENCH_ROUNDS ?? 21)
const ROUND_MS = 25
const SECRET = 'your_secret_key'
const MANY = 1000

let sink = 0

function calibrate(fn) {
  let iterations = 64
  for (;;) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < iterations; i++) sink += fn().length
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (ms >= ROUND_MS / 4) return Math.max(1, Math.round((iterations * ROUND_MS) / ms))
    iterations *= 4
  }
}

function measure(operations) {
  const plans = operations.map(({ fn }) => ({ fn, iterations: calibrate(fn), samples: [] }))
  for (let round = 0; round < ROUNDS; round++) {
    for (const plan of plans) {
      const start = process.hrtime.bigint()
      for (let i = 0; i < plan.iterations; i++) sink += plan.fn().length
      plan.samples.push(Number(process.hrtime.bigint() - start) / plan.iterations)
    }
  }
  return plans.map(({ samples }, index) => {
    const sorted = samples.map((ns) => ns / (operations[index].perCall ?? 1)).sort((a, b) => a - b)
    return { median: sorted[sorted.length >> 1], spread: (sorted[sorted.length - 1] - sorted[0]) / 2 }
  })
}

for (const bytes of [7, 256]) {
  const id = bytes === 7 ? 'user123' : 'u'.repeat(bytes)
  const signer = new userhash.Signer(SECRET)
  const hash = signer.sign(id)
  const ids = Array(MANY).fill(id)
  const operations = [
    { name: 'stdlib', fn: () => crypto.createHmac('sha256', SECRET).update(id).digest('hex') },
    { name: 'sign_keyed', fn: () => signer.sign(id) },
    { name: 'sign_oneshot', fn: () => userhash.sign(SECRET, id) },
    { name: 'verify', fn: () => (signer.verify(id, hash) ? 'y' : '') },
    { name: 'sign_many_item', fn: () => signer.signMany(ids), perCall: MANY },
  ]
  if (operations.some(({ fn }) => fn() !== hash && fn() !== 'y' && fn().length !== MANY)) {
    throw new Error('an operation disagrees with node:crypto')
  }
  measure(operations).forEach(({ median, spread }, index) => {
    console.log(['row', 'node', operations[index].name, bytes, median.toFixed(1), spread.toFixed(1)].join('\t'))
  })
}

// JWTs: the intercom-jwt token of the other languages' benches, issued and verified by
// userhash and by jsonwebtoken (the de facto Node JWT library, synchronous like ours).
{
  const jsonwebtoken = require('jsonwebtoken')
  const keyring = new userhash.Keyring('current', SECRET)
  const user = { id: 'user123', email: 'jo@example.com', name: 'Jo Smith' }
  const [iat, exp] = [1767225600, 1767229200]
  const claims = { user_id: user.id, email: user.email, name: user.name, iat, exp }
  const token = keyring.issueJwt('intercom-jwt', user, { now: iat, expiresAt: exp })
  if (jsonwebtoken.sign(claims, SECRET, { algorithm: 'HS256' }) !== token) throw new Error('jsonwebtoken issues another token')
  const operations = [
    { name: 'jwt_issue', fn: () => keyring.issueJwt('intercom-jwt', user, { now: iat, expiresAt: exp }) },
    { name: 'jwt_issue:jsonwebtoken 9.0.3', fn: () => jsonwebtoken.sign(claims, SECRET, { algorithm: 'HS256' }) },
    { name: 'jwt_verify', fn: () => keyring.verifyJwt('intercom-jwt', token, { now: iat }).outcome },
    {
      name: 'jwt_verify:jsonwebtoken 9.0.3',
      fn: () => jsonwebtoken.verify(token, SECRET, { algorithms: ['HS256'], clockTimestamp: iat }).user_id,
    },
  ]
  measure(operations).forEach(({ median, spread }, index) => {
    console.log(['row', 'node', operations[index].name, 0, median.toFixed(1), spread.toFixed(1)].join('\t'))
  })
}
if (sink === 0) console.error('nothing measured')
