'use strict'
// explain names each known mistake: the explain cases of tests/vectors/vectors.json, whose
// wrong hashes are the stdlib HMAC of the mistaken bytes, through a keyring of the case's
// keys and, for one key, the one-shot explain. Then the argument forms only JavaScript has.

const assert = require('node:assert/strict')
const { describe, test } = require('node:test')
const userhash = require('userhash')
const { Keyring } = userhash
const fs = require('node:fs')
const path = require('node:path')
const { contract, hmac, vectors } = require('./helpers.js')

// A key's secret as the case gives it: its text, or only its bytes.
const secretOf = (key) => key.secret_text ?? Buffer.from(key.secret_hex, 'hex')

describe('explain names each known mistake (tests/vectors)', () => {
  const { cases } = vectors.explain
  for (const c of cases) {
    test(c.name, () => {
      const [primary, ...others] = c.keys
      const keyring = new Keyring(primary.id, secretOf(primary))
      for (const key of others) keyring.add(key.id, secretOf(key), { notAfter: key.not_after })
      const detail = keyring.verifyDetailed(c.user_id_text, c.hash, { now: c.now })
      const events = []
      keyring.on('failure', (event) => events.push(event))
      const findings = [keyring.explain(c.user_id_text, c.hash, { email: c.email, now: c.now })]
      if (c.keys.length === 1 && primary.not_after === null) {
        findings.push(userhash.explain(secretOf(primary), c.user_id_text, c.hash, { email: c.email }))
      }
      const secrets = c.keys.flatMap((key) => [key.secret_text, key.secret_hex]).filter(Boolean)
      for (const finding of findings) {
        assert.equal(finding.code, c.finding, finding.message)
        assert.equal(typeof finding.message, 'string')
        assert.ok(finding.message.length > 10)
        for (const secret of secrets) assert.ok(!finding.message.includes(secret), finding.message)
      }
      // An explain that does not verify is reported like the failed verification it is.
      if (detail.outcome === 'verified') {
        assert.deepEqual(events, [])
      } else {
        const { outcome, reason, keyId } = detail
        assert.deepEqual(events, [{ outcome, reason, keyId, userId: c.user_id_text, hashPrefix: c.hash.slice(0, 8) }])
      }
    })
  }
  test('the cases, with the vendor ones (vendors.test.js), name every finding code of the contract', () => {
    const all = [...cases, ...vectors.explain_vendor.cases]
    assert.deepEqual(new Set(all.map((c) => c.finding)), new Set(contract.findings))
  })
})

describe('argument forms only JavaScript has', () => {
  const KEY = 'your_secret_key'
  const keyring = new Keyring('new', KEY).add('old', 'old', { notAfter: 100 })
  const both = (id, hash, options) => [userhash.explain(KEY, id, hash, options), keyring.explain(id, hash, options)]
  test('a missing hash: undefined and null as much as the empty string', () => {
    for (const hash of ['', undefined, null]) for (const finding of both('user123', hash)) assert.equal(finding.code, 'missing_hash')
  })
  test('an integer id is its decimal text', () => {
    for (const finding of both(42, hmac(KEY, '42.0'))) assert.equal(finding.code, 'id_number_format')
  })
  test('the email given as bytes works like the text', () => {
    const email = Buffer.from('jo@example.com')
    for (const finding of both('user123', hmac(KEY, 'jo@example.com'), { email })) assert.equal(finding.code, 'email_instead_of_id')
  })
  test('now as a bigint', () => {
    assert.equal(keyring.explain('u', hmac('old', 'u'), { now: 100n }).code, 'retired_key')
  })
})

describe('explain arguments', () => {
  const KEY = 'your_secret_key'
  const right = hmac(KEY, 'user123')
  test('invalid ids and secrets throw with their codes', () => {
    assert.throws(() => userhash.explain(KEY, '', right), { code: 'empty_user_id' })
    assert.throws(() => userhash.explain('', 'u', right), { code: 'empty_secret' })
    assert.throws(() => userhash.explain(undefined, 'u', right), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => userhash.explain(KEY, 'u', 42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => userhash.explain(KEY, 'u', right, { email: 42 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  })
  test('every finding code of the contract is in the README section on debugging', () => {
    const readme = fs.readFileSync(path.join(path.dirname(require.resolve('userhash/package.json')), 'README.md'), 'utf8')
    const section = readme.split('## Debugging a mismatch')[1].split('\n## ')[0]
    assert.ok(contract.findings.length > 10)
    for (const code of contract.findings) assert.ok(section.includes(`\`${code}\``), code)
  })
})
