// The vendor part of the end-to-end test: for an app whose e2e.json says "vendors": true,
// each of Intercom (JWT), Zendesk, Crisp and Chatwoot in headless Chromium through the app's
// GET /vendor/PRESET page, against the SDK stand-ins (../widget/vendors.js) and the stand-in
// vendor server (vendor-verifier.mjs): verified, tampered, expired (the JWT vendors),
// script-injection name and anonymous. The page contract is in examples/README.md.
const XSS_NAME = '</script><script>window.pwned=1</script>'
export const VENDORS = { 'intercom-jwt': 'intercom', zendesk: 'zendesk', crisp: 'crisp', chatwoot: 'chatwoot' }
const JWT_PRESETS = new Set(['intercom-jwt', 'zendesk'])

/** Opens /vendor/PRESET for USER ({id, name, email}, or null) with the stand-in's test hooks. */
async function visitVendor(browser, base, preset, user, hooks = {}) {
  const context = await browser.newContext()
  if (user) {
    const query = new URLSearchParams(user).toString()
    await context.request.get(`${base}/login?${query}`)
  }
  const page = await context.newPage()
  const consoleLines = []
  const errors = []
  page.on('console', (m) => consoleLines.push(m.text()))
  page.on('pageerror', (e) => errors.push(String(e)))
  await page.addInitScript((h) => Object.assign(window, h), hooks)
  await page.goto(`${base}/vendor/${preset}`)
  await page.waitForFunction(() => window.__userhashWidget && window.__userhashWidget.status !== 'pending', null, { timeout: 15000 })
  const state = await page.evaluate(() => ({
    widget: window.__userhashWidget,
    pwned: window.pwned,
    text: document.getElementById('uh-widget')?.textContent,
  }))
  await context.close()
  return { consoleLines, errors, state }
}

export async function testVendors(browser, name, base, check) {
  const jo = { id: 'user123', name: 'John Smith', email: 'Jo.Smith@Example.com' }
  for (const [preset, vendor] of Object.entries(VENDORS)) {
    const label = `${name} ${preset}`
    let v = await visitVendor(browser, base, preset, jo)
    check(`${label}: logged-in user is verified by the ${vendor} stand-in`, v.state.widget.status === 'verified' && v.state.widget.vendor === vendor, JSON.stringify(v.state.widget) + ' ' + v.consoleLines.join(' | '))
    check(`${label}: no script error (the CSP nonce let the snippet run)`, v.errors.length === 0 && v.consoleLines.includes('Identity verified successfully'), v.errors.join(' | ') + v.consoleLines.join(' | '))
    v = await visitVendor(browser, base, preset, jo, { __userhashTamper: true })
    check(`${label}: tampered credential is refused`, v.state.widget.status === 'failed', JSON.stringify(v.state.widget))
    if (JWT_PRESETS.has(preset)) {
      v = await visitVendor(browser, base, preset, jo, { __userhashClockAhead: 7200 })
      check(`${label}: an expired JWT is refused as expired`, v.state.widget.outcome === 'expired', JSON.stringify(v.state.widget))
    }
    v = await visitVendor(browser, base, preset, { ...jo, id: 'user-xss', name: XSS_NAME })
    check(`${label}: script-injection name runs nothing`, v.state.pwned === undefined && v.errors.length === 0 && v.state.widget.status === 'verified', v.errors.join(' | ') + JSON.stringify(v.state.widget))
    if (preset !== 'crisp') {
      check(`${label}: script-injection name is shown as text`, v.state.text?.includes(XSS_NAME), v.state.text)
    }
    v = await visitVendor(browser, base, preset, null)
    check(`${label}: anonymous visitor is not identified`, v.state.widget.status === 'anonymous' && v.errors.length === 0, JSON.stringify(v.state.widget) + v.errors.join(' | '))
  }
}
