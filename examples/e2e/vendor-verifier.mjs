// The vendors' side of the loop for four vendors, on 127.0.0.1, written from each vendor's
// documentation and independent of userhash: JWTs are checked by `jose`, hashes by
// node:crypto. It serves ../widget/vendors.js (the SDK stand-ins) and answers
// POST /<vendor> with {"verified": boolean, "outcome": "...", "name"?: "..."}.
//
// - intercom: an HS256 JWT in intercom_user_jwt, signed with the Messenger secret; user_id
//   required; exp honoured.
// - zendesk: an HS256 JWT whose header kid names one of the account's signing keys;
//   scope "user" and external_id required; exp honoured.
// - crisp: the email with the lowercase hex HMAC-SHA256 of it under the website's secret.
// - chatwoot: identifier_hash compared as a string with the lowercase hex HMAC-SHA256 of
//   the identifier under the inbox's HMAC token (Chatwoot's server compares exactly).
//
// A request header x-clock-ahead: SECONDS runs the vendor's clock ahead, to see an expired
// token refused.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { jwtVerify, decodeProtectedHeader } from 'jose'

const sdk = readFileSync(new URL('../widget/vendors.js', import.meta.url))
const hexHmac = (key, text) => createHmac('sha256', key).update(text, 'utf8').digest('hex')
const sameText = (a, b) => typeof a === 'string' && a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** `secret` signs every vendor here; `zendeskKid` is the id of Zendesk's signing key. */
export function startVendorVerifier({ secret, zendeskKid, log = () => {} }) {
  const key = new TextEncoder().encode(secret)
  const checks = {
    async intercom(body, now) {
      const { payload } = await jwtVerify(body.intercom_user_jwt, key, { algorithms: ['HS256'], currentDate: now })
      if (typeof payload.user_id !== 'string' || payload.user_id === '') throw new Error('user_id required')
      return payload.name ?? payload.user_id
    },
    async zendesk(body, now) {
      if (decodeProtectedHeader(body.jwt).kid !== zendeskKid) throw new Error('unknown kid')
      const { payload } = await jwtVerify(body.jwt, key, { algorithms: ['HS256'], currentDate: now })
      if (payload.scope !== 'user' || typeof payload.external_id !== 'string') throw new Error('scope user and external_id required')
      return payload.name ?? payload.external_id
    },
    async crisp(body) {
      if (typeof body.email !== 'string' || !sameText(body.signature, hexHmac(secret, body.email))) throw new Error('signature')
      return body.email
    },
    async chatwoot(body) {
      if (typeof body.identifier !== 'string' || !sameText(body.identifier_hash, hexHmac(secret, body.identifier))) throw new Error('identifier_hash')
      return body.name ?? body.identifier
    },
  }
  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('access-control-allow-headers', 'content-type, x-clock-ahead')
    const vendor = req.url.slice(1)
    if (req.method === 'GET' && req.url.startsWith('/vendors.js')) {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(sdk)
    } else if (req.method === 'OPTIONS') {
      res.writeHead(204).end()
    } else if (req.method === 'POST' && Object.hasOwn(checks, vendor)) {
      let text = ''
      req.on('data', (chunk) => (text += chunk))
      req.on('end', async () => {
        const now = new Date(Date.now() + 1000 * Number(req.headers['x-clock-ahead'] ?? 0))
        let reply
        try {
          reply = { verified: true, outcome: 'verified', name: await checks[vendor](JSON.parse(text), now) }
        } catch (e) {
          const outcome = e.code === 'ERR_JWT_EXPIRED' ? 'expired' : 'refused'
          log(`${vendor}: ${outcome} (${e.code ?? e.message})`)
          reply = { verified: false, outcome }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply))
      })
    } else {
      res.writeHead(404).end()
    }
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}
