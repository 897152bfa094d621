// The API of the WebAssembly build (bindings/wasm), the same as the native addon's where an
// edge runtime can have it: JS values written into the module's memory, its results read back,
// its errors thrown with the core's codes. Each runtime's entry file (workerd.mjs, deno.mjs,
// edge-light.mjs) loads the .wasm its own way and calls `userhash(module)`.

const encoder = new TextEncoder()
const decoder = new TextDecoder()

// The kinds of user id and of signing source, as bindings/wasm/src/args.rs and widget.rs read them.
const ID_BYTES = 0
const ID_INTEGER = 1
const ID_UNSAFE_NUMBER = 2
const ID_OTHER = 3
const SOURCE_SIGNER = 0
const SOURCE_KEYRING = 1
const SOURCE_SECRET = 2

const BYTES = 'a string, Buffer or Uint8Array'

/** Every error userhash throws that is not a TypeError or RangeError; `code` is the core's stable code. */
export class UserhashError extends Error {
  constructor(message, code) {
    super(message)
    this.name = 'UserhashError'
    this.code = code
  }
}

// As the native addon: a user id of the wrong type is a TypeError, out of range a RangeError.
const CLASSES = { TypeError, RangeError, Error: UserhashError }

function thrown({ code, message, kind }) {
  const Class = CLASSES[kind] ?? UserhashError
  const error = Class === UserhashError ? new UserhashError(message, code) : new Class(message)
  error.code = code
  return error
}

const typeName = (value) => {
  if (value === null) return 'null'
  const type = typeof value
  if (type === 'object') return 'an object that is not a Uint8Array'
  return type === 'undefined' ? type : `a${/^[aeiou]/.test(type) ? 'n' : ''} ${type}`
}

const argType = (message) => thrown({ code: 'ERR_INVALID_ARG_TYPE', message, kind: 'TypeError' })
const wrongType = (name, expected, value) => argType(`${name} must be ${expected}, not ${typeName(value)}`)
const isPlainObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value)

/** A string argument that is not an id (a key id, a preset). */
function text(value, name, expected = 'a string') {
  if (typeof value !== 'string') throw wrongType(name, expected, value)
  return value
}

const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n

/** An optional time or duration as the module reads it: [flag, value] (args.rs, `seconds`). */
function seconds(value) {
  if (value === undefined || value === null) return [0, 0n]
  if (typeof value === 'number' && Number.isSafeInteger(value)) return [1, BigInt(value)]
  if (typeof value === 'bigint' && value >= I64_MIN && value <= I64_MAX) return [1, value]
  return [2, 0n]
}

/** `now`, or the current time (the module has no clock). */
function now(value) {
  const [flag, seconds_] = seconds(value)
  return flag === 0 ? [0, BigInt(Math.floor(Date.now() / 1000))] : [flag, seconds_]
}

// JSON for the module: a bigint as the integer it is, every string well-formed (lone surrogates
// as U+FFFD, as the native addon reads a string).
const rawJson = typeof JSON.rawJSON === 'function' ? JSON.rawJSON : (n) => (Number.isSafeInteger(Number(n)) ? Number(n) : n)
const forModule = (_key, value) => {
  if (typeof value === 'bigint') return rawJson(String(value))
  if (typeof value === 'string') return value.toWellFormed()
  return value
}
const toJson = (value) => JSON.stringify(value, forModule)

