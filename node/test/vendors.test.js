'use strict'
// Vendor profiles and their JWTs: every case of the vectors' `vendors`, `jwt.issue`, `jwt.verify`
// and `explain_vendor` sections (snippets from Python's json and hmac, tokens from PyJWT); the
// hashes inside the snippets recomputed with node:crypto; `jose` and `jsonwebtoken` as JWT oracles
// both ways; the failure events of JWT checks; the errors of bad input.

const assert = require('node:assert/strict')
const { describe, test, before } = require('node:test')
const jsonwebtoken = require('jsonwebtoken')
const userhash = require('userhash')
const { Keyring, Signer, widgetJson, widgetScript } = userhash
const { hmac, vectors } = require('./helpers.js')

// The user of a vector, with the field names of the JavaScript API.
const jsUser = (user) => {
  if (user === null) return null
  const { profile_picture_url: profilePictureUrl, ...rest } = user
  return profilePictureUrl === undefined ? rest : { ...rest, profilePictureUrl }
}

const options = (c) => ({ preset: c.preset, appId: c.app_id, user: jsUser(c.user), nonce: c.nonce, ttl: c.ttl, now: c.now })

// What each hash vendor signs and how it reads its dashboard secret, from the vendors' own docs
// (docs/vendors-research.md): the email for Crisp, Help Scout and Pylon, whose secret is hex.
const SIGNS_EMAIL = new Set(['crisp', 'helpscout', 'pylon'])
const HEX_SECRET = new Set(['pylon'])
const dashboardKey = (preset, secretText) => (HEX_SECRET.has(preset) ? Buffer.from(secretText, 'hex') : secretText)

// The claim that names the user in each vendor's JWT (their docs, as above).
const SUBJECT_CLAIM = { 'intercom-jwt': 'user_id', zendesk: 'external_id', canny: 'id', featurebase: 'userId' }

let jose
before(async () => {
  jose = await import('jose')
})

const bytes = (text) => new TextEncoder().encode(text)

/** The token's payload and header as jose verifies them at `now` under `secret`. */
async function joseVerify(token, secret, now) {
  const { payload, protectedHeader } = await jose.jwtVerify(token, bytes(secret), { algorithms: ['HS256'], currentDate: new Date(now * 1000) })
  return { payload, header: protectedHeader }
}

/** The same with jsonwebtoken. */
function jsonwebtokenVerify(token, secret, now) {
  return jsonwebtoken.verify(token, secret, { algorithms: ['HS256'], clockTimestamp: now, complete: true })
}

describe('vendor snippets (vectors: vendors), byte for byte', () => {
  for (const c of vectors.vendors.cases) {
    test(c.name, async () => {
      const keyring = Keyring.forPreset(c.preset, c.key_id, c.secret_text)
      const sources = [['Keyring.forPreset', keyring]]
      // Without a key id only the profiles that name no key sign (Zendesk's JWT header has a kid),
      // and anyone signs an anonymous visitor's snippet, which has nothing to sign.
      if (c.preset !== 'zendesk' || c.user === null) {
        sources.push(['secret text', c.secret_text], ['Signer.forPreset', Signer.forPreset(c.preset, c.secret_text)])
        sources.push(['key bytes', Buffer.from(dashboardKey(c.preset, c.secret_text))])
      }
      for (const [kind, source] of sources) {
        assert.equal(widgetJson(source, options(c)), c.json, `json, ${kind}`)
        assert.equal(widgetScript(source, options(c)), c.script, `script, ${kind}`)
      }
      assert.equal(widgetJson(keyring, { ...options(c), now: BigInt(c.now) }), c.json, 'now as a bigint')
      if (c.user === null) return
      if (c.token === null) {
        // A hash vendor's: node:crypto's HMAC of what the vendor signs, under its key.
        const subject = SIGNS_EMAIL.has(c.preset) ? c.user.email : c.user.id
        assert.ok(c.json.includes(`"${hmac(dashboardKey(c.preset, c.secret_text), subject)}"`), c.json)
      } else {
        // A JWT vendor's: PyJWT's token, which both JWT libraries verify with the dashboard secret.
        assert.ok(c.json.includes(c.token))
        const { payload, header } = await joseVerify(c.token, c.secret_text, c.now)
        assert.equal(payload[SUBJECT_CLAIM[c.preset]], c.user.id)
        assert.equal(payload.iat, c.now)
        if (c.preset !== 'featurebase') assert.equal(payload.exp, c.now + (c.ttl ?? 3600))
        assert.equal(header.kid, c.preset === 'zendesk' ? c.key_id : undefined)
        assert.deepEqual(jsonwebtokenVerify(c.token, c.secret_text, c.now).payload, payload)
      }
    })
  }
})

