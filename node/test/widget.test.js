'use strict'
// Widget snippets: every vector byte for byte (built by Python's json module), every
// error code, and the JavaScript values the options accept.

const assert = require('node:assert/strict')
const vm = require('node:vm')
const { describe, test } = require('node:test')
const { Keyring, Signer, widgetJson, widgetScript } = require('userhash')
const { vectors, hmac } = require('./helpers.js')

/** The vector's user, with the field names of the JavaScript API. */
function jsUser(user) {
  if (user === null) return null
  const { profile_picture_url: profilePictureUrl, created_at: createdAt, ...rest } = user
  return { ...rest, profilePictureUrl, createdAt }
}

const options = (c) => ({ preset: c.preset, appId: c.app_id, user: jsUser(c.user), nonce: c.nonce, global: c.global })

describe('widget vectors, byte for byte', () => {
  for (const c of vectors.widget.cases) {
    test(c.name, () => {
      const signer = new Signer(c.secret_text)
      // A keyring signs with its primary key; the retired key must play no part.
      const keyring = new Keyring('current', c.secret_text).add('previous', 'an-old-secret', { notAfter: 1 })
      for (const [kind, source] of [['secret', c.secret_text], ['Signer', signer], ['Buffer secret', Buffer.from(c.secret_text)], ['Keyring', keyring]]) {
        assert.equal(widgetJson(source, options(c)), c.json, `json, ${kind}`)
        assert.equal(widgetScript(source, options(c)), c.script, `script, ${kind}`)
      }
      // The hash inside is node:crypto's, and the JSON is the object it claims to be.
      const parsed = JSON.parse(c.json)
      const user = c.user
      if (user) {
        const hash = parsed.user?.hash ?? parsed.userHash
        assert.equal(hash, hmac(c.secret_text, user.id))
        assert.equal(parsed.user?.name ?? parsed.name, user.name)
      } else {
        assert.deepEqual(parsed, { appId: c.app_id }, 'anonymous: the app id only')
      }
    })
  }
  test('a script runs in a fresh context and sets the global to the JSON object, running nothing else', () => {
    for (const c of vectors.widget.cases) {
      const script = widgetScript(c.secret_text, options(c))
      const body = script.replace(/^<script( nonce="[^"]*")?>/, '').replace(/<\/script>$/, '')
      assert.ok(!body.includes('<') && !body.includes('\u2028') && !body.includes('\u2029'), c.name)
      // A page's window is its global object; the vectors' named globals exist on it.
      const context = { MyWidget: {}, $uh: {} }
      context.window = context
      vm.runInNewContext(body, context)
      const global = c.global ?? { tau: 'window.taubotConfig', hal: 'window.HalSettings', generic: 'window.userhashConfig' }[c.preset]
      const value = global.split('.').reduce((object, key) => object[key], context)
      assert.deepEqual(JSON.parse(JSON.stringify(value)), JSON.parse(c.json), c.name)
      assert.equal(context.window.pwned, undefined)
    }
  })
})

describe('widget error vectors', () => {
  for (const c of vectors.widget.errors) {
    test(`${c.name}: ${c.error}`, () => {
      const signer = new Signer(c.secret_text)
      for (const source of [c.secret_text, signer, new Keyring('k', c.secret_text)]) {
        assert.throws(() => widgetScript(source, options(c)), (error) => {
          assert.equal(error.code, c.error)
          assert.equal(error.constructor, Error)
          assert.ok(!error.message.includes(c.secret_text))
          return true
        })
        if (c.error !== 'invalid_nonce') assert.throws(() => widgetJson(source, options(c)), { code: c.error })
      }
    })
  }
})

describe('widget options as JavaScript values', () => {
  const base = { preset: 'generic', appId: 'app' }
  const json = (user, extra = {}) => JSON.parse(widgetJson('k', { ...base, ...extra, user }))
  test('number and bigint ids are their decimal text', () => {
    assert.equal(json({ id: 42 }).userId, '42')
    assert.equal(json({ id: 42 }).userHash, hmac('k', '42'))
    assert.equal(json({ id: 12345678901234567890n }).userId, '12345678901234567890')
    assert.equal(json({ id: Buffer.from('bytes-id') }).userHash, hmac('k', 'bytes-id'))
  })
  test('createdAt and metadata integers may be bigints; null and undefined fields are left out', () => {
    const out = json({ id: 'u', createdAt: 1701967378n, name: null, email: undefined, metadata: { n: 2n ** 62n, m: -5 } })
    assert.equal(out.createdAt, 1701967378)
    assert.ok(!('name' in out) && !('email' in out))
    assert.equal(widgetJson('k', { ...base, user: { id: 'u', metadata: { n: 2n ** 62n } } }).includes('"n":4611686018427387904'), true)
  })
  test('metadata keys are sorted by their UTF-8 bytes', () => {
    assert.deepEqual(Object.keys(json({ id: 'u', metadata: { é: 1, z: 2, Z: 3, a: 4 } }).metadata), ['Z', 'a', 'z', 'é'])
  })
  test('values the spec has no form for are refused with its codes', () => {
    const code = (user, extra) => {
      try {
        widgetJson('k', { ...base, ...extra, user })
      } catch (error) {
        return error.code
      }
      return 'no error'
    }
    assert.equal(code({ id: 'u', createdAt: 1.5 }), 'invalid_timestamp')
    assert.equal(code({ id: 'u', createdAt: '1701967378' }), 'invalid_timestamp')
    assert.equal(code({ id: 'u', metadata: { a: 1.5 } }), 'invalid_metadata')
    assert.equal(code({ id: 'u', metadata: { a: 2 ** 53 } }), 'invalid_metadata')
    assert.equal(code({ id: 'u', metadata: { a: { nested: 1 } } }), 'invalid_metadata')
    assert.equal(code({ id: 'u', metadata: { a: undefined } }), 'invalid_metadata')
    assert.equal(code({ id: 'u', metadata: ['a'] }), 'invalid_metadata')
    assert.equal(code({ id: 'u', metadata: 'plan=pro' }), 'invalid_metadata')
    assert.equal(code({ id: '' }), 'empty_user_id')
    assert.equal(code({ id: null }), 'invalid_user_id_type')
    assert.equal(code({ name: 'no id' }), 'invalid_user_id_type')
    assert.equal(code({ id: Buffer.from([0xff]) }), 'invalid_user_id_type')
    assert.equal(code({ id: 'u', name: 42 }), 'ERR_INVALID_ARG_TYPE')
    assert.equal(code('user123'), 'ERR_INVALID_ARG_TYPE')
    assert.equal(code(null, { appId: undefined }), 'empty_app_id')
    assert.equal(code(null, { appId: 42 }), 'ERR_INVALID_ARG_TYPE')
    assert.equal(code(null, { preset: undefined }), 'ERR_INVALID_ARG_TYPE')
    assert.equal(code(null, { preset: 'drift' }), 'unknown_preset')
    assert.equal(code(null, { appId: '' }), 'empty_app_id')
    assert.throws(() => widgetJson('k'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
    assert.throws(() => widgetJson(undefined, base), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  })
  test('lone surrogates in text fields become U+FFFD, as JSON.stringify+Buffer would write them', () => {
    const out = json({ id: 'u', name: 'a\uD800b' })
    assert.equal(out.name, 'a\uFFFDb')
  })
  test('the secret is never in a snippet or an error', () => {
    const secret = 'hunter2-widget-secret'
    const script = widgetScript(secret, { ...base, user: { id: 'u', name: 'n' } })
    assert.ok(!script.includes(secret))
    assert.throws(() => widgetScript(secret, { ...base, nonce: 'bad nonce' }), (error) => !error.message.includes(secret))
  })
})
