'use strict'
// The package surface: entry points, version, generated secrets.

const assert = require('node:assert/strict')
const { test } = require('node:test')
const userhash = require('userhash')
const { hmac, readFile } = require('./helpers.js')

test('the version is the Cargo workspace version and the package.json version', () => {
  const cargo = readFile('Cargo.toml').match(/\[workspace\.package\][^[]*?\nversion = "([^"]+)"/)[1]
  assert.equal(userhash.version, cargo)
  assert.equal(require('userhash/package.json').version, cargo)
})

test('CommonJS and ES module entries give the same functions', async () => {
  const esm = await import('userhash')
  for (const name of ['sign', 'verify', 'generateSecret', 'Signer', 'Keyring', 'explain', 'widgetJson', 'widgetScript', 'version']) {
    assert.equal(esm[name], userhash[name], name)
  }
  const express = await import('userhash/express')
  assert.equal(express.identify, require('userhash/express').identify)
})

test('when asked, the package under test is the installed tarball, not the source tree', {
  skip: !process.env.USERHASH_EXPECT_INSTALLED && 'only in the packed-tarball run',
}, () => {
  assert.match(require.resolve('userhash'), /[/\\]node_modules[/\\]userhash[/\\]index\.js$/)
  // The binding is the platform package's: the main package carries no binary.
  const binding = require.resolve('userhash-linux-x64-gnu')
  assert.match(binding, /[/\\]node_modules[/\\]userhash-linux-x64-gnu[/\\]userhash\.linux-x64-gnu\.node$/)
  assert.ok(Object.keys(require.cache).includes(binding))
})

test('generateSecret gives 64 lowercase hex characters from the OS, usable as a text secret', () => {
  const secrets = new Set(Array.from({ length: 100 }, () => userhash.generateSecret()))
  assert.equal(secrets.size, 100)
  for (const secret of secrets) {
    assert.match(secret, /^[0-9a-f]{64}$/)
    assert.equal(new userhash.Signer(secret).sign('user123'), hmac(secret, 'user123'))
  }
})

test('signers are independent and keyed once', () => {
  const a = new userhash.Signer('key-a')
  const b = new userhash.Signer('key-b')
  assert.equal(a.sign('user123'), hmac('key-a', 'user123'))
  assert.equal(b.sign('user123'), hmac('key-b', 'user123'))
  assert.equal(a.verify('user123', b.sign('user123')), false)
})

test('many ids, long and short, in one signMany call', () => {
  const signer = new userhash.Signer('your_secret_key')
  const ids = Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? i : `user-${i}-${'x'.repeat(i % 300)}`))
  assert.deepEqual(signer.signMany(ids), ids.map((id) => hmac('your_secret_key', String(id))))
})
