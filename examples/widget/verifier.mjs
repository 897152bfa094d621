// The vendor's side of the loop, on 127.0.0.1: serves widget.js and checks identities
// with a userhash Keyring (constant time, every key valid now; a blank or malformed hash
// is never verified). The reply is {"verified": boolean, "outcome": "verified" |
// "missing" | "malformed" | "mismatch" | "expired"}; failures are logged without the hash.
//
//   node examples/widget/verifier.mjs [PORT]      secret from USERHASH_SECRET
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { Keyring } from '../../node/index.mjs'

const widgetJs = readFileSync(new URL('./widget.js', import.meta.url))

/** Starts the verifier; resolves to the server once it listens. */
export function startVerifier({ secret, port = 0, log = () => {} }) {
  const keyring = new Keyring('current', secret)
  keyring.on('failure', (event) => log(`verify failed: ${JSON.stringify(event)}`))
  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('access-control-allow-headers', 'content-type')
    if (req.method === 'GET' && req.url === '/widget.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(widgetJs)
    } else if (req.method === 'OPTIONS') {
      res.writeHead(204).end()
    } else if (req.method === 'POST' && req.url === '/verify') {
      let body = ''
      req.on('data', (chunk) => (body += chunk))
      req.on('end', () => {
        let outcome
        try {
          const { id, hash } = JSON.parse(body)
          // An id that is not a non-empty string, or a hash that is not a string, cannot be
          // checked: malformed, like a hash that is not 64 hex characters.
          const checkable = typeof id === 'string' && id !== '' && (hash == null || typeof hash === 'string')
          outcome = checkable ? keyring.verifyDetailed(id, hash).outcome : 'malformed'
        } catch {
          outcome = 'malformed'
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ verified: outcome === 'verified', outcome }))
      })
    } else {
      res.writeHead(404).end()
    }
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const server = await startVerifier({ secret: process.env.USERHASH_SECRET, port: Number(process.argv[2] ?? 8300), log: console.log })
  console.log(`verifier on http://127.0.0.1:${server.address().port}`)
}
