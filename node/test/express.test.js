'use strict'
// userhash/express in a real Express app on 127.0.0.1, over real HTTP.

const assert = require('node:assert/strict')
const { after, before, describe, test } = require('node:test')
const express = require('express')
const { identify } = require('userhash/express')
const { Signer } = require('userhash')
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
      if (id) req.user = { id: /^\d+$/.test(id) ? Number(id) : id, name: 'Test' }
      next()
    })
    app.get('/page', identify({ secret: SECRET, appId: 'app-1' }), (req, res) => {
      res.json({ identity: res.locals.userhash ?? null })
    })
    app.get('/async', identify({
      secret: new Signer(SECRET),
      getUser: async (req) => (req.query.who ? { id: req.query.who } : null),
    }), (req, res) => res.json({ identity: res.locals.userhash ?? null }))
    app.get('/bad', identify({ secret: SECRET, getUser: () => ({ id: true }) }), (req, res) => res.json({}))
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

  test('an authenticated user gets the hash node:crypto computes', async () => {
    const { status, body } = await get('/page', { 'x-test-user': 'user123' })
    assert.equal(status, 200)
    assert.deepEqual(body.identity, { appId: 'app-1', userId: 'user123', hash: hmac(SECRET, 'user123') })
  })

  test('a numeric user id is hashed as its decimal text', async () => {
    const { body } = await get('/page', { 'x-test-user': '42' })
    assert.deepEqual(body.identity, { appId: 'app-1', userId: 42, hash: hmac(SECRET, '42') })
  })

  test('an anonymous visitor gets nothing', async () => {
    const { status, body } = await get('/page')
    assert.equal(status, 200)
    assert.equal(body.identity, null)
  })

  test('an async getUser and a ready Signer work', async () => {
    assert.equal((await get('/async?who=alice')).body.identity.hash, hmac(SECRET, 'alice'))
    assert.equal((await get('/async')).body.identity, null)
  })

  test('an id of the wrong type reaches the error handler with its code', async () => {
    assert.deepEqual(await get('/bad'), { status: 500, body: { code: 'invalid_user_id_type' } })
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
  test('with a getUser that is not a function', () => {
    assert.throws(() => identify({ secret: SECRET, getUser: 'user' }), TypeError)
  })
})
