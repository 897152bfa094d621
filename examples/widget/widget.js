// Stand-in for a vendor's chat widget (TAU or Hal). It does what the real ones do with
// the identity the page hands it: sends id + hash to the vendor's verifier, and logs the
// seeds' console messages. The name is shown with textContent: never parsed as HTML.
(function () {
  'use strict'
  const origin = new URL(document.currentScript.src).origin
  const tau = window.taubotConfig
  const hal = window.HalSettings
  const config = tau || hal
  const user = tau ? tau.user : hal && hal.visitorId ? { id: hal.visitorId, hash: hal.userHash, name: hal.name } : null
  const state = (window.__userhashWidget = { status: 'pending', name: null })

  const box = document.createElement('div')
  box.id = 'uh-widget'
  box.style.cssText = 'position:fixed;right:16px;bottom:16px;padding:12px 16px;border-radius:12px;' +
    'font:14px system-ui;background:#1f6feb;color:#fff;box-shadow:0 4px 12px rgba(0,0,0,.25)'
  document.body.appendChild(box)

  if (!config) {
    state.status = 'no-config'
    console.error('Widget: no configuration found')
    return
  }
  if (!user) {
    state.status = 'anonymous'
    box.textContent = 'Hi there! How can we help?'
    console.log('Widget: anonymous visitor')
    return
  }
  fetch(origin + '/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appId: config.appId, id: user.id, hash: user.hash }),
  })
    .then((r) => r.json())
    .then((result) => {
      if (result.verified) {
        state.status = 'verified'
        state.name = user.name || user.id
        box.textContent = 'Hi ' + state.name + ', welcome back!'
        console.log('Identity verified successfully')
      } else {
        state.status = 'failed'
        box.textContent = 'Chat (not verified)'
        console.error('Identity verification failed')
      }
    })
    .catch((e) => {
      state.status = 'error'
      console.error('Identity verification failed', e)
    })
})()
