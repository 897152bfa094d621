// Compiled with tsc (no emit) in the fresh project that installs the packed tarball:
// the published types accept what the API accepts and refuse the rest.
import express from 'express'
import {
  explain, generateSecret, Keyring, sign, Signer, verify, version, widgetJson, widgetScript,
  type ErrorCode, type FailureEvent, type Finding, type FindingCode, type Outcome, type UserId, type Verification,
  type HashPresetName, type JwtPresetName, type JwtVerification, type PresetName,
} from 'userhash'
import { identify, type Identity } from 'userhash/express'

const signer: Signer = new Signer(generateSecret())
const hash: string = signer.sign('user123')
const valid: boolean = signer.verify(42, hash) && verify(Buffer.from('k'), new Uint8Array([1]), hash)
const ids: UserId[] = ['a', 1, 2n, Buffer.from('x'), new Uint8Array([1])]
const hashes: string[] = signer.signMany(ids)
const once: string = sign('secret', 1n)
const fromEnv: Signer = Signer.fromEnv('WIDGET_SECRET')
const v: string = version

const keyring: Keyring = new Keyring('2025-12', 'new-secret').add('2025-06', Buffer.from('old'), { notAfter: 1767225600 })
const envKeyring: Keyring = Keyring.fromEnv()
const handle: string = keyring.share()
const inWorker: Keyring = Keyring.fromShared(handle)
const unshared: boolean = Keyring.unshare(handle)
keyring.on('failure', (event: FailureEvent) => console.log(event.outcome, event.keyId, event.userId, event.hashPrefix))
const result: Verification = keyring.verifyDetailed('user123', hash, { now: 1767225600n })
const outcome: Outcome = result.outcome
const reason: ErrorCode | null = result.reason
const keyId: string | null = result.keyId
const token: string = keyring.issueToken('user123', { ttl: 3600 })
const later: string = keyring.issueToken(42, { expiresAt: 1767225600 })
const tokenResult: Verification = keyring.verifyToken('user123', token, { leeway: 30 })
const finding: Finding = explain('secret', 'user123', hash, { email: 'jo@example.com' })
const code: string = keyring.explain('user123', undefined).code + finding.message
const findingCode: FindingCode = finding.code
const ok: boolean = keyring.verify('user123', null) && keyring.primaryId === keyring.keyIds[0]

const script: string = widgetScript(signer, {
  preset: 'tau',
  appId: 'app',
  user: { id: 'user123', name: 'Jo', email: 'jo@example.com', phone: '+15551234567', profilePictureUrl: 'https://x/p.png', createdAt: 1701967378 },
  nonce: 'abc',
})
const json: string = widgetJson('secret', { preset: 'hal', appId: 'app', user: { id: 7, metadata: { plan: 'pro', seats: 5, beta: true, ref: null } } })
const anonymous: string = widgetJson('secret', { preset: 'generic', appId: 'app', user: null, global: 'My.widget' })
const rotated: string = widgetScript(keyring, { preset: 'tau', appId: 'app', user: { id: 'u' } })

