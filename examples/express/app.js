'use strict'
// A minimal Express site that hands the TAU widget its identity with userhash/express.
//
//   PORT=8000 USERHASH_SECRET=dev-secret USERHASH_APP_ID=demo WIDGET_ORIGIN=http://127.0.0.1:8300 node app.js
//
// GET /login?id=ID&name=NAME&email=EMAIL  login stand-in: remembers the user in a cookie session
// GET /logout                 forgets it
// GET /                       the page: the widget config for the user (anonymous if none),
//                             then the widget script from WIDGET_ORIGIN
// GET /vendor/PRESET          the same for a vendor's widget (intercom-jwt, zendesk, crisp,
//                             chatwoot), whose SDK comes from VENDOR_ORIGIN

const crypto = require('node:crypto')
const express = require('express')
const { Keyring, Signer, widgetScript } = require('userhash')
const { identify } = require('userhash/express')

const port = Number(process.env.PORT ?? 8000)
const widgetOrigin = new URL(process.env.WIDGET_ORIGIN ?? 'http://127.0.0.1:8300').origin
const vendorOrigin = new URL(process.env.VENDOR_ORIGIN ?? 'http://127.0.0.1:8301').origin

// The secret is read and checked once, at start-up: a missing variable stops the app here.
const signer = Signer.fromEnv('USERHASH_SECRET')

// The login stand-in: sessions in memory, keyed by a random id in an HttpOnly cookie.
// A real app has its own authentication (passport, express-session …) that sets req.user.
const sessions = new Map()
const SESSION_COOKIE = 'sid'

function sessionId(req) {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === SESSION_COOKIE) return value.join('=')
  }
  return undefined
}

const escapeHtml = (text) =>
  String(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c])

const app = express()
app.disable('x-powered-by')

// Who is logged in, for every route.
app.use((req, res, next) => {
  req.user = sessions.get(sessionId(req)) ?? null
  next()
})

// A fresh CSP nonce per response: only scripts carrying it run.
app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
  res.setHeader('content-security-policy', `script-src 'nonce-${res.locals.cspNonce}'; object-src 'none'; base-uri 'none'`)
  next()
})

app.get('/login', (req, res) => {
  const { id, name, email } = req.query
  if (typeof id !== 'string' || id === '') return res.status(400).type('text').send('usage: /login?id=ID&name=NAME&email=EMAIL')
  const sid = crypto.randomBytes(32).toString('base64url')
  const given = (text) => (typeof text === 'string' && text !== '' ? text : undefined)
  sessions.set(sid, { id, name: given(name), email: given(email) })
  res.setHeader('set-cookie', `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; SameSite=Lax`)
  res.redirect(302, '/')
})

app.get('/logout', (req, res) => {
  sessions.delete(sessionId(req))
  res.setHeader('set-cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`)
  res.redirect(302, '/')
})

// identify() puts the TAU config on res.locals.userhash: for req.user its id, name and hash;
// for anyone else the anonymous config. `script` is a complete, HTML-safe <script> element
// with this response's nonce.
app.get('/', identify({ secret: signer, appId: process.env.USERHASH_APP_ID, preset: 'tau' }), (req, res) => {
  const greeting = req.user ? `Logged in as ${escapeHtml(req.user.name ?? req.user.id)} · <a href="/logout">log out</a>` : 'Not logged in · <a href="/login?id=user123&amp;name=John%20Smith">log in as user123</a>'
  res.type('html').send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>userhash · Express example</title>
</head>
<body>
<h1>userhash · Express example</h1>
<p>${greeting}</p>
${res.locals.userhash.script}
<script nonce="${res.locals.cspNonce}" src="${escapeHtml(widgetOrigin)}/widget.js"></script>
</body>
</html>
`)
})

// Vendor widgets. A keyring, because Zendesk names its signing key: the key id (Zendesk shows
// it beside the secret) goes into the JWT header. Each vendor takes only some user fields;
// Zendesk's ze-snippet defines zE, so its SDK comes before the snippet, the others' after.
const keyring = new Keyring(process.env.USERHASH_KEY_ID ?? 'current', process.env.USERHASH_SECRET)
const VENDOR_PAGES = {
  'intercom-jwt': { sdk: 'intercom', appId: process.env.USERHASH_APP_ID, fields: ['name', 'email'] },
  zendesk: { sdk: 'zendesk', sdkFirst: true, fields: ['name', 'email'] },
  crisp: { sdk: 'crisp', fields: ['email'] },
  chatwoot: { sdk: 'chatwoot', fields: ['name', 'email'] },
}

app.get('/vendor/:preset', (req, res) => {
  const page = VENDOR_PAGES[req.params.preset]
  if (!page) return res.status(404).type('text').send('unknown vendor')
  const user = req.user && { id: req.user.id, ...Object.fromEntries(page.fields.filter((f) => req.user[f]).map((f) => [f, req.user[f]])) }
  const nonce = res.locals.cspNonce
  const snippet = widgetScript(keyring, { preset: req.params.preset, appId: page.appId ?? '', user, nonce })
  const sdk = `<script nonce="${nonce}" src="${escapeHtml(vendorOrigin)}/vendors.js?vendor=${page.sdk}"></script>`
  res.type('html').send(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>userhash · ${escapeHtml(req.params.preset)}</title></head>
<body>
<h1>userhash · ${escapeHtml(req.params.preset)}</h1>
${page.sdkFirst ? sdk + snippet : snippet + sdk}
</body>
</html>
`)
})

app.listen(port, '127.0.0.1', () => {
  console.log(`Express example on http://127.0.0.1:${port}`)
})
