'use strict'
// Wrong inputs: the error class, the stable `.code` and a message that says what to pass.

const assert = require('node:assert/strict')
const { inspect } = require('node:util')
const { describe, test } = require('node:test')
const userhash = require('userhash')
const { errors, hmac } = require('./helpers.js')

const SECRET = 'your_secret_key'
const signer = new userhash.Signer(SECRET)

/** Every way to hash one id; each must throw the same way. */
const allSigners = {
  sign: (id) => userhash.sign(SECRET, id),
  'Signer.sign': (id) => signer.sign(id),
  verify: (id) => userhash.verify(SECRET, id, '0'.repeat(64)),
  'Signer.verify': (id) => signer.verify(id, '0'.repeat(64)),
  'Signer.signMany': (id) => signer.signMany(['user123', id]),
}

function assertThrows(fn, ErrorClass, code, what) {
  assert.throws(fn, (error) => {
    assert.equal(error.constructor, ErrorClass, `${what}: ${error}`)
    assert.equal(error.code, code, what)
    assert.ok(!error.message.includes(SECRET), 'the secret is never in a message')
    return true
  })
}

describe('errors.json', () => {
  // The secret decoders (hex, base64) are not part of the Node API.
  const expressible = (c) =>
    (!c.applies_to || c.applies_to.includes('node')) && !['secret_from_hex', 'secret_from_base64'].includes(c.call)
  const value = (input) => {
    if ('text' in input) return input.text
    if ('bytes_hex' in input) return Buffer.from(input.bytes_hex, 'hex')
    if ('float' in input) return input.float
    if ('bool' in input) return input.bool
    if ('null' in input) return null
    if ('repeat' in input) return input.repeat.repeat(input.count)
    throw new Error(`no JS value for ${JSON.stringify(input)}`)
  }
  const run = (c) => {
    const id = value(c.user_id)
    if (c.call === 'signer_from_env') return userhash.Signer.fromEnv(c.secret.env).sign(id)
    const secret = value(c.secret)
    if (c.call === 'signer') return new userhash.Signer(secret).sign(id)
    if (c.call === 'sign') return userhash.sign(secret, id)
    if (c.call === 'verify') return userhash.verify(secret, id, c.hash)
    throw new Error(`unknown call ${c.call}`)
  }
  for (const c of errors.cases.filter(expressible)) {
    test(c.name, () => {
      if ('code' in c) {
        const ErrorClass = c.code === 'invalid_user_id_type' ? TypeError : Error
        assertThrows(() => run(c), ErrorClass, c.code, c.name)
      } else {
        assert.equal(run(c), c.hash)
        assert.equal(c.hash, hmac(value(c.secret), value(c.user_id)), 'node:crypto agrees')
      }
    })
  }
  for (const c of errors.verify_false) {
    test(`verify is false, not an error: ${c.name}`, () => {
      assert.equal(userhash.verify(SECRET, 'user123', c.hash), false)
      assert.equal(signer.verify('user123', c.hash), false)
    })
  }
})

describe('user ids of the wrong type throw TypeError invalid_user_id_type', () => {
  const wrong = {
    NaN: NaN,
    Infinity: Infinity,
    fraction: 1.5,
    'unsafe integer 2**53': 2 ** 53,
    'negative unsafe integer': -(2 ** 53),
    null: null,
    undefined: undefined,
    boolean: false,
    object: { id: 1 },
    array: ['user123'],
    'Uint16Array': new Uint16Array([1]),
    ArrayBuffer: new ArrayBuffer(4),
    symbol: Symbol('id'),
    function: () => 'user123',
    Date: new Date(0),
  }
  for (const [name, id] of Object.entries(wrong)) {
    test(name, () => {
      for (const [fnName, fn] of Object.entries(allSigners)) {
        assertThrows(() => fn(id), TypeError, 'invalid_user_id_type', `${fnName}(${name})`)
      }
    })
  }
  test('the message says what to pass', () => {
    assert.throws(() => signer.sign(2 ** 53), /safe integers.*bigint or a string/)
    assert.throws(() => signer.sign(undefined), /must be a string, bytes or an integer, not undefined/)
  })
})

describe('ids the core refuses', () => {
  test('empty ids: Error empty_user_id', () => {
    for (const id of ['', Buffer.alloc(0), new Uint8Array(0)]) {
      for (const [fnName, fn] of Object.entries(allSigners)) assertThrows(() => fn(id), Error, 'empty_user_id', fnName)
    }
  })
  test('bigints beyond i128: RangeError user_id_out_of_range', () => {
    for (const id of [2n ** 127n, -(2n ** 127n) - 1n, 2n ** 130n]) {
      for (const [fnName, fn] of Object.entries(allSigners)) assertThrows(() => fn(id), RangeError, 'user_id_out_of_range', fnName)
    }
  })
  test('the i128 edges and safe-integer edges are canonical decimal', () => {
    for (const id of [2n ** 127n - 1n, -(2n ** 127n), 0n, -1n, 2n ** 64n, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, -0]) {
      const text = typeof id === 'bigint' ? id.toString() : String(Object.is(id, -0) ? 0 : id)
      assert.equal(signer.sign(id), hmac(SECRET, text), `id ${text}`)
    }
  })
})

