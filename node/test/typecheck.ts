// Compiled with tsc (no emit) in the fresh project that installs the packed tarball:
// the published types accept what the API accepts and refuse the rest.
import express from 'express'
import {
  explain, generateSecret, Keyring, sign, Signer, verify, version, widgetJson, widgetScript,
  type ErrorCode, type FailureEvent, type Finding, type FindingCode, type Outcome, type UserId, type Verification,
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
// @ts-expect-error intercom is not a preset
widgetJson('s', { preset: 'intercom', appId: 'a' })
// @ts-expect-error metadata values are flat
widgetJson('s', { preset: 'hal', appId: 'a', user: { id: 'u', metadata: { a: { b: 1 } } } })
// @ts-expect-error the widget options need an appId
widgetScript('s', { preset: 'tau' })

export { rotated, inWorker, unshared, hashes, once, fromEnv, v, valid, envKeyring, outcome, reason, keyId, later, tokenResult, code, findingCode, ok, script, json, anonymous }
export { notAnOutcome, notAFinding, notAnError }
