// Stand-ins for four vendors' browser SDKs: Intercom (Messenger security, JWT), Zendesk
// messaging (loginUser with a JWT), Crisp ($crisp user:email with a signature) and Chatwoot
// (setUser after chatwoot:ready). Each takes the identity the page hands it through the
// vendor's own JavaScript API and posts it, as the vendor's SDK does, to the stand-in vendor
// server (vendor-verifier.mjs), which checks exactly what that vendor checks. The name is
// shown with textContent: never parsed as HTML.
//
//   <script src="…/vendors.js?vendor=intercom"></script>   after the snippet (Intercom, Crisp, Chatwoot)
//   <script src="…/vendors.js?vendor=zendesk"></script>    before it, as Zendesk's ze-snippet is
(function () {
  'use strict'
  const src = new URL(document.currentScript.src)
  const vendor = src.searchParams.get('vendor')
  const state = (window.__userhashWidget = { status: 'pending', vendor, name: null, outcome: null })
  let box

  function show(text) {
    if (!box) {
      box = document.createElement('div')
      box.id = 'uh-widget'
      box.style.cssText = 'position:fixed;right:16px;bottom:16px;padding:12px 16px;border-radius:12px;' +
        'font:14px system-ui;background:#1f6feb;color:#fff'
      document.body.appendChild(box)
    }
    box.textContent = text
  }

  // Test hooks, set by the e2e driver before the page loads: a visitor editing the credential,
  // and a vendor whose clock is ahead (to see an expired JWT refused).
  const tamper = (text) => (window.__userhashTamper ? text.slice(0, -2) + (text.slice(-2) === 'AA' ? 'BB' : 'AA') : text)

  function check(body, name) {
    fetch(src.origin + '/' + vendor, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-clock-ahead': String(window.__userhashClockAhead || 0) },
      body: JSON.stringify(body),
    })
      .then((r) => r.json())
      .then((result) => {
        state.outcome = result.outcome
        if (result.verified) {
          state.status = 'verified'
          state.name = result.name || name
          show('Hi ' + state.name + ', welcome back!')
          console.log('Identity verified successfully')
        } else {
          state.status = 'failed'
          show('Chat (not verified)')
          console.error('Identity verification failed: ' + result.outcome)
        }
      })
      .catch((e) => {
        state.status = 'error'
        console.error('Identity verification failed', e)
      })
  }

  function anonymous() {
    state.status = 'anonymous'
    show('Hi there! How can we help?')
  }

  if (vendor === 'intercom') {
    // Intercom's Messenger boots from window.intercomSettings on load.
    const settings = window.intercomSettings
    if (!settings) return void (state.status = 'no-config')
    if (!settings.intercom_user_jwt) return anonymous()
    check({ app_id: settings.app_id, intercom_user_jwt: tamper(settings.intercom_user_jwt) })
  } else if (vendor === 'zendesk') {
    // Zendesk's snippet defines zE; loginUser asks the page's callback for a JWT.
    let loggedIn = false
    window.zE = function (widget, command, jwtCallback) {
      if (widget === 'messenger' && command === 'loginUser') {
        loggedIn = true
        jwtCallback((jwt) => check({ jwt: tamper(jwt) }))
      }
    }
    window.addEventListener('load', () => loggedIn || anonymous())
  } else if (vendor === 'crisp') {
    // Crisp's loader replays the $crisp queue the page filled before it loaded.
    const queue = window.$crisp || []
    const entry = queue.find((item) => item[0] === 'set' && item[1] === 'user:email')
    if (!entry) return anonymous()
    const [email, signature] = entry[2]
    check({ email, signature: signature && tamper(signature) }, email)
  } else if (vendor === 'chatwoot') {
    // Chatwoot's SDK defines $chatwoot, then fires chatwoot:ready.
    let identified = false
    window.$chatwoot = {
      setUser(identifier, attributes) {
        identified = true
        check({ identifier, identifier_hash: tamper(attributes.identifier_hash || ''), name: attributes.name }, attributes.name || identifier)
      },
    }
    window.dispatchEvent(new Event('chatwoot:ready'))
    if (!identified) anonymous()
  } else {
    state.status = 'no-config'
    console.error('unknown vendor ' + vendor)
  }
})()