describe('vendor snippet errors (vectors: vendors.errors)', () => {
  for (const c of vectors.vendors.errors) {
    test(`${c.name}: ${c.error}`, () => {
      const source = () => {
        if (c.preset === 'drift') return new Keyring(c.key_id, c.secret_text)
        return c.bare_secret ? Signer.forPreset(c.preset, c.secret_text) : Keyring.forPreset(c.preset, c.key_id, c.secret_text)
      }
      const sources = [source()]
      if (c.bare_secret) sources.push(c.secret_text)
      for (const s of sources) {
        assert.throws(() => widgetScript(s, options(c)), (error) => {
          assert.equal(error.code, c.error)
          assert.equal(error.constructor, Error)
          assert.ok(!error.message.includes(c.secret_text), error.message)
          return true
        })
        // Canny has no page snippet; its JSON is the token alone (for its SDK's ssoToken).
        if (c.error !== 'no_snippet') assert.throws(() => widgetJson(s, options(c)), { code: c.error })
      }
    })
  }
  test('Canny\'s JSON is its JWT, which jsonwebtoken verifies', () => {
    const keyring = Keyring.forPreset('canny', 'current', 'your_secret_key')
    const token = JSON.parse(widgetJson(keyring, { preset: 'canny', user: { id: 'user123', email: 'jo@example.com', name: 'Jo' }, now: 1767225600 }))
    const { payload } = jsonwebtokenVerify(token, 'your_secret_key', 1767225600)
    assert.deepEqual(payload, { id: 'user123', email: 'jo@example.com', name: 'Jo', iat: 1767225600, exp: 1767229200 })
  })
})

