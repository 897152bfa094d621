'use strict'
// explain names each known mistake (table-driven, as crates/userhash/tests/explain.rs).
// The wrong hashes are made the way the mistaken code makes them: node:crypto's HMAC of
// the mistaken bytes.

const assert = require('node:assert/strict')
const { describe, test } = require('node:test')
const userhash = require('userhash')
const { Keyring } = userhash
const fs = require('node:fs')
const path = require('node:path')
const { hmac } = require('./helpers.js')

const KEY = 'your_secret_key'
const right = hmac(KEY, 'user123')

// [expected code, id the page sends, hash it sends, email if known]
const cases = [
  ['verified', 'user123', right],
  ['missing_hash', 'user123', ''],
  ['missing_hash', 'user123', undefined],
  ['missing_hash', 'user123', null],
  ['hash_whitespace', 'user123', `${right}\n`],
  ['uppercase_hash', 'user123', right.toUpperCase()],
  ['truncated_hash', 'user123', right.slice(0, 40)],
  ['malformed_hash', 'user123', 'not a hash'],
  ['id_whitespace', 'user123', hmac(KEY, 'user123\n')],
  ['id_whitespace', 'user123', hmac(KEY, ' user123')],
  ['id_whitespace', ' user123 ', hmac(KEY, 'user123')],
  ['id_case', 'User123', hmac(KEY, 'user123')],
  ['id_case', 'abc', hmac(KEY, 'ABC')],
  ['id_number_format', '42', hmac(KEY, '42.0')],
  ['id_number_format', '42.0', hmac(KEY, '42')],
  ['id_number_format', '42', hmac(KEY, '042')],
  ['id_number_format', 42, hmac(KEY, '42.0')],
  ['email_instead_of_id', 'user123', hmac(KEY, 'jo@example.com'), 'jo@example.com'],
  ['secret_whitespace', 'user123', hmac(`${KEY}\n`, 'user123')],
  ['secret_whitespace', 'user123', hmac(`${KEY}\r\n`, 'user123')],
  ['unknown', 'user123', hmac('another key', 'user123')],
]

describe('explain names each known mistake', () => {
  const keyring = new Keyring('current', KEY)
  for (const [code, id, hash, email] of cases) {
    test(`${code}: id ${JSON.stringify(id)}, hash ${JSON.stringify(hash)?.slice(0, 20)}`, () => {
      for (const finding of [userhash.explain(KEY, id, hash, { email }), keyring.explain(id, hash, { email })]) {
        assert.equal(finding.code, code, finding.message)
        assert.equal(typeof finding.message, 'string')
        assert.ok(finding.message.length > 10)
        assert.ok(!finding.message.includes(KEY), finding.message)
      }
    })
  }
  test('the email given as bytes works like the text', () => {
    assert.equal(userhash.explain(KEY, 'user123', hmac(KEY, 'jo@example.com'), { email: Buffer.from('jo@example.com') }).code, 'email_instead_of_id')
  })
})

describe('secrets meant as hex or base64', () => {
  test('a hex text secret that the vendor decoded', () => {
    const hexText = 'deadbeefcafe0123'
    assert.equal(userhash.explain(hexText, 'u', hmac(Buffer.from(hexText, 'hex'), 'u')).code, 'secret_encoding')
  })
  test('decoded bytes on the server, the text at the vendor', () => {
    assert.equal(userhash.explain(Buffer.from('deadbeefcafe0123', 'hex'), 'u', hmac('deadbeefcafe0123', 'u')).code, 'secret_encoding')
  })
  test('a base64 text secret that the vendor decoded', () => {
    assert.equal(userhash.explain('c2VjcmV0LWtleS1ieXRlcw==', 'u', hmac('secret-key-bytes', 'u')).code, 'secret_encoding')
  })
})

describe('other and retired keys of a keyring', () => {
  const keyring = new Keyring('new', 'new').add('old', 'old', { notAfter: 100 })
  test('an old key still valid, then retired', () => {
    assert.equal(keyring.explain('u', hmac('old', 'u'), { now: 99 }).code, 'other_key')
    assert.equal(keyring.explain('u', hmac('old', 'u'), { now: 100 }).code, 'retired_key')
    assert.equal(keyring.explain('u', hmac('old', 'u'), { now: 100n }).code, 'retired_key')
  })
  test('a mistake under the old key is found too', () => {
    assert.equal(keyring.explain('u', hmac('old', 'U'), { now: 99 }).code, 'id_case')
  })
})

describe('explain arguments', () => {
  test('invalid ids and secrets throw with their codes', () => {
    assert.throws(() => userhash.explain(KEY, '', right), { code: 'empty_user_id' })
    assert.throws(() => userhash.explain('', 'u', right), { code: 'empty_secret' })
    assert.throws(() => userhash.explain(undefined, 'u', right), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => userhash.explain(KEY, 'u', 42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => userhash.explain(KEY, 'u', right, { email: 42 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  })
  test('every finding code the core knows is in the README section on debugging', () => {
    const readme = fs.readFileSync(path.join(path.dirname(require.resolve('userhash/package.json')), 'README.md'), 'utf8')
    const section = readme.split('## Debugging a mismatch')[1].split('\n## ')[0]
    const codes = ['missing_hash', 'hash_whitespace', 'verified', 'uppercase_hash', 'other_key', 'retired_key', 'truncated_hash',
      'malformed_hash', 'id_whitespace', 'id_case', 'id_number_format', 'email_instead_of_id', 'secret_whitespace', 'secret_encoding', 'unknown']
    for (const code of codes) assert.ok(section.includes(`\`${code}\``), code)
  })
})
