// The vendor's side of the loop, on 127.0.0.1: serves widget.js and checks identities
// with userhash (constant time; a blank or malformed hash is simply not verified).
//
//   node examples/widget/verifier.mjs [PORT]      secret from USERHASH_SECRET
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { Signer } from '../../node/index.mjs'

const widgetJs = readFileSync(new URL('./widget.js', import.meta.url))

/** Starts the verifier; resolves to the server once it listens. */
export function startVerifier({ secret, port = 0 }) {
  const signer = new Signer(secret)
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
        let verified = false
        try {
          const { id, hash } = JSON.parse(body)
          verified = typeof id === 'string' && typeof hash === 'string' && id !== '' && signer.verify(id, hash)
        } catch {
          verified = false
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ verified }))
      })
    } else {
      res.writeHead(404).end()
    }
  })
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)))
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const server = await startVerifier({ secret: process.env.USERHASH_SECRET, port: Number(process.argv[2] ?? 8300) })
  console.log(`verifier on http://127.0.0.1:${server.address().port}`)
}