describe('JWTs issued (vectors: jwt.issue) are PyJWT\'s bytes', () => {
  for (const c of vectors.jwt.issue) {
    test(c.name, async () => {
      const keyring = Keyring.forPreset(c.preset, c.key_id, c.secret_text)
      const user = jsUser(c.user)
      const token = keyring.issueJwt(c.preset, user, { expiresAt: c.exp, now: c.iat })
      assert.equal(token, c.token)
      if (c.exp !== null) assert.equal(keyring.issueJwt(c.preset, user, { ttl: c.exp - c.iat, now: BigInt(c.iat) }), c.token)
      else assert.equal(keyring.issueJwt(c.preset, user, { now: c.iat }), c.token)

      const checked = keyring.verifyJwt(c.preset, token, { now: c.iat })
      assert.deepEqual(checked, { outcome: 'verified', reason: null, keyId: c.key_id, claims: c.claims, verified: true })

      // jose and jsonwebtoken verify it with the dashboard secret, and refuse another key.
      const expectedHeader = { alg: 'HS256', typ: 'JWT', ...(c.preset === 'zendesk' ? { kid: c.key_id } : {}) }
      const viaJose = await joseVerify(token, c.secret_text, c.iat)
      assert.deepEqual(viaJose.payload, c.claims)
      assert.deepEqual(viaJose.header, expectedHeader)
      const viaJsonwebtoken = jsonwebtokenVerify(token, c.secret_text, c.iat)
      assert.deepEqual(viaJsonwebtoken.payload, c.claims)
      assert.deepEqual(viaJsonwebtoken.header, expectedHeader)
      await assert.rejects(joseVerify(token, 'another-secret', c.iat), { code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' })
      assert.throws(() => jsonwebtokenVerify(token, 'another-secret', c.iat), { name: 'JsonWebTokenError', message: 'invalid signature' })
      if (c.exp !== null) {
        await assert.rejects(joseVerify(token, c.secret_text, c.exp), { code: 'ERR_JWT_EXPIRED' })
        assert.throws(() => jsonwebtokenVerify(token, c.secret_text, c.exp), { name: 'TokenExpiredError' })
      }
    })
  }
})

describe('JWTs the JWT libraries issue verify with ours', () => {
  for (const c of vectors.jwt.issue) {
    test(c.name, async () => {
      const keyring = Keyring.forPreset(c.preset, c.key_id, c.secret_text)
      const kid = c.preset === 'zendesk' ? c.key_id : undefined
      const tokens = {
        jose: await new jose.SignJWT(c.claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(kid ? { kid } : {}) }).sign(bytes(c.secret_text)),
        jsonwebtoken: jsonwebtoken.sign(c.claims, c.secret_text, { algorithm: 'HS256', ...(kid ? { keyid: kid } : {}) }),
      }
      for (const [library, token] of Object.entries(tokens)) {
        const checked = keyring.verifyJwt(c.preset, token, { now: c.iat })
        assert.deepEqual(checked, { outcome: 'verified', reason: null, keyId: c.key_id, claims: c.claims, verified: true }, library)
        const other = Keyring.forPreset(c.preset, c.key_id, 'another-secret')
        assert.equal(other.verifyJwt(c.preset, token, { now: c.iat }).outcome, 'mismatch', library)
        if (c.exp !== null) assert.equal(keyring.verifyJwt(c.preset, token, { now: c.exp }).outcome, 'expired', library)
      }
      // An algorithm other than HS256 is refused whatever its signature.
      const hs512 = jsonwebtoken.sign(c.claims, c.secret_text, { algorithm: 'HS512', ...(kid ? { keyid: kid } : {}) })
      assert.deepEqual(keyring.verifyJwt(c.preset, hs512, { now: c.iat }), { outcome: 'malformed', reason: 'jwt_header', keyId: null, claims: null, verified: false })
      const none = jsonwebtoken.sign(c.claims, null, { algorithm: 'none', ...(kid ? { keyid: kid } : {}) })
      assert.equal(keyring.verifyJwt(c.preset, none, { now: c.iat }).outcome, 'malformed')
    })
  }
})

describe('JWT verification (vectors: jwt.verify)', () => {
  for (const c of vectors.jwt.verify) {
    test(c.name, () => {
      const [primary, ...others] = c.keys
      const keyring = new Keyring(primary.id, primary.secret_text)
      for (const key of others) keyring.add(key.id, key.secret_text, { notAfter: key.not_after })
      const events = []
      keyring.on('failure', (event) => events.push(event))
      const checked = keyring.verifyJwt(c.preset, c.token, { now: c.now, leeway: c.leeway })
      assert.equal(checked.outcome, c.outcome)
      assert.equal(checked.reason, c.reason)
      assert.equal(checked.keyId, c.key_id)
      assert.equal(checked.verified, c.outcome === 'verified')
      // Claims come only with an authentic token, parsed into an object.
      if (c.key_id === null) assert.equal(checked.claims, null)
      else assert.deepEqual(checked.claims, jose.decodeJwt(c.token))
      // A failed check is reported as a hash's is: once, with the token's (unauthenticated)
      // subject claim as the user id, never the whole token.
      if (c.outcome === 'verified') {
        assert.deepEqual(events, [])
      } else {
        assert.equal(events.length, 1)
        const [event] = events
        assert.deepEqual(Object.keys(event), ['outcome', 'reason', 'keyId', 'userId', 'hashPrefix'])
        assert.deepEqual([event.outcome, event.reason, event.keyId], [c.outcome, c.reason, c.key_id])
        assert.ok(event.hashPrefix.length <= 8 && c.token.startsWith(event.hashPrefix))
        if (['mismatch', 'expired'].includes(c.outcome)) assert.equal(event.userId, jose.decodeJwt(c.token)[SUBJECT_CLAIM[c.preset]])
      }
      // The token as bytes is the same token.
      assert.equal(keyring.verifyJwt(c.preset, Buffer.from(c.token), { now: BigInt(c.now), leeway: c.leeway }).outcome, c.outcome)
    })
  }
  test('no token (undefined, null) is missing, a failed check', () => {
    const keyring = new Keyring('current', 'your_secret_key')
    for (const token of [undefined, null, '']) assert.equal(keyring.verifyJwt('intercom-jwt', token).outcome, 'missing')
  })
})

describe('explain for vendors (vectors: explain_vendor)', () => {
  for (const c of vectors.explain_vendor.cases) {
    test(c.name, () => {
      const keyring = c.secret_text !== null ? new Keyring('current', c.secret_text) : Keyring.forPreset(c.preset, 'current', c.profile_secret)
      const events = []
      keyring.on('failure', (event) => events.push(event))
      const findings = []
      if (c.token !== null) {
        findings.push(keyring.explainJwt(c.preset, c.token, { now: c.now }))
      } else {
        findings.push(keyring.explain(c.user_id_text, c.hash, { preset: c.preset, email: c.email, now: c.now }))
        // The one-shot explain: bytes are taken as they are, a text is read by the profile.
        const secret = c.secret_text !== null ? Buffer.from(c.secret_text) : c.profile_secret
        findings.push(userhash.explain(secret, c.user_id_text, c.hash, { preset: c.preset, email: c.email }))
      }
      for (const finding of findings) {
        assert.equal(finding.code, c.finding, finding.message)
        for (const secret of [c.secret_text, c.profile_secret, 'your_secret_key']) {
          if (secret) assert.ok(!finding.message.includes(secret), finding.message)
        }
      }
      assert.equal(events.length, c.verifies ? 0 : 1)
    })
  }
})

describe('bad input', () => {
  const keyring = new Keyring('current', 'your_secret_key')
  const user = { id: 'user123', email: 'jo@example.com' }
  const code = (fn) => {
    try {
      fn()
    } catch (error) {
      assert.ok(!error.message.includes('your_secret_key'))
      return `${error.constructor.name} ${error.code}`
    }
    return 'no error'
  }
  test('presets: unknown names, other types, a hash vendor where a JWT is wanted', () => {
    for (const fn of [
      () => keyring.issueJwt('drift', user),
      () => keyring.verifyJwt('drift', 'x'),
      () => keyring.explainJwt('drift', 'x'),
      () => keyring.explain('u', 'x', { preset: 'drift' }),
      () => Keyring.forPreset('drift', 'k', 's'),
      () => Signer.forPreset('Intercom', 's'),
      () => widgetJson('s', { preset: 'drift', user }),
    ]) assert.equal(code(fn), 'Error unknown_preset', String(fn))
    for (const preset of [undefined, null, 1, {}]) {
      assert.equal(code(() => keyring.issueJwt(preset, user)), 'TypeError ERR_INVALID_ARG_TYPE')
      assert.equal(code(() => keyring.verifyJwt(preset, 'x')), 'TypeError ERR_INVALID_ARG_TYPE')
      assert.equal(code(() => Keyring.forPreset(preset, 'k', 's')), 'TypeError ERR_INVALID_ARG_TYPE')
    }
    assert.equal(code(() => keyring.issueJwt('crisp', user)), 'Error not_a_jwt_profile')
    assert.equal(code(() => keyring.verifyJwt('tau', 'x')), 'Error not_a_jwt_profile')
    assert.equal(code(() => keyring.explainJwt('pylon', 'x')), 'Error not_a_jwt_profile')
    assert.equal(code(() => keyring.explain('u', 'x', { preset: 'zendesk' })), 'Error field_not_in_preset')
  })
  test('issueJwt: the user, the times', () => {
    for (const u of [null, undefined]) assert.equal(code(() => keyring.issueJwt('intercom-jwt', u)), 'TypeError ERR_INVALID_ARG_TYPE')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', 'user123')), 'TypeError ERR_INVALID_ARG_TYPE')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', { name: 'no id' })), 'TypeError invalid_user_id_type')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', { id: '' })), 'Error empty_user_id')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', { id: 'u', phone: '+15551234567' })), 'Error field_not_in_preset')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', { id: 'u', email: 'not an email' })), 'Error invalid_email')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', user, { ttl: 60, expiresAt: 1767225600 })), 'TypeError ERR_INVALID_ARG_TYPE')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', user, { ttl: -1 })), 'Error invalid_timestamp')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', user, { ttl: 1.5 })), 'Error invalid_timestamp')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', user, { expiresAt: Date.now() })), 'Error timestamp_in_milliseconds')
    assert.equal(code(() => keyring.issueJwt('intercom-jwt', user, { now: '1767225600' })), 'Error invalid_timestamp')
    assert.equal(code(() => keyring.issueJwt('featurebase', { id: 'u' }, { ttl: 60 })), 'Error field_not_in_preset')
    assert.equal(code(() => keyring.verifyJwt('intercom-jwt', 'x', { leeway: -1 })), 'Error invalid_timestamp')
    assert.equal(code(() => keyring.verifyJwt('intercom-jwt', 42)), 'TypeError ERR_INVALID_ARG_TYPE')
    assert.equal(code(() => keyring.explainJwt('intercom-jwt', ['x'])), 'TypeError ERR_INVALID_ARG_TYPE')
  })
  test('secrets: Pylon\'s must be hex; email vendors need the email; Zendesk needs a key id', () => {
    assert.equal(code(() => Keyring.forPreset('pylon', 'k', 'not hex')), 'Error invalid_secret_hex')
    assert.equal(code(() => widgetJson('zz', { preset: 'pylon', appId: 'a', user })), 'Error invalid_secret_hex')
    assert.equal(code(() => Signer.forPreset('crisp', ' k')), 'Error secret_whitespace')
    assert.equal(code(() => Keyring.forPreset('crisp', 'k', undefined)), 'TypeError ERR_INVALID_ARG_TYPE')
    assert.equal(code(() => widgetJson(undefined, { preset: 'crisp', user })), 'TypeError ERR_INVALID_ARG_TYPE')
    assert.equal(code(() => keyring.explain('u', 'x', { preset: 'crisp' })), 'Error missing_email')
    for (const source of ['s', new Signer('s'), Signer.forPreset('zendesk', 's')]) {
      assert.equal(code(() => widgetScript(source, { preset: 'zendesk', user })), 'Error missing_key_id')
    }
    assert.equal(code(() => widgetJson(Keyring.forPreset('zendesk', 'app_1', 's'), { preset: 'zendesk', user, ttl: 0.5 })), 'Error invalid_timestamp')
  })
})

