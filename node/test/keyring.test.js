'use strict'
// Keyrings: a rotation walked end to end, detailed outcomes, failure events, construction
// errors and the environment. Every expected hash comes from node:crypto.

const assert = require('node:assert/strict')
const { inspect } = require('node:util')
const { EventEmitter } = require('node:events')
const { describe, test } = require('node:test')
const { Keyring, Signer } = require('userhash')
const { hmac } = require('./helpers.js')

const T0 = 1767225600
const DAY = 24 * 60 * 60

describe('a rotation walked end to end', () => {
  // Before: only the old key signs. Every page carries old-key hashes.
  const before = new Keyring('2025-06', 'old-secret')
  const oldHash = before.sign('user123')

  // Rotate: the new key is primary; the old one verifies for 24 more hours.
  const during = new Keyring('2025-12', 'new-secret').add('2025-06', 'old-secret', { notAfter: T0 + DAY })
  const newHash = during.sign('user123')

  test('each keyring signs with its primary key, as node:crypto does', () => {
    assert.equal(oldHash, hmac('old-secret', 'user123'))
    assert.equal(newHash, hmac('new-secret', 'user123'))
    assert.equal(during.primaryId, '2025-12')
    assert.deepEqual(during.keyIds, ['2025-12', '2025-06'])
  })

  test('the new hash verifies under the new key at any time', () => {
    for (const now of [T0, T0 + DAY, T0 + 365 * DAY]) {
      assert.deepEqual(during.verifyDetailed('user123', newHash, { now }), { outcome: 'verified', keyId: '2025-12', reason: null })
    }
  })

  test('the old hash verifies, naming the old key, until its notAfter', () => {
    for (const now of [T0, T0 + DAY - 1]) {
      assert.deepEqual(during.verifyDetailed('user123', oldHash, { now }), { outcome: 'verified', keyId: '2025-06', reason: null })
      assert.equal(during.verify('user123', oldHash, { now }), true)
    }
  })

  test('from notAfter on, the old hash is expired, not verified', () => {
    for (const now of [T0 + DAY, T0 + DAY + 1, BigInt(T0 + 365 * DAY)]) {
      assert.deepEqual(during.verifyDetailed('user123', oldHash, { now }), { outcome: 'expired', keyId: '2025-06', reason: null })
      assert.equal(during.verify('user123', oldHash, { now }), false)
    }
  })

  test('a hash of another id is a mismatch under every key', () => {
    assert.deepEqual(during.verifyDetailed('user123', hmac('old-secret', 'user124'), { now: T0 }), { outcome: 'mismatch', keyId: null, reason: null })
  })

  test('without now, the current time is used', () => {
    const current = new Keyring('new', 'new-secret').add('old', 'old-secret', { notAfter: Math.floor(Date.now() / 1000) - 1 })
    assert.equal(current.verifyDetailed('user123', oldHash).outcome, 'expired')
    const future = new Keyring('new', 'new-secret').add('old', 'old-secret', { notAfter: Math.floor(Date.now() / 1000) + DAY })
    assert.equal(future.verifyDetailed('user123', oldHash).keyId, 'old')
  })

  test('notBefore delays a key', () => {
    const keyring = new Keyring('a', 'a').add('b', 'b', { notBefore: T0 })
    assert.equal(keyring.verifyDetailed('u', hmac('b', 'u'), { now: T0 - 1 }).outcome, 'expired')
    assert.equal(keyring.verifyDetailed('u', hmac('b', 'u'), { now: T0 }).outcome, 'verified')
  })
})

describe('detailed outcomes', () => {
  const keyring = new Keyring('k', 'k')
  const check = (hash) => keyring.verifyDetailed('user123', hash, { now: T0 })
  test('a blank hash is missing, never a pass', () => {
    for (const hash of ['', undefined, null, Buffer.alloc(0)]) {
      assert.deepEqual(check(hash), { outcome: 'missing', keyId: null, reason: null }, inspect(hash))
      assert.equal(keyring.verify('user123', hash), false)
    }
  })
  test('malformed hashes carry the reason code', () => {
    assert.deepEqual(check('   '), { outcome: 'malformed', keyId: null, reason: 'hash_wrong_length' })
    assert.deepEqual(check('z'.repeat(64)), { outcome: 'malformed', keyId: null, reason: 'hash_not_hex' })
    assert.deepEqual(check(hmac('k', 'user123').slice(0, 63)), { outcome: 'malformed', keyId: null, reason: 'hash_wrong_length' })
  })
  test('either hex case verifies; bytes work too', () => {
    const hash = hmac('k', 'user123')
    assert.equal(check(hash.toUpperCase()).outcome, 'verified')
    assert.equal(check(Buffer.from(hash)).outcome, 'verified')
    assert.equal(keyring.verifyDetailed(Buffer.from('user123'), hash, { now: T0 }).outcome, 'verified')
    assert.equal(new Keyring('n', 'k').verifyDetailed(42, hmac('k', '42')).outcome, 'verified')
  })
  test('the outcome names are the spec\'s', () => {
    const outcomes = [check(hmac('k', 'user123')), check(''), check('x'), check('0'.repeat(64))].map((r) => r.outcome)
    assert.deepEqual(outcomes, ['verified', 'missing', 'malformed', 'mismatch'])
  })
  test('an invalid id still throws; a hash of the wrong type is a TypeError', () => {
    assert.throws(() => keyring.verifyDetailed('', 'x'), { code: 'empty_user_id' })
    assert.throws(() => keyring.verifyDetailed(null, 'x'), { name: 'TypeError', code: 'invalid_user_id_type' })
    assert.throws(() => keyring.verifyDetailed('u', ['x']), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => keyring.verifyDetailed('u', 'x', { now: 1.5 }), { code: 'invalid_timestamp' })
    assert.throws(() => keyring.verifyDetailed('u', 'x', { now: 2n ** 63n }), { code: 'invalid_timestamp' })
  })
})