// Vendors: every preset in the widget functions, JWTs on a keyring.
const presets: PresetName[] = ['tau', 'intercom', 'intercom-jwt', 'chatwoot', 'crisp', 'helpscout', 'front', 'pylon', 'zendesk', 'canny', 'featurebase']
const pylon: Keyring = Keyring.forPreset('pylon', 'current', '00ff')
const crispSigner: Signer = Signer.forPreset('crisp', Buffer.from('k'))
const vendorScripts: string[] = presets.map((preset) => widgetScript(pylon, { preset, user: { id: 'u', email: 'jo@example.com' }, ttl: 600, now: 1767225600n }))
const crisp: string = widgetJson(crispSigner, { preset: 'crisp', user: { id: 'u', email: 'jo@example.com' } })
const zendesk: Keyring = Keyring.forPreset('zendesk', 'app_64f0d2c3', 'secret')
const jwtPreset: JwtPresetName = 'zendesk'
const jwt: string = zendesk.issueJwt(jwtPreset, { id: 'user123', name: 'Jo', email: 'jo@example.com' }, { ttl: 600, now: 1767225600 })
const noExp: string = zendesk.issueJwt('featurebase', { id: 'u' }, { expiresAt: null })
const checked: JwtVerification = zendesk.verifyJwt('zendesk', jwt, { leeway: 30, now: 1767225600n })
const jwtOutcome: Outcome = checked.outcome
const jwtReason: ErrorCode | null = checked.reason
const externalId: unknown = checked.claims?.external_id
const jwtOk: boolean = checked.verified && checked.keyId === 'app_64f0d2c3'
const jwtFinding: FindingCode = zendesk.explainJwt('zendesk', Buffer.from(jwt), { now: 1 }).code
const hashPreset: HashPresetName = 'pylon'
const vendorFinding: Finding = pylon.explain('u', 'hash', { preset: hashPreset, email: 'jo@example.com', now: 1 })
const oneShot: Finding = explain('00ff', 'u', null, { preset: 'pylon', email: Buffer.from('jo@example.com') })

const app = express()
app.use(identify({ secret: process.env.WIDGET_SECRET ?? '', appId: 'app', getUser: (req) => (req.query.u ? { id: String(req.query.u) } : null) }))
app.use(identify({ secret: keyring, appId: 'app' }))
app.use(identify({ secret: signer, appId: 'app', preset: 'hal', nonce: (_req, res) => res.locals.cspNonce, widgetUser: (user: { id: string }) => ({ id: user.id }) }))
app.get('/', (_req, res) => {
  const identity = res.locals.userhash as Identity
  res.send(`${identity.script}${identity.hash ?? ''}${identity.json}`)
})

// @ts-expect-error booleans are not user ids
signer.sign(true)
// @ts-expect-error a signer needs a secret
new Signer()
// @ts-expect-error numbers are not secrets
sign(42, 'user123')
// @ts-expect-error a token needs ttl or expiresAt
keyring.issueToken('u', {})
// @ts-expect-error not both
keyring.issueToken('u', { ttl: 1, expiresAt: 2 })
// @ts-expect-error an outcome is one of the contract's
const notAnOutcome: Outcome = 'valid'
// @ts-expect-error a finding code is one of the contract's
const notAFinding: FindingCode = 'hash_not_hex'
// @ts-expect-error an error code is one of the contract's
const notAnError: ErrorCode = 'ERR_INVALID_ARG_TYPE'
// @ts-expect-error drift is not a preset
widgetJson('s', { preset: 'drift', appId: 'a' })
// @ts-expect-error Crisp takes a hash, not a JWT
zendesk.issueJwt('crisp', { id: 'u' })
// @ts-expect-error not both ttl and expiresAt
zendesk.issueJwt('zendesk', { id: 'u' }, { ttl: 1, expiresAt: 2 })
// @ts-expect-error a JWT identifies a user
zendesk.issueJwt('zendesk', null)
// @ts-expect-error a JWT vendor's token is explained with explainJwt
pylon.explain('u', 'hash', { preset: 'zendesk' })
// @ts-expect-error a preset is one of the contract's
Keyring.forPreset('drift', 'k', 's')
// @ts-expect-error claims are an object, not text
const claimsText: string | null = checked.claims
// @ts-expect-error metadata values are flat
widgetJson('s', { preset: 'hal', appId: 'a', user: { id: 'u', metadata: { a: { b: 1 } } } })
// @ts-expect-error the widget options need a preset
widgetScript('s', { appId: 'a' })

export { rotated, inWorker, unshared, hashes, once, fromEnv, v, valid, envKeyring, outcome, reason, keyId, later, tokenResult, code, findingCode, ok, script, json, anonymous }
export { notAnOutcome, notAFinding, notAnError, claimsText }
export { vendorScripts, crisp, noExp, jwtOutcome, jwtReason, externalId, jwtOk, jwtFinding, vendorFinding, oneShot }
