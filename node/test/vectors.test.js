'use strict'
// Every shared vector through every function, against node:crypto and the file.

const assert = require('node:assert/strict')
const { describe, test } = require('node:test')
const userhash = require('userhash')
const { vectors, hmac, secretForms, idForms } = require('./helpers.js')

describe('sign vectors', () => {
  for (const c of vectors.sign) {
    test(`${c.group}: ${c.name}`, () => {
      const expected = hmac(Buffer.from(c.secret_hex, 'hex'), Buffer.from(c.user_id_hex, 'hex'))
      assert.equal(expected, c.hash, 'node:crypto agrees with the vectors file')
      for (const [secretKind, secret] of secretForms(c)) {
        const signer = new userhash.Signer(secret)
        const ids = idForms(c)
        for (const [idKind, id] of ids) {
          const where = `secret ${secretKind}, id ${idKind}`
          if (idKind === 'string') assert.equal(hmac(secret, id), expected, `createHmac on the text, ${where}`)
          assert.equal(userhash.sign(secret, id), expected, `sign, ${where}`)
          assert.equal(signer.sign(id), expected, `Signer.sign, ${where}`)
          assert.equal(userhash.verify(secret, id, expected), true, `verify, ${where}`)
          assert.equal(signer.verify(id, expected.toUpperCase()), true, `Signer.verify uppercase, ${where}`)
        }
        assert.deepEqual(signer.signMany(ids.map(([, id]) => id)), ids.map(() => expected), `signMany, secret ${secretKind}`)
      }
    })
  }
})

describe('verify vectors', () => {
  for (const c of vectors.verify) {
    test(c.name, () => {
      const signer = new userhash.Signer(c.secret_text)
      assert.equal(c.hash.toLowerCase() === hmac(c.secret_text, c.user_id_text), c.valid, 'node:crypto agrees')
      assert.equal(userhash.verify(c.secret_text, c.user_id_text, c.hash), c.valid)
      assert.equal(signer.verify(c.user_id_text, c.hash), c.valid)
      assert.equal(signer.verify(Buffer.from(c.user_id_hex, 'hex'), Buffer.from(c.hash)), c.valid)
    })
  }
})

describe('lone surrogates hash like node:crypto (as U+FFFD)', () => {
  for (const c of vectors.lone_surrogate.cases) {
    test(c.name, () => {
      const id = String.fromCharCode(...c.user_id_utf16)
      assert.equal(hmac(c.secret_text, id), c.hash, 'createHmac().update(string) gives the vector')
      assert.equal(Buffer.from(id).toString('hex'), c.user_id_hex, 'Buffer.from(string) gives the vector bytes')
      const signer = new userhash.Signer(c.secret_text)
      assert.equal(userhash.sign(c.secret_text, id), c.hash)
      assert.equal(signer.sign(id), c.hash)
      assert.deepEqual(signer.signMany([id, id]), [c.hash, c.hash])
      assert.equal(signer.verify(id, c.hash), true)
      assert.equal(userhash.verify(c.secret_text, id, c.hash), true)
      // Long enough to leave the native stack buffer: the heap path converts the same way.
      const long = id.repeat(400)
      assert.equal(signer.sign(long), hmac(c.secret_text, long))
    })
  }
})