describe('defaults', () => {
  const keyring = Keyring.forPreset('intercom-jwt', 'current', 'your_secret_key')
  const user = { id: 'user123' }
  test('a JWT without times is issued now and has no exp; a snippet\'s expires in an hour', async () => {
    const seconds = () => Math.floor(Date.now() / 1000)
    const start = seconds()
    const plain = jose.decodeJwt(keyring.issueJwt('intercom-jwt', user))
    assert.ok(plain.iat >= start && plain.iat <= seconds())
    assert.equal(plain.exp, undefined)
    const ttl = jose.decodeJwt(keyring.issueJwt('intercom-jwt', user, { ttl: 60 }))
    assert.equal(ttl.exp - ttl.iat, 60)
    const token = JSON.parse(widgetJson(keyring, { preset: 'intercom-jwt', appId: 'a', user })).intercom_user_jwt
    const claims = (await joseVerify(token, 'your_secret_key', seconds())).payload
    assert.equal(claims.exp - claims.iat, 3600)
    assert.equal(keyring.verifyJwt('intercom-jwt', token).outcome, 'verified')
  })
  test('appId may be left out for the vendors that take none', () => {
    const crisp = { preset: 'crisp', user: { id: 'u', email: 'jo@example.com' } }
    assert.equal(widgetJson('k', crisp), widgetJson('k', { ...crisp, appId: '' }))
    assert.equal(widgetJson('k', { ...crisp, appId: null }), widgetJson('k', { ...crisp, appId: undefined }))
  })
  test('Keyring.forPreset keeps the keyring API: extra keys, rotation, sharing', () => {
    const pylon = Keyring.forPreset('pylon', 'new', '00ff').add('old', Buffer.from('0102', 'hex'), { notAfter: 100 })
    assert.deepEqual(pylon.keyIds, ['new', 'old'])
    assert.equal(pylon.sign('jo@example.com'), hmac(Buffer.from([0, 255]), 'jo@example.com'))
    const old = hmac(Buffer.from([1, 2]), 'jo@example.com')
    assert.deepEqual(pylon.verifyDetailed('jo@example.com', old, { now: 99 }), { outcome: 'verified', keyId: 'old', reason: null })
    const handle = pylon.share()
    assert.equal(Keyring.fromShared(handle).sign('x'), pylon.sign('x'))
    Keyring.unshare(handle)
  })
})
