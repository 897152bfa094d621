// Every case of tests/vectors/vectors.json through the WebAssembly build, inside the runtime
// that runs this module (workerd, Deno). The expected hashes, tokens and JWT MACs are the
// runtime's node:crypto HMAC (the stdlib oracle) and the file, never userhash's own output.
// `checks(userhash, vectors, createHmac)` gives `[name, fn]` pairs; `run` runs them.

const encoder = new TextEncoder()
const fromHex = (hex) => new Uint8Array(hex.match(/../g)?.map((pair) => parseInt(pair, 16)) ?? [])
const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
const base64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

class Failure extends Error {}

function equal(actual, expected, what) {
  if (!same(actual, expected)) throw new Failure(`${what}: got ${show(actual)}, expected ${show(expected)}`)
}
const show = (value) => JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))
// Deep equality that ignores the order of an object's keys (as assert.deepStrictEqual).
function same(a, b) {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && same(a[key], b[key]))
}
function throwsCode(fn, code, what) {
  try {
    fn()
  } catch (error) {
    equal(error.code, code, `${what}: the error's code`)
    return error
  }
  throw new Failure(`${what}: nothing thrown, expected ${code}`)
}

export function checks(userhash, vectors, createHmac) {
  const { Keyring, Signer, widgetJson, widgetScript } = userhash
  const hmac = (key, message) => createHmac('sha256', key).update(message).digest('hex')
  const hmacBytes = (key, message) => new Uint8Array(createHmac('sha256', key).update(message).digest())

  // docs/spec.md section 2.2, from the spec's words: token_key = HMAC("userhash-token-v1",
  // secret); MAC = HMAC(token_key, "v1" 0x00 expiry as 8-byte big-endian, id).
  function tokenOracle(secret, id, expiresAt) {
    const tokenKey = hmacBytes('userhash-token-v1', secret)
    const expiry = new Uint8Array(8)
    new DataView(expiry.buffer).setBigUint64(0, BigInt(expiresAt))
    const message = new Uint8Array([...encoder.encode('v1\0'), ...expiry, ...id])
    return `v1.${expiresAt}.${hmac(tokenKey, message)}`
  }

  // An HS256 JWT's signature is the HMAC of its first two parts under the key.
  const jwtMacIsRight = (token, key) => {
    const [header, payload, signature] = token.split('.')
    return base64url(hmacBytes(key, `${header}.${payload}`)) === signature
  }
  const jwtPayload = (token) => JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))))

  const secretForms = (c) => [['bytes', fromHex(c.secret_hex)], ...('secret_text' in c ? [['text', c.secret_text]] : [])]
  function idForms(c) {
    const forms = [['bytes', fromHex(c.user_id_hex)]]
    if ('user_id_text' in c) forms.push(['text', c.user_id_text])
    if ('user_id_int' in c) {
      const n = BigInt(c.user_id_int)
      forms.push(['bigint', n])
      if (Number.isSafeInteger(Number(n)) && BigInt(Number(n)) === n) forms.push(['number', Number(n)])
    }
    return forms
  }
  const widgetUser = (user) => {
    if (user === null) return null
    const { profile_picture_url: profilePictureUrl, created_at: createdAt, ...rest } = user
    return { ...rest, profilePictureUrl, createdAt }
  }
  const widgetOptions = (c) => ({ preset: c.preset, appId: c.app_id, user: widgetUser(c.user), nonce: c.nonce, global: c.global, ttl: c.ttl, now: c.now })
  const keyringOf = (keys) => {
    const secretOf = (key) => key.secret_text ?? fromHex(key.secret_hex)
    const [primary, ...others] = keys
    const keyring = new Keyring(primary.id, secretOf(primary))
    for (const key of others) keyring.add(key.id, secretOf(key), { notAfter: key.not_after })
    return keyring
  }
  const SIGNS_EMAIL = new Set(['crisp', 'helpscout', 'pylon'])
  const dashboardKey = (preset, text) => (preset === 'pylon' ? fromHex(text) : text)

  const list = []
  const check = (name, fn) => list.push([name, fn])

  for (const c of vectors.sign) {
    check(`sign: ${c.group}: ${c.name}`, () => {
      const expected = hmac(fromHex(c.secret_hex), fromHex(c.user_id_hex))
      equal(expected, c.hash, 'node:crypto and the vectors file')
      for (const [secretKind, secret] of secretForms(c)) {
        const signer = new Signer(secret)
        const ids = idForms(c)
        for (const [idKind, id] of ids) {
          const where = `secret ${secretKind}, id ${idKind}`
          equal(userhash.sign(secret, id), expected, `sign, ${where}`)
          equal(signer.sign(id), expected, `Signer.sign, ${where}`)
          equal(userhash.verify(secret, id, expected), true, `verify, ${where}`)
          equal(signer.verify(id, expected.toUpperCase()), true, `Signer.verify uppercase, ${where}`)
        }
        equal(signer.signMany(ids.map(([, id]) => id)), ids.map(() => expected), `signMany, secret ${secretKind}`)
      }
    })
  }
  for (const c of vectors.verify) {
    check(`verify: ${c.name}`, () => {
      equal(c.hash.toLowerCase() === hmac(c.secret_text, c.user_id_text), c.valid, 'node:crypto agrees')
      equal(userhash.verify(c.secret_text, c.user_id_text, c.hash), c.valid, 'verify')
      equal(new Signer(c.secret_text).verify(fromHex(c.user_id_hex), encoder.encode(c.hash)), c.valid, 'Signer.verify, bytes')
    })
  }
  for (const c of vectors.lone_surrogate.cases) {
    check(`lone surrogate: ${c.name}`, () => {
      const id = String.fromCharCode(...c.user_id_utf16)
      equal(hmac(c.secret_text, id), c.hash, 'createHmac().update(string)')
      equal(new Signer(c.secret_text).sign(id), c.hash, 'Signer.sign')
      equal(userhash.sign(c.secret_text, id.repeat(400)), hmac(c.secret_text, id.repeat(400)), 'a long id')
    })
  }
  for (const c of vectors.token.cases) {
    check(`token: ${c.name}`, () => {
      equal(tokenOracle(fromHex(c.secret_hex), fromHex(c.user_id_hex), c.expires_at), c.token, 'node:crypto, the spec and the file')
      for (const [secretKind, secret] of secretForms(c)) {
        const keyring = new Keyring('k', secret)
        for (const [idKind, id] of idForms(c)) {
          const where = `secret ${secretKind}, id ${idKind}`
          equal(keyring.issueToken(id, { expiresAt: BigInt(c.expires_at) }), c.token, `issueToken, ${where}`)
          for (const { now, leeway, outcome } of c.checks) {
            const result = keyring.verifyToken(id, c.token, { now: BigInt(now), leeway })
            equal(result, { outcome, keyId: 'k', reason: null }, `now ${now} leeway ${leeway}, ${where}`)
          }
        }
      }
    })
  }
  const seed = new Keyring('seed', 'your_secret_key')
  for (const r of vectors.token.rejections) {
    check(`token rejection: ${r.name}`, () => {
      const result = seed.verifyToken('user123', r.token, { now: 1767225599 })
      equal([result.outcome, result.reason], [r.outcome, r.reason], 'outcome and reason')
    })
  }
  for (const c of vectors.widget.cases) {
    check(`widget: ${c.name}`, () => {
      const keyring = new Keyring('current', c.secret_text).add('previous', 'an-old-secret', { notAfter: 1 })
      for (const [kind, source] of [['secret', c.secret_text], ['Signer', new Signer(c.secret_text)], ['bytes secret', encoder.encode(c.secret_text)], ['Keyring', keyring]]) {
        equal(widgetJson(source, widgetOptions(c)), c.json, `json, ${kind}`)
        equal(widgetScript(source, widgetOptions(c)), c.script, `script, ${kind}`)
      }
      if (c.user) {
        const parsed = JSON.parse(c.json)
        equal(parsed.user?.hash ?? parsed.userHash, hmac(c.secret_text, c.user.id), 'the hash inside is node:crypto\'s')
      }
    })
  }
  for (const c of vectors.widget.errors) {
    check(`widget error: ${c.name}`, () => {
      for (const source of [c.secret_text, new Signer(c.secret_text), new Keyring('k', c.secret_text)]) {
        const error = throwsCode(() => widgetScript(source, widgetOptions(c)), c.error, 'widgetScript')
        if (error.message.includes(c.secret_text)) throw new Failure('the message holds the secret')
        if (c.error !== 'invalid_nonce') throwsCode(() => widgetJson(source, widgetOptions(c)), c.error, 'widgetJson')
      }
    })
  }
  for (const c of vectors.explain.cases) {
    check(`explain: ${c.name}`, () => {
      const keyring = keyringOf(c.keys)
      const events = []
      keyring.on('failure', (event) => events.push(event))
      const detail = keyring.verifyDetailed(c.user_id_text, c.hash, { now: c.now })
      const findings = [keyring.explain(c.user_id_text, c.hash, { email: c.email, now: c.now })]
      const [primary] = c.keys
      if (c.keys.length === 1 && primary.not_after === null) {
        findings.push(userhash.explain(primary.secret_text ?? fromHex(primary.secret_hex), c.user_id_text, c.hash, { email: c.email }))
      }
      for (const finding of findings) equal(finding.code, c.finding, `finding (${finding.message})`)
      equal(events.length, detail.outcome === 'verified' ? 0 : 2, 'a failure event for each failed check')
    })
  }
  for (const c of vectors.vendors.cases) {
    check(`vendor: ${c.name}`, () => {
      const keyring = Keyring.forPreset(c.preset, c.key_id, c.secret_text)
      const sources = [['Keyring.forPreset', keyring]]
      if (c.preset !== 'zendesk' || c.user === null) {
        sources.push(['secret text', c.secret_text], ['Signer.forPreset', Signer.forPreset(c.preset, c.secret_text)])
      }
      for (const [kind, source] of sources) {
        equal(widgetJson(source, widgetOptions(c)), c.json, `json, ${kind}`)
        equal(widgetScript(source, widgetOptions(c)), c.script, `script, ${kind}`)
      }
      if (c.user === null) return
      if (c.token === null) {
        const subject = SIGNS_EMAIL.has(c.preset) ? c.user.email : c.user.id
        equal(c.json.includes(`"${hmac(dashboardKey(c.preset, c.secret_text), subject)}"`), true, 'node:crypto\'s hash inside')
      } else {
        equal(c.json.includes(c.token) && jwtMacIsRight(c.token, c.secret_text), true, 'the JWT inside, its MAC node:crypto\'s')
      }
    })
  }
  for (const c of vectors.vendors.errors) {
    check(`vendor error: ${c.name}`, () => {
      const source = c.preset === 'drift' ? new Keyring(c.key_id, c.secret_text) : c.bare_secret ? Signer.forPreset(c.preset, c.secret_text) : Keyring.forPreset(c.preset, c.key_id, c.secret_text)
      throwsCode(() => widgetScript(source, widgetOptions(c)), c.error, 'widgetScript')
      if (c.error !== 'no_snippet') throwsCode(() => widgetJson(source, widgetOptions(c)), c.error, 'widgetJson')
    })
  }
  const jwtUser = (user) => {
    const { profile_picture_url: profilePictureUrl, ...rest } = user
    return profilePictureUrl === undefined ? rest : { ...rest, profilePictureUrl }
  }
  for (const c of vectors.jwt.issue) {
    check(`jwt issue: ${c.name}`, () => {
      const keyring = Keyring.forPreset(c.preset, c.key_id, c.secret_text)
      const token = keyring.issueJwt(c.preset, jwtUser(c.user), { expiresAt: c.exp, now: c.iat })
      equal(token, c.token, 'PyJWT\'s token, byte for byte')
      equal(jwtMacIsRight(token, c.secret_text), true, 'its MAC is node:crypto\'s')
      equal(jwtPayload(token), c.claims, 'its claims')
      if (c.exp !== null) equal(keyring.issueJwt(c.preset, jwtUser(c.user), { ttl: c.exp - c.iat, now: BigInt(c.iat) }), c.token, 'with a ttl')
      equal(keyring.verifyJwt(c.preset, token, { now: c.iat }), { outcome: 'verified', reason: null, keyId: c.key_id, claims: c.claims, verified: true }, 'verifyJwt')
    })
  }
  for (const c of vectors.jwt.verify) {
    check(`jwt verify: ${c.name}`, () => {
      const keyring = keyringOf(c.keys)
      const events = []
      keyring.on('failure', (event) => events.push(event))
      const checked = keyring.verifyJwt(c.preset, c.token, { now: c.now, leeway: c.leeway })
      equal([checked.outcome, checked.reason, checked.keyId, checked.verified], [c.outcome, c.reason, c.key_id, c.outcome === 'verified'], 'the outcome')
      if (c.key_id !== null) equal(checked.claims, jwtPayload(c.token), 'the claims')
      equal(events.length, c.outcome === 'verified' ? 0 : 1, 'the failure events')
    })
  }
  for (const c of vectors.explain_vendor.cases) {
    check(`explain vendor: ${c.name}`, () => {
      const keyring = c.secret_text !== null ? new Keyring('current', c.secret_text) : Keyring.forPreset(c.preset, 'current', c.profile_secret)
      const finding =
        c.token !== null
          ? keyring.explainJwt(c.preset, c.token, { now: c.now })
          : keyring.explain(c.user_id_text, c.hash, { preset: c.preset, email: c.email, now: c.now })
      equal(finding.code, c.finding, `finding (${finding.message})`)
    })
  }
  return list
}

