'use strict'
// A bounded differential sample against node:crypto: random byte and Unicode secrets and
// ids (lone surrogates included, lengths up to 1 MiB). node/bench/differential.mjs runs
// millions of the same cases.

const assert = require('node:assert/strict')
const { test } = require('node:test')
const userhash = require('userhash')
const { prng, randomCase, randomBytesPool, differential, hmac } = require('./helpers.js')

const CASES = 10000
const seed = Number(process.env.USERHASH_DIFF_SEED ?? Date.now() % 2 ** 31)

test(`${CASES} random cases agree with node:crypto (seed ${seed})`, () => {
  const random = prng(seed)
  const bytes = randomBytesPool()
  const shapes = new Set()
  let longest = 0
  for (let i = 0; i < CASES; i++) {
    const c = randomCase(random, bytes)
    shapes.add(`${c.secret.constructor.name}/${typeof c.id === 'object' ? c.id.constructor.name : typeof c.id}`)
    longest = Math.max(longest, c.id.length ?? 0)
    const mismatch = differential(userhash, c)
    assert.equal(mismatch, null, `case ${i} of seed ${seed}`)
  }
  // The sample really covers every shape.
  for (const shape of ['Buffer/Buffer', 'String/string', 'Uint8Array/number', 'String/bigint']) assert.ok(shapes.has(shape), shape)
  assert.ok(longest > 4096, `a long id was generated (${longest})`)
})

test('the largest ids and secrets: 1 MiB of random bytes and a 1 MiB string with lone surrogates', () => {
  const big = randomBytesPool()(1 << 20)
  const text = `a${'\uD800x\uDC00\u00e9'.repeat(1 << 18)}`
  for (const [secret, id] of [[big, big], ['k', text], [`k${text}k`, big]]) {
    assert.equal(differential(userhash, { secret, id, message: id }), null)
  }
  assert.equal(userhash.sign('k', text), hmac('k', text))
})

test('the differential check does catch a wrong implementation', () => {
  const right = userhash
  const wrongSign = { ...right, sign: (secret, id) => right.sign(secret, typeof id === 'string' ? `${id} ` : id) }
  assert.match(differential(wrongSign, { secret: 'k', id: 'user123', message: 'user123' }), /^sign gave/)
  class SurrogateStrict extends right.Signer {
    sign(id) {
      if (/[\uD800-\uDFFF]/.test(id)) return '0'.repeat(64)
      return super.sign(id)
    }
  }
  const strict = { ...right, Signer: SurrogateStrict }
  assert.match(differential(strict, { secret: 'k', id: 'a\uD800', message: 'a\uD800' }), /^Signer.sign gave/)
})
