'use strict'
// userhash/express: puts the widget identity and the complete, script-safe widget
// configuration of the visitor on res.locals.

const { Keyring, Signer, widgetJson, widgetScript } = require('./index.js')

const defaultWidgetUser = (user) => ({ id: user.id, name: user.name, email: user.email })
const defaultNonce = (req, res) => res.locals.cspNonce

function startupError(error, what, hint = '') {
  return Object.assign(new error.constructor(`userhash/express identify({ ${what} }): ${error.message}${hint}`, { cause: error }), {
    code: error.code,
  })
}

/**
 * Middleware setting `res.locals.userhash` to `{ appId, userId, hash, json, script }` for a user
 * with an `id`, else `{ appId, json, script }` (node/README.md); checks its options at start-up.
 */
function identify({
  secret,
  appId,
  preset = 'tau',
  global,
  getUser = (req) => req.user,
  widgetUser = defaultWidgetUser,
  nonce = defaultNonce,
} = {}) {
  let signer
  try {
    signer = secret instanceof Signer || secret instanceof Keyring ? secret : new Signer(secret)
  } catch (error) {
    throw startupError(error, 'secret', secret === undefined ? ' (is the environment variable set?)' : '')
  }
  for (const [name, fn] of Object.entries({ getUser, widgetUser, nonce })) {
    if (typeof fn !== 'function') {
      throw new TypeError(`userhash/express identify({ ${name} }): ${name} must be a function`)
    }
  }
  const widget = (user, cspNonce) => {
    const options = { preset, appId, global, user, nonce: cspNonce }
    return { json: widgetJson(signer, options), script: widgetScript(signer, options) }
  }
  try {
    widget(null, undefined)
  } catch (error) {
    throw startupError(error, 'preset, appId, global')
  }

  function attach(req, res, user) {
    const cspNonce = nonce(req, res) ?? undefined
    if (user != null && user.id != null) {
      const { json, script } = widget(widgetUser(user), cspNonce)
      res.locals.userhash = { appId, userId: user.id, hash: signer.sign(user.id), json, script }
    } else {
      res.locals.userhash = { appId, ...widget(null, cspNonce) }
    }
  }

  return function identifyUser(req, res, next) {
    const finish = (user) => {
      try {
        attach(req, res, user)
      } catch (error) {
        return next(error)
      }
      next()
    }
    let user
    try {
      user = getUser(req, res)
    } catch (error) {
      return next(error)
    }
    if (typeof user?.then === 'function') user.then(finish, next)
    else finish(user)
  }
}

module.exports = { identify }