describe('secrets', () => {
  test('a secret of the wrong type: TypeError ERR_INVALID_ARG_TYPE', () => {
    for (const secret of [undefined, null, 42, {}, ['k']]) {
      assertThrows(() => new userhash.Signer(secret), TypeError, 'ERR_INVALID_ARG_TYPE', `Signer(${inspect(secret)})`)
      assertThrows(() => userhash.sign(secret, 'user123'), TypeError, 'ERR_INVALID_ARG_TYPE', 'sign')
      assertThrows(() => userhash.verify(secret, 'user123', '0'), TypeError, 'ERR_INVALID_ARG_TYPE', 'verify')
    }
  })
  test('empty and whitespace-wrapped text secrets', () => {
    assertThrows(() => new userhash.Signer(''), Error, 'empty_secret', 'empty')
    assertThrows(() => new userhash.Signer(Buffer.alloc(0)), Error, 'empty_secret', 'empty bytes')
    assertThrows(() => new userhash.Signer(`${SECRET}\n`), Error, 'secret_whitespace', 'newline')
    // As bytes, whitespace is part of the key, as in createHmac.
    assert.equal(new userhash.Signer(Buffer.from(`${SECRET}\n`)).sign('u'), hmac(`${SECRET}\n`, 'u'))
  })
  test('Signer.fromEnv reads the text of the variable', () => {
    process.env.USERHASH_NODE_TEST_SECRET = SECRET
    assert.equal(userhash.Signer.fromEnv('USERHASH_NODE_TEST_SECRET').sign('user123'), hmac(SECRET, 'user123'))
    delete process.env.USERHASH_NODE_TEST_SECRET
    assertThrows(() => userhash.Signer.fromEnv('USERHASH_NODE_TEST_SECRET'), Error, 'missing_env', 'unset')
    assertThrows(() => userhash.Signer.fromEnv(undefined), TypeError, 'ERR_INVALID_ARG_TYPE', 'no name')
  })
  test('inspect, JSON and string forms of a Signer never show the secret', () => {
    const secret = 'a-very-distinctive-secret'
    const s = new userhash.Signer(secret)
    for (const shown of [inspect(s), inspect(s, { showHidden: true, depth: 10 }), JSON.stringify(s), String(s), inspect({ s })]) {
      assert.ok(!shown.includes(secret), shown)
      assert.ok(!shown.includes(Buffer.from(secret).toString('hex')), shown)
    }
    assert.match(inspect(s), /redacted/)
  })
})

describe('signMany and verify arguments', () => {
  test('signMany needs an array', () => {
    for (const ids of ['user123', undefined, new Set(['a'])]) {
      assertThrows(() => signer.signMany(ids), TypeError, 'ERR_INVALID_ARG_TYPE', inspect(ids))
    }
    assert.deepEqual(signer.signMany([]), [])
  })
  test('a hash that is not a string or bytes is false, not an error', () => {
    const good = hmac(SECRET, 'user123')
    for (const hash of [undefined, null, 42, [good], { hash: good }]) {
      assert.equal(signer.verify('user123', hash), false, inspect(hash))
      assert.equal(userhash.verify(SECRET, 'user123', hash), false, inspect(hash))
    }
  })
  test('non-Latin-1 look-alikes of hex digits are not hex', () => {
    const good = hmac(SECRET, 'user123')
    // U+0161 ends in the byte 0x61 ('a'); only a UTF-8 read keeps it from passing as 'a'.
    const sneaky = good.replace(/a/g, '\u0161')
    assert.notEqual(sneaky, good)
    assert.equal(signer.verify('user123', sneaky), false)
  })
})

describe('times in milliseconds', () => {
  // Date.now() where Unix seconds are meant: refused, never a key or token that lives forever.
  const ms = 1767225600000
  const keyring = new userhash.Keyring('k', SECRET)
  const calls = {
    'issueToken expiresAt': () => keyring.issueToken('u', { expiresAt: ms }),
    'issueToken expiresAt bigint': () => keyring.issueToken('u', { expiresAt: BigInt(ms) }),
    'keyring.add notAfter': () => new userhash.Keyring('k', SECRET).add('old', 'old', { notAfter: ms }),
    'keyring.add notBefore': () => new userhash.Keyring('k', SECRET).add('old', 'old', { notBefore: ms }),
    'widget createdAt': () => userhash.widgetJson(SECRET, { preset: 'tau', appId: 'a', user: { id: 'u', createdAt: ms } }),
  }
  for (const [name, call] of Object.entries(calls)) {
    test(name, () => {
      assertThrows(call, Error, 'timestamp_in_milliseconds', name)
      assert.throws(call, /seconds, not milliseconds/)
    })
  }
  test('the last second before 10^11 is still seconds', () => {
    assert.match(keyring.issueToken('u', { expiresAt: 1e11 - 1 }), /^v1\.99999999999\./)
  })
})