/** A tiny emitter of `'failure'` events (edge runtimes have no node:events without a flag). */
class FailureEmitter {
  #listeners = []
  on(event, listener) {
    if (event === 'failure') this.#listeners.push({ listener, once: false })
    return this
  }
  once(event, listener) {
    if (event === 'failure') this.#listeners.push({ listener, once: true })
    return this
  }
  off(event, listener) {
    const index = this.#listeners.findIndex((entry) => entry.listener === listener)
    if (event === 'failure' && index !== -1) this.#listeners.splice(index, 1)
    return this
  }
  addListener(event, listener) {
    return this.on(event, listener)
  }
  removeListener(event, listener) {
    return this.off(event, listener)
  }
  listenerCount(event) {
    return event === 'failure' ? this.#listeners.length : 0
  }
  emit(event, value) {
    if (event !== 'failure' || this.#listeners.length === 0) return false
    const listeners = this.#listeners
    this.#listeners = listeners.filter((entry) => !entry.once)
    for (const { listener } of listeners) listener.call(this, value)
    return true
  }
}

const INSPECT = [Symbol.for('nodejs.util.inspect.custom'), Symbol.for('Deno.customInspect')]

/** The API over one instance of the module `module` (a compiled `WebAssembly.Module`). */
export function userhash(module) {
  let memory
  const imports = {
    userhash: { random: (ptr, len) => crypto.getRandomValues(new Uint8Array(memory.buffer, ptr, len)) },
  }
  const wasm = new WebAssembly.Instance(module, imports).exports
  memory = wasm.memory

  // One scratch region for a call's inputs, grown as needed, wiped after every call.
  let scratch = { ptr: wasm.uh_alloc(1024), cap: 1024 }
  const room = (needed) => {
    if (needed <= scratch.cap) return
    wasm.uh_free(scratch.ptr, scratch.cap)
    const cap = Math.max(needed, scratch.cap * 2)
    scratch = { ptr: wasm.uh_alloc(cap), cap }
  }
  const maxLen = (input) => (typeof input === 'string' ? input.length * 3 : input.length)

  /**
   * Writes `inputs` (strings as UTF-8, Uint8Arrays as they are) into the scratch region and
   * returns `call`'s status with their (ptr, len) pairs; the output is then in the module's buffer.
   */
  function withInputs(inputs, call) {
    room(inputs.reduce((total, input) => total + maxLen(input), 0))
    const view = new Uint8Array(memory.buffer, scratch.ptr, scratch.cap)
    let offset = 0
    const pairs = inputs.map((input) => {
      const start = offset
      if (typeof input === 'string') offset += encoder.encodeInto(input, view.subarray(offset)).written
      else {
        view.set(input, offset)
        offset += input.length
      }
      return [scratch.ptr + start, offset - start]
    })
    try {
      return call(pairs)
    } finally {
      // A secret's copy must not outlive the call; the module's memory may have grown.
      new Uint8Array(memory.buffer, scratch.ptr, offset).fill(0)
    }
  }

  const output = () => new Uint8Array(memory.buffer, wasm.uh_out_ptr(), wasm.uh_out_len())
  const outputText = () => decoder.decode(output())
  /** The output of a call that returned `status`, or its error thrown. */
  function check(status) {
    if (status !== 0) throw thrown(JSON.parse(outputText()))
  }
  const textOf = (status) => (check(status), outputText())
  const jsonOf = (status) => (check(status), JSON.parse(outputText()))
  const handleOf = (status) => (check(status), new DataView(memory.buffer).getUint32(wasm.uh_out_ptr(), true))

  /** A user id as [kind, the bytes the module reads] (args.rs, `user_id`). */
  function idInput(value) {
    if (typeof value === 'string' || value instanceof Uint8Array) return [ID_BYTES, value]
    if (typeof value === 'number') return Number.isSafeInteger(value) ? [ID_INTEGER, String(value)] : [ID_UNSAFE_NUMBER, String(value)]
    if (typeof value === 'bigint') return [ID_INTEGER, String(value)]
    return [ID_OTHER, typeName(value)]
  }

  /** A secret as [bytes, is text]. */
  function secretOf(value) {
    if (typeof value === 'string') return [value, 1]
    if (value instanceof Uint8Array) return [value, 0]
    throw wrongType('the secret', BYTES, value)
  }

  /** A hash or token to check; `undefined`/`null` is no bytes (`missing`). */
  function presented(value, name) {
    if (typeof value === 'string' || value instanceof Uint8Array) return value
    if (value === undefined || value === null) return ''
    throw wrongType(name, `${BYTES} (or undefined)`, value)
  }

  // Each object's handle, released when the object is collected (where the runtime says so).
  const handles = new WeakMap()
  const collected = typeof FinalizationRegistry === 'function' ? new FinalizationRegistry(({ free, handle }) => free(handle)) : null
  function own(object, handle, free) {
    handles.set(object, handle)
    collected?.register(object, { free, handle })
    return handle
  }

  function newSigner(preset, secret) {
    const [bytes, isText] = secretOf(secret)
    const hasPreset = preset === undefined ? 0 : 1
    const name = preset === undefined ? '' : text(preset, 'the preset', 'a preset name (a string)')
    return handleOf(withInputs([name, bytes], ([p, s]) => wasm.uh_signer_new(hasPreset, ...p, ...s, isText)))
  }

  function signWith(handle, id) {
    const [kind, bytes] = idInput(id)
    check(withInputs([bytes], ([i]) => wasm.uh_sign(handle, kind, ...i)))
    return outputText()
  }

  function verifyWith(handle, id, hash) {
    const [kind, bytes] = idInput(id)
    // As the native addon: a hash that is neither a string nor bytes never verifies.
    const candidate = typeof hash === 'string' || hash instanceof Uint8Array ? hash : ''
    check(withInputs([bytes, candidate], ([i, h]) => wasm.uh_verify(handle, kind, ...i, ...h)))
    return output()[0] === 0x31
  }

  class Signer {
    #handle
    /** @param {string | Uint8Array} secret */
    constructor(secret, preset) {
      this.#handle = own(this, newSigner(preset, secret), wasm.uh_signer_free)
    }

    static forPreset(preset, secret) {
      return new Signer(secret, text(preset, 'the preset', 'a preset name (a string)'))
    }

    sign(userId) {
      return signWith(this.#handle, userId)
    }

    verify(userId, hash) {
      return verifyWith(this.#handle, userId, hash)
    }

    signMany(userIds) {
      if (!Array.isArray(userIds)) throw argType('signMany expects an array of user ids (Array.from(ids) for other iterables)')
      return userIds.map((id) => signWith(this.#handle, id))
    }

    get [Symbol.toStringTag]() {
      return 'Signer'
    }
  }
  for (const symbol of INSPECT) Signer.prototype[symbol] = () => 'Signer { <secret redacted> }'

  function newKeyring(preset, primaryId, secret) {
    const [bytes, isText] = secretOf(secret)
    const hasPreset = preset === undefined ? 0 : 1
    const name = preset === undefined ? '' : text(preset, 'the preset', 'a preset name (a string)')
    const id = text(primaryId, 'the key id')
    return handleOf(withInputs([name, id, bytes], ([p, i, s]) => wasm.uh_keyring_new(hasPreset, ...p, ...i, ...s, isText)))
  }

  /** The environment of the runtime: Vercel's and workerd's (nodejs_compat) `process.env`, Deno's. */
  function defaultEnv() {
    if (globalThis.process?.env) return globalThis.process.env
    if (globalThis.Deno?.env) return globalThis.Deno.env.toObject()
    throw argType('Keyring.fromEnv needs the environment here: pass it, as Keyring.fromEnv(env)')
  }

  // The first argument of a Keyring made around a handle the module returned.
  const ADOPT = Symbol('adopt')

  class Keyring extends FailureEmitter {
    #handle
    #signer

    /** Its primary key is `secret` under `primaryId`. */
    constructor(primaryId, secret, preset) {
      super()
      this.#handle = own(this, primaryId === ADOPT ? secret : newKeyring(preset, primaryId, secret), wasm.uh_keyring_free)
      this.#signer = handleOf(wasm.uh_keyring_signer(this.#handle))
      collected?.register(this, { free: wasm.uh_signer_free, handle: this.#signer })
    }

    /** `USERHASH_SECRET` (and the previous key) from `env`: a worker's `env`, or the runtime's. */
    static fromEnv(env = defaultEnv()) {
      const names = ['USERHASH_SECRET', 'USERHASH_PREVIOUS_SECRET', 'USERHASH_PREVIOUS_SECRET_NOT_AFTER']
      const values = names.map((name) => (typeof env[name] === 'string' ? env[name] : undefined))
      const flags = values.map((value) => (value === undefined ? 0 : 1))
      const status = withInputs(
        values.map((value) => value ?? ''),
        ([s, p, n]) => wasm.uh_keyring_from_env(flags[0], ...s, flags[1], ...p, flags[2], ...n),
      )
      return new Keyring(ADOPT, handleOf(status))
    }

    static forPreset(preset, primaryId, secret) {
      return new Keyring(primaryId, secret, text(preset, 'the preset', 'a preset name (a string)'))
    }

    add(id, secret, { notBefore, notAfter } = {}) {
      const [bytes, isText] = secretOf(secret)
      const key = text(id, 'the key id')
      const [before, after] = [seconds(notBefore), seconds(notAfter)]
      check(withInputs([key, bytes], ([i, s]) => wasm.uh_keyring_add(this.#handle, ...i, ...s, isText, ...before, ...after)))
      return this
    }

    get primaryId() {
      return this.keyIds[0]
    }

    get keyIds() {
      return jsonOf(wasm.uh_keyring_key_ids(this.#handle))
    }

    sign(userId) {
      return signWith(this.#signer, userId)
    }

    verify(userId, hash, { now } = {}) {
      return this.verifyDetailed(userId, hash, { now }).outcome === 'verified'
    }

    verifyDetailed(userId, hash, { now: at } = {}) {
      const [kind, bytes] = idInput(userId)
      const status = withInputs([bytes, presented(hash, 'the hash')], ([i, h]) =>
        wasm.uh_keyring_verify_detailed(this.#handle, ...now(at), kind, ...i, ...h),
      )
      return this.#report(jsonOf(status))
    }

    issueToken(userId, { ttl, expiresAt } = {}) {
      const [kind, bytes] = idInput(userId)
      const at = now(undefined)[1]
      return textOf(withInputs([bytes], ([i]) => wasm.uh_keyring_issue_token(this.#handle, ...seconds(ttl), ...seconds(expiresAt), at, kind, ...i)))
    }

    verifyToken(userId, token, { leeway, now: at } = {}) {
      const [kind, bytes] = idInput(userId)
      const status = withInputs([bytes, presented(token, 'the token')], ([i, t]) =>
        wasm.uh_keyring_verify_token(this.#handle, ...seconds(leeway), ...now(at), kind, ...i, ...t),
      )
      return this.#report(jsonOf(status))
    }

    explain(userId, hash, { email, now: at, preset } = {}) {
      return this.#report(explainWith(this.#handle, userId, hash, { email, now: at, preset }))
    }

    issueJwt(preset, user, { ttl, expiresAt, now: at } = {}) {
      const name = text(preset, 'the preset', 'a preset name (a string)')
      const userText = user === undefined || user === null ? '' : userJson(user)
      const status = withInputs([name, userText], ([p, u]) =>
        wasm.uh_keyring_issue_jwt(this.#handle, ...p, ...u, ...seconds(ttl), ...seconds(expiresAt), ...now(at)),
      )
      return textOf(status)
    }

    verifyJwt(preset, token, { leeway, now: at } = {}) {
      const result = this.#report(this.#jwtCheck(wasm.uh_keyring_verify_jwt, preset, token, leeway, at))
      return { ...result, claims: result.claims === null ? null : JSON.parse(result.claims) }
    }

    explainJwt(preset, token, { leeway, now: at } = {}) {
      return this.#report(this.#jwtCheck(wasm.uh_keyring_explain_jwt, preset, token, leeway, at))
    }

    #jwtCheck(fn, preset, token, leeway, at) {
      const name = text(preset, 'the preset', 'a preset name (a string)')
      const status = withInputs([name, presented(token, 'the token')], ([p, t]) => fn(this.#handle, ...p, ...seconds(leeway), ...now(at), ...t))
      return jsonOf(status)
    }

    // Emits the failure event of a `[result, event | null]`; returns the result.
    #report([result, event]) {
      if (event !== null) this.emit('failure', event)
      return result
    }

    get [Symbol.toStringTag]() {
      return 'Keyring'
    }
  }
  for (const symbol of INSPECT) {
    Keyring.prototype[symbol] = function () {
      return `Keyring { keyIds: ${JSON.stringify(this.keyIds)}, <secrets redacted> }`
    }
  }

  function explainWith(handle, id, hash, { email, now: at, preset }) {
    const [kind, bytes] = idInput(id)
    const hasPreset = preset === undefined || preset === null ? 0 : 1
    const name = hasPreset ? text(preset, 'the preset', 'a preset name (a string)') : ''
    const hasEmail = email === undefined || email === null ? 0 : 1
    const mail = hasEmail ? presented(email, 'email') : ''
    const status = withInputs([name, bytes, presented(hash, 'the hash'), mail], ([p, i, h, e]) =>
      wasm.uh_keyring_explain(handle, hasPreset, ...p, ...now(at), kind, ...i, ...h, hasEmail, ...e),
    )
    return jsonOf(status)
  }

  /** A widget user's id as the text the configuration holds (a bytes id must be UTF-8). */
  function userIdText(id) {
    if (typeof id === 'string') return id
    const [kind, bytes] = idInput(id)
    return textOf(withInputs([bytes], ([i]) => wasm.uh_user_id_text(kind, ...i)))
  }

  /** The user as the core's configuration JSON has it (crates/userhash/src/widget_json.rs). */
  function userObject(user) {
    if (!isPlainObject(user)) throw argType('user must be an object { id, name, … } or null for an anonymous visitor')
    const { id, name, email, phone, profilePictureUrl, createdAt, metadata } = user
    return { id: userIdText(id), name, email, phone, profile_picture_url: profilePictureUrl, created_at: createdAt, metadata }
  }
  const userJson = (user) => toJson(userObject(user))

  /** The widget options as the core's configuration JSON, and the nonce and time beside it. */
  function config(options) {
    if (!isPlainObject(options)) throw argType('the widget options must be an object { preset, appId, user, nonce, global, ttl, now }')
    const { preset, appId, global, nonce, user, ttl, now: at, invalidFields, onInvalidField } = options
    const json = toJson({
      preset: text(preset, 'preset'),
      app_id: appId ?? undefined,
      global,
      user: user === undefined || user === null ? null : userObject(user),
      ttl,
      invalid_fields: invalidFields,
    })
    return { json, nonce: nonce ?? undefined, at, onInvalidField: onInvalidField ?? warnInvalidField }
  }

  // What `invalidFields: 'drop'` left out is said, never silent (the field and rule, no value).
  const warnInvalidField = ({ field, code, message }) => {
    const text = `userhash: left the user's ${field} out of the widget (${code}): ${message}`
    if (typeof globalThis.process?.emitWarning === 'function') globalThis.process.emitWarning(text, { code })
    else console.warn(text)
  }

  function widget(script, source, options) {
    const { json, nonce, at, onInvalidField } = config(options)
    const handle = handles.get(source)
    const kind = source instanceof Signer ? SOURCE_SIGNER : source instanceof Keyring ? SOURCE_KEYRING : SOURCE_SECRET
    const [secret, isText] = kind === SOURCE_SECRET ? secretOf(source) : ['', 0]
    const hasNonce = nonce === undefined ? 0 : 1
    const status = withInputs([secret, json, hasNonce ? text(nonce, 'nonce') : ''], ([s, c, n]) =>
      wasm.uh_widget(script, kind, handle ?? 0, ...s, isText, ...c, hasNonce, ...n, ...now(at)),
    )
    const { text: snippet, dropped } = jsonOf(status)
    for (const field of dropped) onInvalidField(field)
    return snippet
  }

  // The one-shot functions: a signer of the one key, released at once.
  const withSigner = (secret, use) => {
    const handle = newSigner(undefined, secret)
    try {
      return use(handle)
    } finally {
      wasm.uh_signer_free(handle)
    }
  }

  const api = {
    sign: (secret, userId) => withSigner(secret, (handle) => signWith(handle, userId)),
    verify: (secret, userId, hash) => withSigner(secret, (handle) => verifyWith(handle, userId, hash)),
    generateSecret: () => textOf(wasm.uh_generate_secret()),
    Signer,
    Keyring,
    UserhashError,
    // The core's one-shot explain is that of a keyring of the one key (read by the preset).
    explain: (secret, userId, hash, { email, preset } = {}) => {
      const handle = newKeyring(preset ?? undefined, 'default', secret)
      try {
        return explainWith(handle, userId, hash, { email, preset })[0]
      } finally {
        wasm.uh_keyring_free(handle)
      }
    },
    widgetJson: (source, options) => widget(0, source, options),
    widgetScript: (source, options) => widget(1, source, options),
    version: textOf(wasm.uh_version()),
  }
  return api
}
