'use strict'
// userhash/express in a real Express app on 127.0.0.1, over real HTTP.

const assert = require('node:assert/strict')
const { after, before, describe, test } = require('node:test')
const express = require('express')
const { identify } = require('userhash/express')
const { Keyring, Signer } = require('userhash')
const { hmac } = require('./helpers.js')

const SECRET = 'your_secret_key'

describe('identify() in an Express app', () => {
  let server
  let base

  before(async () => {
    const app = express()
    // A stand-in for the app's own authentication: the user named in a header.
    app.use((req, res, next) => {
      const id = req.get('x-test-user')
      if (id) req.user = { id: /^\d+$/.test(id) ? Number(id) : id, name: id === 'evil' ? '</script><script>window.pwned=1</script>' : 'Test' }
      next()
    })
    app.get('/page', identify({ secret: SECRET, appId: 'app-1' }), (req, res) => {
      res.json({ identity: res.locals.userhash ?? null })
    })
    app.get('/async', identify({
      secret: new Signer(SECRET),
      appId: 'app-2',
      getUser: async (req) => (req.query.who ? { id: req.query.who } : null),
    }), (req, res) => res.json({ identity: res.locals.userhash ?? null }))
    // A page the way an app renders it: a CSP nonce set by an earlier middleware, the
    // script element put in the HTML as is.
    app.get('/html', (req, res, next) => {
      res.locals.cspNonce = 'n0nce-' + req.query.n
      res.setHeader('content-security-policy', `script-src 'nonce-${res.locals.cspNonce}'`)
      next()
    }, identify({ secret: SECRET, appId: 'app-1' }), (req, res) => {
      res.type('html').send(`<!doctype html><title>t</title>${res.locals.userhash.script}<p>page</p>`)
    })
    app.get('/rotated', identify({
      secret: new Keyring('new', 'new-secret').add('old', SECRET, { notAfter: 1767225600 }),
      appId: 'app-3',
    }), (req, res) => res.json({ identity: res.locals.userhash ?? null }))
    app.get('/hal', identify({
      secret: SECRET,
      appId: 'hal-app',
      preset: 'hal',
      nonce: () => undefined,
      widgetUser: (user) => ({ id: user.id, name: user.name, metadata: { plan: 'pro' } }),
    }), (req, res) => res.json({ identity: res.locals.userhash ?? null }))
    app.get('/bad-email', identify({
      secret: SECRET,
      appId: 'x',
      widgetUser: (user) => ({ id: user.id, email: 'not an email' }),
    }), (req, res) => res.json({}))
    app.get('/async-bad', identify({ secret: SECRET, appId: 'x', getUser: async () => ({ id: 'u', name: 'n', email: 'bad' }) }), (req, res) => res.json({}))
    app.get('/bad', identify({ secret: SECRET, appId: 'x', getUser: () => ({ id: true }) }), (req, res) => res.json({}))
    app.use((error, req, res, next) => res.status(500).json({ code: error.code }))
    await new Promise((resolve) => {
      server = app.listen(0, '127.0.0.1', resolve)
    })
    base = `http://127.0.0.1:${server.address().port}`
  })

  after(() => new Promise((resolve) => server.close(resolve)))

  const get = async (path, headers = {}) => {
    const response = await fetch(base + path, { headers })
    return { status: response.status, body: await response.json() }
  }
  // The spec's script element, written out by hand for inputs without characters to escape.
  const tauScript = (appId, user, nonce) =>
    `<script${nonce ? ` nonce="${nonce}"` : ''}>window.taubotConfig = ${JSON.stringify(user ? { appId, user } : { appId })};</script>`

  test('an authenticated user gets the hash node:crypto computes and the TAU script', async () => {
    const { status, body } = await get('/page', { 'x-test-user': 'user123' })
    assert.equal(status, 200)
    const hash = hmac(SECRET, 'user123')
    const user = { id: 'user123', hash, name: 'Test' }
    assert.deepEqual(body.identity, {
      appId: 'app-1',
      userId: 'user123',
      hash,
      json: JSON.stringify({ appId: 'app-1', user }),
      script: tauScript('app-1', user),
    })
  })

  test('a numeric user id is hashed as its decimal text', async () => {
    const { body } = await get('/page', { 'x-test-user': '42' })
    assert.equal(body.identity.userId, 42)
    assert.equal(body.identity.hash, hmac(SECRET, '42'))
    assert.deepEqual(JSON.parse(body.identity.json).user, { id: '42', hash: hmac(SECRET, '42'), name: 'Test' })
  })

  test('an anonymous visitor gets the anonymous configuration: no id, no hash', async () => {
    const { status, body } = await get('/page')
    assert.equal(status, 200)
    assert.deepEqual(body.identity, { appId: 'app-1', json: '{"appId":"app-1"}', script: tauScript('app-1') })
    assert.doesNotMatch(JSON.stringify(body), /[0-9a-f]{64}/)
  })

  test('an async getUser and a ready Signer work', async () => {
    assert.equal((await get('/async?who=alice')).body.identity.hash, hmac(SECRET, 'alice'))
    assert.deepEqual((await get('/async')).body.identity, { appId: 'app-2', json: '{"appId":"app-2"}', script: tauScript('app-2') })
  })

  test('the page carries the script with the response\'s CSP nonce, and a hostile name stays text', async () => {
    const name = '</script><script>window.pwned=1</script>'
    const response = await fetch(`${base}/html?n=abc`, { headers: { 'x-test-user': 'user123' } })
    assert.equal(response.headers.get('content-security-policy'), "script-src 'nonce-n0nce-abc'")
    const html = await response.text()
    const user = { id: 'user123', hash: hmac(SECRET, 'user123'), name: 'Test' }
    assert.equal(html, `<!doctype html><title>t</title>${tauScript('app-1', user, 'n0nce-abc')}<p>page</p>`)

    const hostile = await (await fetch(`${base}/html?n=x`, { headers: { 'x-test-user': 'evil' } })).text()
    assert.equal((hostile.match(/<script/g) ?? []).length, 1)
    assert.ok(!hostile.includes(name))
  })

  test('a hostile name is escaped exactly as the spec says', async () => {
    const app = express()
    const name = '</script><script>window.pwned=1</script>\u2028&'
    app.get('/', (req, res, next) => ((req.user = { id: 'u', name }), next()), identify({ secret: SECRET, appId: 'a' }), (req, res) => res.type('html').send(res.locals.userhash.script))
    const server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s))
    })
    try {
      const html = await (await fetch(`http://127.0.0.1:${server.address().port}/`)).text()
      const escaped = JSON.stringify({ appId: 'a', user: { id: 'u', hash: hmac(SECRET, 'u'), name } })
        .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028')
      assert.equal(html, `<script>window.taubotConfig = ${escaped};</script>`)
      assert.equal((html.match(/<\/script>/g) ?? []).length, 1)
    } finally {
      await new Promise((resolve) => server.close(resolve))
    }
  })

  test('a Keyring signs with its primary key, in the hash and the script', async () => {
    const { body } = await get('/rotated', { 'x-test-user': 'user123' })
    const hash = hmac('new-secret', 'user123')
    assert.equal(body.identity.hash, hash)
    assert.equal(body.identity.script, tauScript('app-3', { id: 'user123', hash, name: 'Test' }))
  })

  test('the Hal preset with the app\'s own mapping of users to widget fields', async () => {
    const { body } = await get('/hal', { 'x-test-user': 'user-123' })
    const hash = hmac(SECRET, 'user-123')
    assert.equal(body.identity.script, `<script>window.HalSettings = ${JSON.stringify({ appId: 'hal-app', visitorId: 'user-123', name: 'Test', userHash: hash, metadata: { plan: 'pro' } })};</script>`)
    assert.equal((await get('/hal')).body.identity.script, '<script>window.HalSettings = {"appId":"hal-app"};</script>')
  })

  test('invalid ids and fields reach the error handler with their codes', async () => {
    assert.deepEqual(await get('/bad'), { status: 500, body: { code: 'invalid_user_id_type' } })
    assert.deepEqual(await get('/bad-email', { 'x-test-user': 'u' }), { status: 500, body: { code: 'invalid_email' } })
    assert.deepEqual(await get('/async-bad'), { status: 500, body: { code: 'invalid_email' } })
  })
})

