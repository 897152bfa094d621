'use strict'
// v1 tokens: every vector at its documented boundary, every rejection, and the format
// rebuilt with node:crypto from docs/spec.md section 2.2.

const assert = require('node:assert/strict')
const { describe, test } = require('node:test')
const { Keyring } = require('userhash')
const { vectors, hmac, tokenOracle, secretForms, idForms } = require('./helpers.js')

describe('token vectors', () => {
  for (const c of vectors.token.cases) {
    test(`${c.name}: issued byte for byte, ${c.checks.length} checks at the boundary`, () => {
      const secretBytes = Buffer.from(c.secret_hex, 'hex')
      const idBytes = Buffer.from(c.user_id_hex, 'hex')
      assert.equal(tokenOracle(secretBytes, idBytes, c.expires_at), c.token, 'node:crypto and the spec agree with the vectors file')
      for (const [secretKind, secret] of secretForms(c)) {
        const keyring = new Keyring('k', secret)
        for (const [idKind, id] of idForms(c)) {
          const where = `secret ${secretKind}, id ${idKind}`
          const expiresAt = BigInt(c.expires_at)
          assert.equal(keyring.issueToken(id, { expiresAt }), c.token, `issueToken bigint, ${where}`)
          if (Number.isSafeInteger(Number(expiresAt))) {
            assert.equal(keyring.issueToken(id, { expiresAt: Number(expiresAt) }), c.token, `issueToken number, ${where}`)
          }
          for (const check of c.checks) {
            const now = BigInt(check.now)
            const result = keyring.verifyToken(id, c.token, { now, leeway: check.leeway })
            assert.deepEqual(result, { outcome: check.outcome, keyId: 'k', reason: null }, `now ${check.now} leeway ${check.leeway}, ${where}`)
            // The spec's rule, independently: expired when now >= expires_at + leeway.
            assert.equal(check.outcome === 'expired', now >= expiresAt + BigInt(check.leeway))
            if (Number.isSafeInteger(Number(now))) {
              assert.equal(keyring.verifyToken(id, c.token, { now: Number(now), leeway: check.leeway }).outcome, check.outcome)
            }
          }
        }
      }
    })
  }
})

describe('token rejections (user123, seed secret, now 1767225599, leeway 0)', () => {
  const keyring = new Keyring('seed', 'your_secret_key')
  for (const r of vectors.token.rejections) {
    test(`${r.name}: ${r.outcome}${r.reason ? ` [${r.reason}]` : ''}`, () => {
      const result = keyring.verifyToken('user123', r.token, { now: 1767225599 })
      assert.equal(result.outcome, r.outcome)
      assert.equal(result.reason, r.reason)
      assert.equal(result.keyId, r.outcome === 'verified' ? 'seed' : null)
      assert.equal(keyring.verifyToken(Buffer.from('user123'), Buffer.from(r.token), { now: 1767225599n }).outcome, r.outcome)
    })
  }
})

describe('tokens', () => {
  const T0 = 1767225600
  test('a widget hash is never a token, and a token MAC is never a widget hash', () => {
    const keyring = new Keyring('k', 'k')
    const hash = hmac('k', 'user123')
    const token = keyring.issueToken('user123', { expiresAt: T0 })
    assert.equal(keyring.verifyDetailed('user123', token.split('.')[2], { now: T0 - 1 }).outcome, 'mismatch')
    assert.deepEqual(keyring.verifyToken('user123', hash, { now: T0 - 1 }), { outcome: 'malformed', keyId: null, reason: 'token_version' })
    assert.equal(keyring.verifyToken('user123', `v1.${T0}.${hash}`, { now: T0 - 1 }).outcome, 'mismatch')
  })
  test('ttl counts from now', () => {
    const keyring = new Keyring('k', 'k')
    const before = Math.floor(Date.now() / 1000)
    const token = keyring.issueToken('u', { ttl: 3600 })
    const after = Math.floor(Date.now() / 1000)
    const expiresAt = Number(token.split('.')[1])
    assert.ok(expiresAt >= before + 3600 && expiresAt <= after + 3600, token)
    assert.equal(token, tokenOracle('k', 'u', expiresAt))
    assert.equal(keyring.verifyToken('u', token).outcome, 'verified')
    assert.equal(keyring.verifyToken('u', keyring.issueToken('u', { ttl: 0 })).outcome, 'expired')
  })
  test('tokens rotate like hashes', () => {
    const old = new Keyring('old', 'old')
    const token = old.issueToken('u', { expiresAt: T0 + 86400 })
    const rotated = new Keyring('new', 'new').add('old', 'old', { notAfter: T0 + 10 })
    assert.deepEqual(rotated.verifyToken('u', token, { now: T0 }), { outcome: 'verified', keyId: 'old', reason: null })
    assert.deepEqual(rotated.verifyToken('u', token, { now: T0 + 10 }), { outcome: 'expired', keyId: 'old', reason: null })
  })
  test('missing tokens, bad options and ids', () => {
    const keyring = new Keyring('k', 'k')
    for (const token of ['', undefined, null]) assert.equal(keyring.verifyToken('u', token).outcome, 'missing')
    assert.throws(() => keyring.issueToken('u', {}), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => keyring.issueToken('u'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => keyring.issueToken('u', { ttl: 1, expiresAt: T0 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => keyring.issueToken('u', { expiresAt: -1 }), { code: 'invalid_timestamp' })
    assert.throws(() => keyring.issueToken('u', { expiresAt: 2n ** 63n }), { code: 'invalid_timestamp' })
    assert.throws(() => keyring.issueToken('u', { ttl: -1 }), { code: 'invalid_timestamp' })
    assert.throws(() => keyring.issueToken('u', { ttl: 2n ** 63n - 1n }), { code: 'timestamp_in_milliseconds' })
    assert.throws(() => keyring.issueToken('u', { expiresAt: '1767225600' }), { code: 'invalid_timestamp' })
    assert.throws(() => keyring.issueToken('', { expiresAt: T0 }), { code: 'empty_user_id' })
    assert.throws(() => keyring.verifyToken('u', 'v1.1.x', { leeway: -1 }), { code: 'invalid_timestamp' })
    assert.throws(() => keyring.verifyToken('', 'v1.1.x'), { code: 'empty_user_id' })
    assert.throws(() => keyring.verifyToken('u', 42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  })
})