describe('failure events', () => {
  const SECRET = 'hunter2-distinctive-secret'
  test('a Keyring is an EventEmitter that reports each failure once, without secret or whole hash', () => {
    const keyring = new Keyring('k', SECRET)
    assert.ok(keyring instanceof EventEmitter)
    const events = []
    keyring.on('failure', (event) => events.push(event))
    const good = hmac(SECRET, 'user123')
    const wrong = hmac(SECRET, 'user124')
    keyring.verifyDetailed('user123', good, { now: T0 })
    keyring.verifyDetailed('user123', wrong, { now: T0 })
    keyring.verify('user123', '')
    keyring.verifyDetailed('user123', 'g'.repeat(64))
    keyring.verifyToken('user123', 'v9.x', { now: T0 })
    assert.deepEqual(events, [
      { outcome: 'mismatch', reason: null, keyId: null, userId: 'user123', hashPrefix: wrong.slice(0, 8) },
      { outcome: 'missing', reason: null, keyId: null, userId: 'user123', hashPrefix: '' },
      { outcome: 'malformed', reason: 'hash_not_hex', keyId: null, userId: 'user123', hashPrefix: 'gggggggg' },
      { outcome: 'malformed', reason: 'token_version', keyId: null, userId: 'user123', hashPrefix: 'v9.x' },
    ])
    const shown = inspect(events, { depth: 5 }) + JSON.stringify(events)
    assert.ok(!shown.includes(wrong) && !shown.includes(SECRET) && !shown.includes('hunter2'))
  })
  test('an expired key is named in the event', () => {
    const keyring = new Keyring('new', 'new').add('old', 'old', { notAfter: T0 })
    const events = []
    keyring.on('failure', (event) => events.push(event))
    keyring.verifyDetailed('u', hmac('old', 'u'), { now: T0 })
    assert.deepEqual(events, [{ outcome: 'expired', reason: null, keyId: 'old', userId: 'u', hashPrefix: hmac('old', 'u').slice(0, 8) }])
  })
  test('an explain that does not verify is a failure like any other, emitted by that call', () => {
    // Monitoring must see someone probing through explain.
    const keyring = new Keyring('k', SECRET)
    const events = []
    keyring.on('failure', (event) => events.push(event))
    const wrong = hmac(SECRET, 'user124')
    assert.equal(keyring.explain('user123', wrong).code, 'unknown')
    assert.deepEqual(events, [{ outcome: 'mismatch', reason: null, keyId: null, userId: 'user123', hashPrefix: wrong.slice(0, 8) }])
    assert.equal(keyring.explain('user123', hmac(SECRET, 'user123')).code, 'verified')
    assert.equal(keyring.verifyDetailed('user123', hmac(SECRET, 'user123')).outcome, 'verified')
    assert.equal(events.length, 1, 'a verified explain, and the next verification, report nothing')
  })
  test('with no listener, failures are just results', () => {
    assert.equal(new Keyring('k', SECRET).verifyDetailed('u', '').outcome, 'missing')
  })
})

