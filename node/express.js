'use strict'
// userhash/express: puts the widget identity of the logged-in user on res.locals.

const { Signer } = require('./index.js')

/**
 * Middleware that sets `res.locals.userhash = { appId, userId, hash }` when `getUser(req)`
 * returns a user with an `id`, and leaves `res.locals.userhash` unset for anonymous
 * visitors. `getUser` may return a promise. The secret is checked here, at start-up.
 */
function identify({ secret, appId, getUser = (req) => req.user } = {}) {
  let signer
  try {
    signer = secret instanceof Signer ? secret : new Signer(secret)
  } catch (error) {
    const hint = secret === undefined ? ' (is the environment variable set?)' : ''
    throw Object.assign(new error.constructor(`userhash/express identify({ secret }): ${error.message}${hint}`, { cause: error }), {
      code: error.code,
    })
  }
  if (typeof getUser !== 'function') {
    throw new TypeError('userhash/express identify({ getUser }): getUser must be a function (req, res) => user')
  }

  function attach(res, user) {
    if (user != null && user.id != null) {
      res.locals.userhash = { appId, userId: user.id, hash: signer.sign(user.id) }
    }
  }

  return function identifyUser(req, res, next) {
    let user
    try {
      user = getUser(req, res)
      if (typeof user?.then !== 'function') {
        attach(res, user)
        return next()
      }
    } catch (error) {
      return next(error)
    }
    user.then((resolved) => {
      attach(res, resolved)
      next()
    }, next)
  }
}

module.exports = { identify }
