'use strict'
// Hostile inputs: lengths that claim more than an array holds, and copies of a secret left
// in memory. Each must end in an ordinary, catchable error (or leave nothing behind), and
// the process must live: the dangerous cases run in a child process, so that an abort is
// seen as one instead of taking the test runner down.

const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const { constants } = require('node:buffer')
const fs = require('node:fs')
const { describe, test } = require('node:test')
const userhash = require('userhash')
const { hmac } = require('./helpers.js')

const { Signer, Keyring } = userhash

/** Runs `source` (which prints one JSON value) in a fresh Node with `userhash` as `entry`. */
function inChild(source, flags = []) {
  const child = spawnSync(process.execPath, [...flags, '-e', `const entry = ${JSON.stringify(require.resolve('userhash'))}\n${source}`], { encoding: 'utf8' })
  assert.equal(child.signal, null, `the child was killed by ${child.signal}: ${child.stderr}`)
  assert.equal(child.status, 0, child.stderr)
  return JSON.parse(child.stdout)
}

/** What `fn` threw, as plain data a child can print. */
const THROWN = `
function thrown(fn) {
  try { fn() } catch (error) { return { name: error.name, code: error.code, message: error.message } }
  return null
}`

// The result of signMany is one string of 64 characters per id, and no V8 string is longer.
const MAX_IDS = Math.floor(constants.MAX_STRING_LENGTH / 64)
const signer = new Signer('your_secret_key')