/**
 * What depends on the runtime: its clock (the module has none: the glue's Date.now), its
 * randomness (crypto.getRandomValues), its environment (`env`, a worker's bindings or Deno's),
 * and that this is the WebAssembly build, with the native addon's error codes.
 */
export function runtimeChecks(userhash, env, createHmac) {
  const { Keyring, Signer, UserhashError } = userhash
  const hmac = (key, message) => createHmac('sha256', key).update(message).digest('hex')
  const nowSeconds = () => Math.floor(Date.now() / 1000)
  return [
    ['the WebAssembly build is loaded (its UserhashError)', () => {
      equal(typeof UserhashError, 'function', 'UserhashError')
      const error = throwsCode(() => new Signer(''), 'empty_secret', 'an empty secret')
      equal(error instanceof UserhashError, true, 'a UserhashError')
      equal(throwsCode(() => new Signer('k').sign({}), 'invalid_user_id_type', 'an object id') instanceof TypeError, true, 'a TypeError, as the native addon')
    }],
    ['generateSecret: 64 hex from crypto.getRandomValues, usable as a secret', () => {
      const [a, b] = [userhash.generateSecret(), userhash.generateSecret()]
      equal(/^[0-9a-f]{64}$/.test(a) && a !== b, true, `two secrets ${a} ${b}`)
      equal(userhash.sign(a, 'user123'), hmac(a, 'user123'), 'a hash under it')
    }],
    ['Keyring.fromEnv(env) reads USERHASH_SECRET, and names it when missing', () => {
      equal(Keyring.fromEnv(env).sign('user123'), hmac(env.USERHASH_SECRET, 'user123'), 'the hash')
      const error = throwsCode(() => Keyring.fromEnv({}), 'missing_env', 'no secret')
      equal(error.message.includes('USERHASH_SECRET'), true, error.message)
    }],
    ['times default to the runtime\'s clock: a token, a JWT and a snippet of now', () => {
      const keyring = new Keyring('current', 'your_secret_key')
      const before = nowSeconds()
      const token = keyring.issueToken('user123', { ttl: 60 })
      const expiry = Number(token.split('.')[1])
      equal(expiry >= before + 60 && expiry <= nowSeconds() + 60, true, `expiry ${expiry} of ttl 60 at ${before}`)
      equal(keyring.verifyToken('user123', token).outcome, 'verified', 'verifyToken now')
      const jwt = keyring.issueJwt('intercom-jwt', { id: 'user123' }, { ttl: 60 })
      equal(keyring.verifyJwt('intercom-jwt', jwt).outcome, 'verified', 'verifyJwt now')
      const script = userhash.widgetScript(keyring, { preset: 'intercom-jwt', appId: 'app', user: { id: 'user123' }, nonce: 'n0nce' })
      equal(script.startsWith('<script nonce="n0nce">'), true, script)
    }],
    ['invalidFields: drop leaves a malformed email out and says so; raise refuses it', () => {
      const dropped = []
      const options = { preset: 'tau', appId: 'app', user: { id: 'user123', email: 'not-an-email' } }
      const json = JSON.parse(userhash.widgetJson('your_secret_key', { ...options, invalidFields: 'drop', onInvalidField: (f) => dropped.push(f) }))
      equal(json.user, { id: 'user123', hash: hmac('your_secret_key', 'user123') }, 'the user without the email')
      equal(dropped.map(({ field, code }) => [field, code]), [['email', 'invalid_email']], 'what was left out')
      throwsCode(() => userhash.widgetJson('your_secret_key', options), 'invalid_email', 'the default, raise')
    }],
  ]
}

/** Runs every check: `{ passed, failed, failures: [{ name, message }] }`. */
export function run(list) {
  const failures = []
  for (const [name, fn] of list) {
    try {
      fn()
    } catch (error) {
      failures.push({ name, message: `${error.name}: ${error.message}` })
    }
  }
  return { passed: list.length - failures.length, failed: failures.length, failures }
}
