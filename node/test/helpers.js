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

/**
 * The `v1` token of docs/spec.md section 2.2, built with node:crypto from the spec's own
 * words: token_key = HMAC(key = "userhash-token-v1", msg = secret); MAC = HMAC(token_key,
 * "v1" || 0x00 || expiry as 8-byte big-endian || id).
 */
function tokenOracle(secret, userId, expiresAt) {
  const tokenKey = crypto.createHmac('sha256', 'userhash-token-v1').update(secret).digest()
  const expiry = Buffer.alloc(8)
  expiry.writeBigUInt64BE(BigInt(expiresAt))
  const mac = crypto.createHmac('sha256', tokenKey).update(Buffer.concat([Buffer.from('v1\0'), expiry, Buffer.from(userId)])).digest('hex')
  return `v1.${expiresAt}.${mac}`
}

/** A small seeded PRNG (xorshift128+ on BigInt-free 32-bit halves): same seed, same cases. */
function prng(seed) {
  let a = seed >>> 0 || 1
  let b = (seed * 2654435761) >>> 0 || 2
  return function next() {
    let t = a ^ (a << 11)
    a = b
    b = (b ^ (b >>> 19) ^ t ^ (t >>> 8)) >>> 0
    return b / 4294967296
  }
}

/**
 * One random differential case: a secret and an id of any shape the API accepts, with the
 * bytes node:crypto is handed for them. Lengths: mostly short, some up to 4 KiB, and 1 in
 * 100 log-uniform up to 1 MiB. Strings mix ASCII, BMP, astral characters and lone
 * surrogates (hashed as U+FFFD, like createHmac().update(string)).
 */
function randomCase(random, bigRandomBytes) {
  const int = (n) => Math.floor(random() * n)
  const length = () => {
    const r = random()
    if (r < 0.9) return int(65)
    if (r < 0.99) return int(4097)
    return Math.floor(2 ** (random() * 20))
  }
  const bytes = (n) => bigRandomBytes(n)
  const text = (n) => {
    const units = []
    while (units.length < n) {
      const kind = random()
      if (kind < 0.5) units.push(32 + int(95))
      else if (kind < 0.75) units.push(int(0xd800))
      else if (kind < 0.9) {
        const cp = 0x10000 + int(0x100000)
        units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff))
      } else units.push(0xd800 + int(0x800)) // a lone surrogate, high or low
    }
    let out = ''
    for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192))
    return out
  }
  let secret
  const s = random()
  // A text secret is wrapped in 'k' so that it never starts or ends with whitespace
  // (refused by design: secret_whitespace); bytes are taken as they are.
  if (s < 0.5) secret = bytes(1 + length())
  else if (s < 0.6) secret = new Uint8Array(bytes(1 + length()))
  else secret = `k${text(int(3) === 0 ? length() : int(40))}k`
  let id
  const i = random()
  if (i < 0.35) id = bytes(length())
  else if (i < 0.8) id = text(length())
  else if (i < 0.9) id = Math.floor((random() * 2 - 1) * Number.MAX_SAFE_INTEGER)
  else id = (BigInt(Math.floor(random() * 2 ** 53)) << BigInt(int(74))) * (random() < 0.5 ? -1n : 1n)
  // What the seed snippet hands createHmac: the string, the bytes, or the decimal text.
  const message = typeof id === 'number' || typeof id === 'bigint' ? String(id) : id
  return { secret, id, message }
}

/** Bytes from a pool of random bytes, so that a million cases do not cost a million syscalls. */
function randomBytesPool(poolSize = 4 << 20) {
  const pool = crypto.randomBytes(poolSize)
  let offset = 0
  return (n) => {
    if (n > pool.length) return crypto.randomBytes(n)
    if (offset + n > pool.length) {
      crypto.randomFillSync(pool)
      offset = 0
    }
    const out = Buffer.from(pool.subarray(offset, offset + n))
    offset += n
    return out
  }
}

/**
 * Runs one random case through every way userhash hashes it and compares each with
 * node:crypto. Returns null when all agree, else what disagreed.
 */
function differential(userhash, { secret, id, message }, signer = new userhash.Signer(secret)) {
  const isEmpty = (typeof id === 'string' || id instanceof Uint8Array) && id.length === 0
  if (isEmpty) {
    try {
      signer.sign(id)
    } catch (error) {
      return error.code === 'empty_user_id' ? null : `empty id threw ${error.code}`
    }
    return 'an empty id was signed'
  }
  const expected = hmac(secret, message)
  const got = {
    sign: userhash.sign(secret, id),
    'Signer.sign': signer.sign(id),
    'Signer.signMany': signer.signMany([id])[0],
  }
  for (const [what, hash] of Object.entries(got)) if (hash !== expected) return `${what} gave ${hash}, node:crypto ${expected}`
  if (signer.verify(id, expected) !== true) return 'Signer.verify refused the node:crypto hash'
  const tampered = (expected[0] === '0' ? '1' : '0') + expected.slice(1)
  if (signer.verify(id, tampered) !== false) return 'Signer.verify accepted a tampered hash'
  return null
}

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
  contract: readJson('contract.json'),
  errors: readJson('tests', 'vectors', 'errors.json'),
  readFile: (...parts) => fs.readFileSync(path.join(root, ...parts), 'utf8'),
  hmac,
  tokenOracle,
  prng,
  randomCase,
  randomBytesPool,
  differential,
  secretForms,
  idForms,
}