describe('signMany: a claimed length never drives an allocation', () => {
  test('an array whose length is 2**32 - 1 throws RangeError ERR_OUT_OF_RANGE; the process lives', () => {
    const error = inChild(`${THROWN}
      const { Signer } = require(entry)
      const ids = ['user123']
      ids.length = 2 ** 32 - 1
      console.log(JSON.stringify(thrown(() => new Signer('k').signMany(ids))))`)
    assert.equal(error?.name, 'RangeError', JSON.stringify(error))
    assert.equal(error.code, 'ERR_OUT_OF_RANGE')
    assert.match(error.message, new RegExp(`at most ${MAX_IDS} ids.*not 4294967295`))
  })

  test('beyond the longest possible result it throws before reading a single id', () => {
    let reads = 0
    const ids = []
    ids.length = MAX_IDS + 1
    // Every index reads through to this prototype: an array that never ends, for free.
    Object.setPrototypeOf(ids, new Proxy(Array.prototype, { get: (target, key) => (/^\d+$/.test(key) ? (reads++, 'user123') : target[key]) }))
    assert.throws(() => signer.signMany(ids), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' })
    assert.equal(reads, 0)
  })

  test('up to that length the ids are read one by one: a hole is the usual TypeError', () => {
    const ids = ['user123']
    ids.length = MAX_IDS
    assert.throws(() => signer.signMany(ids), { name: 'TypeError', code: 'invalid_user_id_type' })
  })

  test('an object that claims a huge length is not an array', () => {
    assert.throws(() => signer.signMany({ length: 2 ** 32 - 1 }), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
  })
})

describe('an allocation that fails is an error, not an abort', () => {
  // The child makes its inputs, says how much address space it uses, and waits; the limit
  // is then set 64 MiB above that (prlimit), which the copies the calls need exceed.
  const CHILD = `${THROWN}
    const { Signer } = require(entry)
    const signer = new Signer('k')
    const text = Buffer.alloc(100e6, 0xff).toString('utf16le') // 50 million U+FFFF: 150 MB of UTF-8
    const ids = []
    ids.length = ${MAX_IDS}
    Object.setPrototypeOf(ids, new Proxy(Array.prototype, { get: (target, key) => (/^\\d+$/.test(key) ? 'user123' : target[key]) }))
    const status = require('node:fs').readFileSync('/proc/self/status', 'utf8')
    console.log(status.match(/VmSize:\\s*(\\d+) kB/)[1])
    process.stdin.once('data', () => {
      console.log(JSON.stringify([thrown(() => signer.sign(text)), thrown(() => signer.signMany(ids))]))
      process.exit(0)
    })`
  const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0 && fs.existsSync('/proc/self/status')

  test('a huge string id and a long signMany under a memory limit throw ERR_MEMORY_ALLOCATION_FAILED', { skip: !hasPrlimit && 'needs prlimit and /proc' }, async () => {
    const { spawn } = require('node:child_process')
    const child = spawn(process.execPath, ['-e', `const entry = ${JSON.stringify(require.resolve('userhash'))}\n${CHILD}`])
    let out = ''
    let err = ''
    child.stderr.on('data', (chunk) => (err += chunk))
    const exited = new Promise((resolve) => child.on('exit', (status, signal) => resolve({ status, signal })))
    await new Promise((resolve) => child.stdout.on('data', (chunk) => ((out += chunk), out.includes('\n') && resolve())))
    const limit = (Number(out.trim()) + 64 * 1024) * 1024
    assert.equal(spawnSync('prlimit', ['--pid', String(child.pid), `--as=${limit}`]).status, 0)
    out = ''
    child.stdin.write('go\n')
    const { status, signal } = await exited
    assert.equal(signal, null, `the child was killed by ${signal}: ${err}`)
    assert.equal(status, 0, err)
    for (const error of JSON.parse(out)) {
      assert.deepEqual(error, { name: 'Error', code: 'ERR_MEMORY_ALLOCATION_FAILED', message: 'not enough memory for this input' })
    }
  })
})

describe('no copy of a text secret outlives the call, or the keyring that holds it', () => {
  // The secret's characters are U+20AC, which V8 keeps as UTF-16 (AC 20): its UTF-8 (E2 82
  // AC) exists only in the copies userhash makes. After each call the child counts the
  // characters of that UTF-8 in all of its own writable memory. 10,000 characters (30 KB)
  // are read through the heap buffer, whose freed block survives until reused.
  const SCAN = `
    const fs = require('node:fs')
    const chunk = Buffer.alloc(1 << 20)
    const needle = Buffer.from('\\u20ac'.repeat(8))
    function charactersInMemory() {
      const fd = fs.openSync('/proc/self/mem', 'r')
      let count = 0
      for (const line of fs.readFileSync('/proc/self/maps', 'utf8').trim().split('\\n')) {
        const [range, perms] = line.split(' ')
        if (!perms.startsWith('rw')) continue
        const [start, end] = range.split('-').map((hex) => Number.parseInt(hex, 16))
        for (let at = start; at < end; at += chunk.length) {
          let read
          try { read = fs.readSync(fd, chunk, 0, Math.min(chunk.length, end - at), at) } catch { break }
          for (let i = chunk.indexOf(needle); i !== -1 && i < read; ) {
            let j = i
            while (j + 3 <= read && chunk[j] === 0xe2 && chunk[j + 1] === 0x82 && chunk[j + 2] === 0xac) j += 3
            count += (j - i) / 3
            chunk.fill(0, i, j) // or reading the memory of chunk itself would count it again
            i = chunk.indexOf(needle, j)
          }
        }
      }
      fs.closeSync(fd)
      return count
    }`
  const hasProcMem = fs.existsSync('/proc/self/mem')

  test('Signer, sign, verify, widgetJson, Keyring and keyring.add', { skip: !hasProcMem && 'needs /proc/self/mem' }, () => {
    const counts = inChild(`${SCAN}
      const userhash = require(entry)
      const secret = () => 'k' + '\\u20ac'.repeat(10000) + 'k'
      const widget = { preset: 'tau', appId: 'a', user: { id: 'u' } }
      let keyring
      const calls = {
        Signer: (s) => new userhash.Signer(s).sign('u'),
        sign: (s) => userhash.sign(s, 'user123'),
        verify: (s) => userhash.verify(s, 'user123', ''),
        widgetJson: (s) => userhash.widgetJson(s, widget),
        Keyring: (s) => (keyring = new userhash.Keyring('k', s)),
        'keyring collected': () => (keyring = null),
        'keyring.add': (s) => (keyring = new userhash.Keyring('k', 'k').add('old', s)),
        'keyring.add collected': () => (keyring = null),
      }
      ;(async () => {
        const counts = { before: charactersInMemory() }
        for (const [name, call] of Object.entries(calls)) {
          call(secret())
          if (name.endsWith('collected')) {
            gc()
            await new Promise((resolve) => setImmediate(resolve)) // native finalizers run here
          }
          counts[name] = charactersInMemory()
        }
        console.log(JSON.stringify(counts))
      })()`, ['--expose-gc'])
    // Besides the scanner's own 8-character needle (and at times a copy of it), nothing is
    // left; a live keyring holds one copy of its secret (10,000 characters), of which a 1 MiB read
    // boundary may hide up to 8.
    for (const [name, count] of Object.entries(counts)) {
      const held = name === 'Keyring' || name === 'keyring.add' ? 10000 : 0
      assert.ok(count >= held - 8 && count < held + 100, `after ${name}: ${count} characters of the secret's UTF-8 in memory`)
    }
  })
})

describe('bytes whose memory can change while they are read are refused', () => {
  // A Buffer or Uint8Array is read in place. Over a SharedArrayBuffer another thread may
  // write it meanwhile; a resizable ArrayBuffer may shrink under it.
  const views = {
    SharedArrayBuffer: (n) => new Uint8Array(new SharedArrayBuffer(n)),
    'growable SharedArrayBuffer': (n) => new Uint8Array(new SharedArrayBuffer(n, { maxByteLength: 2 * n })),
    'Buffer over a SharedArrayBuffer': (n) => Buffer.from(new SharedArrayBuffer(n)),
    'resizable ArrayBuffer': (n) => new Uint8Array(new ArrayBuffer(n, { maxByteLength: 2 * n })),
    'part of a resizable ArrayBuffer': (n) => new Uint8Array(new ArrayBuffer(n + 4, { maxByteLength: 2 * n + 8 }), 2, n),
  }
  const SECRET = 'your_secret_key'
  const ID = 'user123'
  const HASH = hmac(SECRET, ID)
  const signer = new Signer(SECRET)
  const keyring = new Keyring('k', SECRET)
  const widget = (id) => ({ preset: 'tau', appId: 'a', user: { id } })
  // Every entry point that takes bytes, with `bytes(text)` where bytes are passed.
  const calls = {
    'new Signer(secret)': (bytes) => new Signer(bytes(SECRET)),
    'signer.sign(id)': (bytes) => signer.sign(bytes(ID)),
    'signer.verify(id)': (bytes) => signer.verify(bytes(ID), HASH),
    'signer.verify(hash)': (bytes) => signer.verify(ID, bytes(HASH)),
    'signer.signMany([id])': (bytes) => signer.signMany([ID, bytes(ID)]),
    'sign(secret)': (bytes) => userhash.sign(bytes(SECRET), ID),
    'sign(id)': (bytes) => userhash.sign(SECRET, bytes(ID)),
    'verify(secret)': (bytes) => userhash.verify(bytes(SECRET), ID, HASH),
    'verify(id)': (bytes) => userhash.verify(SECRET, bytes(ID), HASH),
    'verify(hash)': (bytes) => userhash.verify(SECRET, ID, bytes(HASH)),
    'new Keyring(secret)': (bytes) => new Keyring('k', bytes(SECRET)),
    'keyring.add(secret)': (bytes) => new Keyring('k', SECRET).add('old', bytes('old-secret')),
    'keyring.sign(id)': (bytes) => keyring.sign(bytes(ID)),
    'keyring.verifyDetailed(id)': (bytes) => keyring.verifyDetailed(bytes(ID), HASH),
    'keyring.verifyDetailed(hash)': (bytes) => keyring.verifyDetailed(ID, bytes(HASH)),
    'keyring.issueToken(id)': (bytes) => keyring.issueToken(bytes(ID), { ttl: 60 }),
    'keyring.verifyToken(id)': (bytes) => keyring.verifyToken(bytes(ID), keyring.issueToken(ID, { ttl: 60 })),
    'keyring.verifyToken(token)': (bytes) => keyring.verifyToken(ID, bytes(keyring.issueToken(ID, { ttl: 60 }))),
    'widgetJson(secret)': (bytes) => userhash.widgetJson(bytes(SECRET), widget(ID)),
    'widgetJson(signer, user.id)': (bytes) => userhash.widgetJson(signer, widget(bytes(ID))),
    'widgetScript(keyring, user.id)': (bytes) => userhash.widgetScript(keyring, widget(bytes(ID))),
    'explain(secret)': (bytes) => userhash.explain(bytes(SECRET), ID, HASH),
    'explain(id)': (bytes) => userhash.explain(SECRET, bytes(ID), HASH),
    'explain(hash)': (bytes) => userhash.explain(SECRET, ID, bytes(HASH)),
    'explain(email)': (bytes) => userhash.explain(SECRET, ID, HASH, { email: bytes('jo@example.com') }),
    'keyring.explain(id)': (bytes) => keyring.explain(bytes(ID), HASH),
    'keyring.explain(hash)': (bytes) => keyring.explain(ID, bytes(HASH)),
    'keyring.explain(email)': (bytes) => keyring.explain(ID, HASH, { email: bytes('jo@example.com') }),
  }

  for (const [name, call] of Object.entries(calls)) {
    test(name, () => {
      // The same bytes in an ordinary Uint8Array are accepted.
      call((text) => new Uint8Array(Buffer.from(text)))
      for (const [kind, view] of Object.entries(views)) {
        const bytes = (text) => {
          const out = view(Buffer.byteLength(text))
          out.set(Buffer.from(text))
          return out
        }
        assert.throws(() => call(bytes), (error) => {
          assert.equal(error.name, 'TypeError', `${kind}: ${error}`)
          assert.equal(error.code, 'ERR_INVALID_ARG_TYPE', kind)
          assert.match(error.message, kind.includes('Shared') ? /SharedArrayBuffer/ : /resizable/, kind)
          return true
        }, kind)
      }
    })
  }
})