describe('identify() fails at start-up', () => {
  test('without a secret, with a clear message', () => {
    assert.throws(() => identify({ appId: 'app-1' }), (error) => {
      assert.ok(error instanceof TypeError)
      assert.equal(error.code, 'ERR_INVALID_ARG_TYPE')
      assert.match(error.message, /identify\(\{ secret \}\).*not undefined.*environment variable/)
      return true
    })
    assert.throws(() => identify(), { code: 'ERR_INVALID_ARG_TYPE' })
  })
  test('with an invalid secret, keeping the core code', () => {
    assert.throws(() => identify({ secret: '' }), { code: 'empty_secret', message: /identify\(\{ secret \}\): the secret is empty/ })
    assert.throws(() => identify({ secret: 'key\n' }), { code: 'secret_whitespace' })
  })
  test('with a getUser, widgetUser or nonce that is not a function', () => {
    assert.throws(() => identify({ secret: SECRET, appId: 'a', getUser: 'user' }), TypeError)
    assert.throws(() => identify({ secret: SECRET, appId: 'a', widgetUser: {} }), TypeError)
    assert.throws(() => identify({ secret: SECRET, appId: 'a', nonce: 'abc' }), TypeError)
  })
  test('with a missing app id or an unknown preset, naming the option', () => {
    assert.throws(() => identify({ secret: SECRET }), { code: 'empty_app_id', message: /identify\(\{ preset, appId, global \}\).*app id/ })
    assert.throws(() => identify({ secret: SECRET, appId: 42 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', message: /identify\(\{ preset, appId, global \}\).*appId/ })
    assert.throws(() => identify({ secret: SECRET, appId: '' }), { code: 'empty_app_id' })
    assert.throws(() => identify({ secret: SECRET, appId: 'a', preset: 'drift' }), { code: 'unknown_preset' })
    assert.throws(() => identify({ secret: SECRET, appId: 'a', preset: 'tau', global: 'x' }), { code: 'field_not_in_preset' })
  })
})
