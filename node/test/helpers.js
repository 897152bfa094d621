'use strict'
// Shared by the tests: the repository's vector files and node:crypto as the oracle.

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

// The tests also run from a fresh project outside the tree, which points here.
const root = process.env.USERHASH_ROOT ?? path.resolve(__dirname, '..', '..')
const readJson = (...parts) => JSON.parse(fs.readFileSync(path.join(root, ...parts), 'utf8'))

/** The seeds' snippet: the expected hash, never our own output. */
const hmac = (key, message) => crypto.createHmac('sha256', key).update(message).digest('hex')

/** Everything the vector file says about one sign case, as the JS values a user passes. */
function secretForms(c) {
  const bytes = Buffer.from(c.secret_hex, 'hex')
  const forms = [['Buffer', bytes], ['Uint8Array', new Uint8Array(bytes)]]
  if ('secret_text' in c) forms.push(['string', c.secret_text])
  return forms
}

function idForms(c) {
  const bytes = Buffer.from(c.user_id_hex, 'hex')
  const forms = [['Buffer', bytes], ['Uint8Array', new Uint8Array(bytes)]]
  if ('user_id_text' in c) forms.push(['string', c.user_id_text])
  if ('user_id_int' in c) {
    const n = BigInt(c.user_id_int)
    forms.push(['bigint', n])
    if (Number.isSafeInteger(Number(n)) && BigInt(Number(n)) === n) forms.push(['number', Number(n)])
  }
  return forms
}

module.exports = {
  root,
  vectors: readJson('tests', 'vectors', 'vectors.json'),
  errors: readJson('tests', 'vectors', 'errors.json'),
  readFile: (...parts) => fs.readFileSync(path.join(root, ...parts), 'utf8'),
  hmac,
  secretForms,
  idForms,
}