describe('construction', () => {
  test('key ids and windows are checked with stable codes', () => {
    const keyring = new Keyring('a', 'a')
    assert.throws(() => keyring.add('a', 'b'), { code: 'duplicate_key_id' })
    assert.throws(() => keyring.add('', 'b'), { code: 'empty_key_id' })
    assert.throws(() => keyring.add('c', 'c', { notBefore: T0, notAfter: T0 }), { code: 'invalid_key_window' })
    assert.throws(() => keyring.add('c', 'c', { notAfter: 1.5 }), { code: 'invalid_timestamp' })
    assert.throws(() => new Keyring('', 'a'), { code: 'empty_key_id' })
    assert.throws(() => new Keyring('a', ''), { code: 'empty_secret' })
    assert.throws(() => new Keyring('a', 'a\n'), { code: 'secret_whitespace' })
    assert.throws(() => new Keyring('a'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => new Keyring(1, 'a'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.deepEqual(keyring.keyIds, ['a'], 'failed adds add nothing')
  })
  test('byte secrets are the key as they are', () => {
    const keyring = new Keyring('b', Buffer.from([0, 1, 2, 255])).add('c', new Uint8Array([9]))
    assert.equal(keyring.sign('u'), hmac(Buffer.from([0, 1, 2, 255]), 'u'))
    assert.equal(keyring.verifyDetailed('u', hmac(Buffer.from([9]), 'u')).keyId, 'c')
  })
  test('Keyring.fromEnv reads the current and previous secrets', () => {
    const names = ['USERHASH_SECRET', 'USERHASH_PREVIOUS_SECRET', 'USERHASH_PREVIOUS_SECRET_NOT_AFTER']
    const saved = names.map((name) => process.env[name])
    try {
      process.env.USERHASH_SECRET = 'new-secret'
      process.env.USERHASH_PREVIOUS_SECRET = 'old-secret'
      delete process.env.USERHASH_PREVIOUS_SECRET_NOT_AFTER
      assert.throws(() => Keyring.fromEnv(), { code: 'missing_env', message: /USERHASH_PREVIOUS_SECRET_NOT_AFTER/ })
      process.env.USERHASH_PREVIOUS_SECRET_NOT_AFTER = 'soon'
      assert.throws(() => Keyring.fromEnv(), { code: 'invalid_timestamp' })
      process.env.USERHASH_PREVIOUS_SECRET_NOT_AFTER = String(T0 + DAY)
      const keyring = Keyring.fromEnv()
      assert.ok(keyring instanceof Keyring && keyring instanceof EventEmitter)
      assert.deepEqual(keyring.keyIds, ['current', 'previous'])
      assert.equal(keyring.sign('u'), hmac('new-secret', 'u'))
      assert.equal(keyring.verifyDetailed('u', hmac('old-secret', 'u'), { now: T0 }).keyId, 'previous')
      assert.equal(keyring.verifyDetailed('u', hmac('old-secret', 'u'), { now: T0 + DAY }).outcome, 'expired')
      delete process.env.USERHASH_PREVIOUS_SECRET
      assert.deepEqual(Keyring.fromEnv().keyIds, ['current'])
      delete process.env.USERHASH_SECRET
      assert.throws(() => Keyring.fromEnv(), { code: 'missing_env', message: /USERHASH_SECRET/ })
    } finally {
      names.forEach((name, i) => (saved[i] === undefined ? delete process.env[name] : (process.env[name] = saved[i])))
    }
  })
  test('inspect and JSON name the keys, never a secret', () => {
    const keyring = new Keyring('current', 'hunter2-current').add('previous', 'hunter2-previous')
    for (const shown of [inspect(keyring), inspect(keyring, { showHidden: true, depth: 10 }), JSON.stringify(keyring), String(keyring)]) {
      assert.ok(!shown.includes('hunter2'), shown)
      assert.ok(!shown.includes(Buffer.from('hunter2').toString('hex')), shown)
    }
    assert.match(inspect(keyring), /current.*previous.*redacted/)
  })
  test('error messages never contain a secret', () => {
    for (const fn of [() => new Keyring('a', 'hunter2 '), () => new Keyring('a', 'hunter2').add('a', 'hunter2-b')]) {
      assert.throws(fn, (error) => !error.message.includes('hunter2'))
    }
  })
  test('share() hands the keys as they are to fromShared(); unshare() ends it', () => {
    const keyring = new Keyring('a', 'a-secret').add('b', 'b-secret', { notAfter: T0 })
    const handle = keyring.share()
    assert.match(handle, /^[0-9a-f]{64}$/)
    keyring.add('c', 'c-secret')
    const taken = Keyring.fromShared(handle)
    assert.ok(taken instanceof Keyring && taken !== keyring)
    assert.deepEqual(taken.keyIds, ['a', 'b'])
    assert.equal(taken.sign('u'), hmac('a-secret', 'u'))
    assert.deepEqual(taken.verifyDetailed('u', hmac('b-secret', 'u'), { now: T0 }), { outcome: 'expired', keyId: 'b', reason: null })
    assert.equal(Keyring.unshare(handle), true)
    assert.equal(taken.verify('u', hmac('a-secret', 'u')), true, 'a keyring taken up keeps working')
    assert.throws(() => Keyring.fromShared(handle), { code: 'ERR_INVALID_ARG_VALUE' })
    assert.throws(() => Keyring.fromShared('0'.repeat(64)), { code: 'ERR_INVALID_ARG_VALUE' })
  })
  test('a Signer and a Keyring agree', () => {
    assert.equal(new Keyring('k', 'your_secret_key').sign('user123'), new Signer('your_secret_key').sign('user123'))
  })
})
