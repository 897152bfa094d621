// End-to-end test of every example app (examples/*/e2e.json) in headless Chromium,
// against the stand-in widget and the vendor-side verifier. Prints one line per check
// and ends with "N passed, N failed". See examples/README.md for the app contract.
//
//   node examples/e2e/run.mjs [APP...]     (default: every app with an e2e.json)
import { createHmac } from 'node:crypto'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { startVerifier } from '../widget/verifier.mjs'
import { startVendorVerifier } from './vendor-verifier.mjs'
import { testVendors } from './vendors.mjs'

const examples = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outputDir = join(process.env.CARGO_TARGET_DIR ?? join(examples, '..', 'target'), 'test-output')
const SECRET = 'e2e-widget-secret'
const APP_ID = 'e2e-app'
// Zendesk names its signing keys: the app's keyring key id, and the stand-in's one key.
const KEY_ID = 'e2e-zendesk-key'
const XSS_NAME = '</script><script>window.pwned=1</script>'
const LS_NAME = 'line\u2028separator\u2029name'

let passed = 0
let failed = 0
function check(name, ok, detail = '') {
  if (ok) passed++
  else failed++
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `: ${detail}`}`)
}

const freePort = () =>
  new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => done(port))
    })
  })

async function waitForHttp(url, child, seconds = 60) {
  for (let i = 0; i < seconds * 4; i++) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`)
    try {
      await fetch(url, { redirect: 'manual' })
      return
    } catch {
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  throw new Error(`${url} did not answer in ${seconds}s`)
}

function startApp(dir, manifest, env) {
  const [cmd, ...args] = manifest.start
  const child = spawn(cmd, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (d) => (log += d))
  child.stderr.on('data', (d) => (log += d))
  child.log = () => log
  return child
}

/** Logs USER ([id, name], or null for anonymous) in through the app's login stand-in in a
 * fresh context, opens `/`, and collects console messages and page errors. */
async function visit(browser, base, user, { tamper = false } = {}) {
  const context = await browser.newContext()
  if (user) {
    const [id, name] = user
    await context.request.get(`${base}/login?id=${encodeURIComponent(id)}&name=${encodeURIComponent(name)}`)
  }
  const page = await context.newPage()
  const consoleLines = []
  const errors = []
  page.on('console', (m) => consoleLines.push(m.text()))
  page.on('pageerror', (e) => errors.push(String(e)))
  if (tamper) {
    // What a visitor editing the page would do: change one digit of the hash before the
    // widget reads it.
    await page.addInitScript(() => {
      let config
      Object.defineProperty(window, 'taubotConfig', {
        configurable: true,
        get: () => config,
        set: (value) => {
          const hash = value.user.hash
          value.user.hash = (hash[0] === '0' ? '1' : '0') + hash.slice(1)
          config = value
        },
      })
    })
  }
  await page.goto(`${base}/`)
  await page.waitForFunction(() => window.__userhashWidget && window.__userhashWidget.status !== 'pending', null, { timeout: 15000 })
  const state = await page.evaluate(() => ({
    widget: window.__userhashWidget,
    pwned: window.pwned,
    config: window.taubotConfig,
    text: document.getElementById('uh-widget')?.textContent,
  }))
  const html = await (await context.request.get(`${base}/`)).text()
  return { context, page, consoleLines, errors, state, html }
}

async function testApp(browser, name, dir, manifest, widgetOrigin, vendorOrigin) {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = {
    PORT: String(port), USERHASH_SECRET: SECRET, USERHASH_APP_ID: APP_ID, WIDGET_ORIGIN: widgetOrigin,
    VENDOR_ORIGIN: vendorOrigin, USERHASH_KEY_ID: KEY_ID,
  }
  const app = startApp(dir, manifest, env)
  try {
    await waitForHttp(`${base}/`, app)
  } catch (e) {
    check(`${name}: app starts`, false, `${e.message}\n${app.log()}`)
    app.kill()
    return
  }
  try {
    const oracle = (id) => createHmac('sha256', SECRET).update(id).digest('hex')
    let v = await visit(browser, base, ['user123', 'John Smith'])
    check(`${name}: logged-in user is verified`, v.state.widget.status === 'verified', JSON.stringify(v.state.widget))
    check(`${name}: console says "Identity verified successfully"`, v.consoleLines.includes('Identity verified successfully'), v.consoleLines.join(' | '))
    check(`${name}: hash equals node:crypto's HMAC`, v.state.config?.user?.hash === oracle('user123'), JSON.stringify(v.state.config))
    check(`${name}: config has app id and name`, v.state.config?.appId === APP_ID && v.state.config?.user?.name === 'John Smith')
    mkdirSync(outputDir, { recursive: true })
    await v.page.screenshot({ path: join(outputDir, `e2e-${name}-verified.png`) })
    await v.context.close()

    v = await visit(browser, base, ['user123', 'John Smith'], { tamper: true })
    check(`${name}: tampered hash is rejected`, v.state.widget.status === 'failed', JSON.stringify(v.state.widget))
    check(`${name}: console says "Identity verification failed"`, v.consoleLines.some((l) => l.startsWith('Identity verification failed')))
    await v.context.close()

    v = await visit(browser, base, ['user-xss', XSS_NAME])
    check(`${name}: script-injection name runs nothing`, v.state.pwned === undefined && v.errors.length === 0, v.errors.join(' | '))
    check(`${name}: script-injection name is shown as text`, v.state.widget.status === 'verified' && v.state.text.includes(XSS_NAME), v.state.text)
    check(`${name}: raw name never appears in the HTML`, !v.html.includes(XSS_NAME))
    await v.context.close()

    v = await visit(browser, base, ['user-ls', LS_NAME])
    check(`${name}: U+2028/U+2029 name breaks no script`, v.errors.length === 0 && v.state.widget.status === 'verified', v.errors.join(' | '))
    check(`${name}: U+2028/U+2029 name is shown as text`, v.state.config?.user?.name === LS_NAME && v.state.text.includes(LS_NAME))
    await v.context.close()

    v = await visit(browser, base, null)
    check(`${name}: anonymous page has no id or hash`, v.state.widget.status === 'anonymous' && !v.state.config?.user && !/[0-9a-f]{64}/.test(v.html), v.html.slice(0, 500))
    check(`${name}: anonymous config still has the app id`, v.state.config?.appId === APP_ID)
    await v.context.close()

    if (manifest.vendors) await testVendors(browser, name, base, check)
  } finally {
    app.kill()
  }
}

const wanted = process.argv.slice(2)
const apps = readdirSync(examples)
  .filter((d) => existsSync(join(examples, d, 'e2e.json')))
  .filter((d) => wanted.length === 0 || wanted.includes(d))
if (apps.length === 0) {
  console.log('no example app found')
  process.exit(1)
}

const verifier = await startVerifier({ secret: SECRET })
const widgetOrigin = `http://127.0.0.1:${verifier.address().port}`
const vendorVerifier = await startVendorVerifier({ secret: SECRET, zendeskKid: KEY_ID })
const vendorOrigin = `http://127.0.0.1:${vendorVerifier.address().port}`
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  for (const name of apps) {
    const dir = join(examples, name)
    await testApp(browser, name, dir, JSON.parse(readFileSync(join(dir, 'e2e.json'), 'utf8')), widgetOrigin, vendorOrigin)
  }
} finally {
  await browser.close()
  verifier.close()
  vendorVerifier.close()
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
