// Compiled with tsc (no emit) in the fresh project that installs the packed tarball:
// the published types accept what the API accepts and refuse the rest.
import express from 'express'
import { generateSecret, sign, Signer, verify, version, type UserId } from 'userhash'
import { identify, type Identity } from 'userhash/express'

const signer: Signer = new Signer(generateSecret())
const hash: string = signer.sign('user123')
const valid: boolean = signer.verify(42, hash) && verify(Buffer.from('k'), new Uint8Array([1]), hash)
const ids: UserId[] = ['a', 1, 2n, Buffer.from('x'), new Uint8Array([1])]
const hashes: string[] = signer.signMany(ids)
const once: string = sign('secret', 1n)
const fromEnv: Signer = Signer.fromEnv('WIDGET_SECRET')
const v: string = version

const app = express()
app.use(identify({ secret: process.env.WIDGET_SECRET ?? '', appId: 'app', getUser: (req) => (req.query.u ? { id: String(req.query.u) } : null) }))
app.get('/', (_req, res) => {
  const identity = res.locals.userhash as Identity | undefined
  res.send(identity?.hash)
})

// @ts-expect-error booleans are not user ids
signer.sign(true)
// @ts-expect-error a signer needs a secret
new Signer()
// @ts-expect-error numbers are not secrets
sign(42, 'user123')

export { hashes, once, fromEnv, v, valid }
