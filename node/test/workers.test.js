'use strict'
// The addon loads in every worker thread, and signers and keyrings in parallel threads agree.

const assert = require('node:assert/strict')
const { test } = require('node:test')
const { Worker } = require('node:worker_threads')
const { hmac } = require('./helpers.js')

const SECRET = 'your_secret_key'
const IDS = Array.from({ length: 2000 }, (_, i) => (i % 2 ? `user-${i}` : i))
const HASHES = IDS.map((id) => hmac(SECRET, String(id)))

// Each worker waits for the start signal so that all of them sign at the same time.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { Signer, Keyring, sign, widgetJson } = require(workerData.entry)
const signer = new Signer(workerData.secret)
const keyring = new Keyring('new', 'new-secret').add('old', workerData.secret, { notAfter: 2000000000 })
const gate = new Int32Array(workerData.gate)
Atomics.wait(gate, 0, 0)
const out = []
for (let round = 0; round < 20; round++) {
  out.push(workerData.ids.map((id) => signer.sign(id)).join())
  out.push(signer.signMany(workerData.ids).join())
  out.push(workerData.ids.map((id) => sign(workerData.secret, id)).join())
  out.push(workerData.ids.map((id, i) => keyring.verifyDetailed(id, workerData.hashes[i], { now: 1767225600 }).keyId).join())
  out.push(workerData.ids.map((id) => keyring.verifyToken(id, keyring.issueToken(id, { expiresAt: 1767225600 }), { now: 1767225599 }).outcome).join())
  out.push(workerData.ids.slice(0, 200).map((id) => JSON.parse(widgetJson(signer, { preset: 'tau', appId: 'a', user: { id } })).user.hash).join())
}
parentPort.postMessage(out)
`

test('eight worker threads signing, verifying with keyrings, issuing tokens and building snippets at once give identical, correct results', async () => {
  const gate = new SharedArrayBuffer(4)
  const entry = require.resolve('userhash')
  const workers = Array.from({ length: 8 }, () =>
    new Worker(WORKER, { eval: true, workerData: { entry, secret: SECRET, ids: IDS, hashes: HASHES, gate } }))
  const results = workers.map((worker) => new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  }))
  await new Promise((resolve) => setTimeout(resolve, 200))
  Atomics.store(new Int32Array(gate), 0, 1)
  Atomics.notify(new Int32Array(gate), 0)
  const expected = [HASHES.join(), HASHES.join(), HASHES.join(), IDS.map(() => 'old').join(), IDS.map(() => 'verified').join(), HASHES.slice(0, 200).join()]
  for (const out of await Promise.all(results)) {
    assert.equal(out.length, 20 * expected.length)
    out.forEach((line, i) => assert.equal(line, expected[i % expected.length], `line ${i}`))
  }
  await Promise.all(workers.map((worker) => worker.terminate()))
})

// One keyring, made once in the main thread and shared by handle: every worker uses the
// same keys in memory at the same time.
const SHARED_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { Keyring } = require(workerData.entry)
const keyring = Keyring.fromShared(workerData.handle)
const failures = []
keyring.on('failure', (event) => failures.push(event.outcome))
const gate = new Int32Array(workerData.gate)
Atomics.wait(gate, 0, 0)
const out = []
for (let round = 0; round < 20; round++) {
  out.push(workerData.ids.map((id) => keyring.sign(id)).join())
  out.push(workerData.ids.map((id, i) => keyring.verifyDetailed(id, workerData.oldHashes[i], { now: 1767225600 }).keyId).join())
  out.push(workerData.ids.map((id) => keyring.verifyToken(id, keyring.issueToken(id, { expiresAt: 1767225600 }), { now: 1767225599 }).outcome).join())
}
keyring.verifyDetailed('u', '')
parentPort.postMessage({ out, failures, keyIds: keyring.keyIds })
`

test('eight worker threads hammering ONE shared keyring give identical, correct results', async () => {
  const { Keyring } = require('userhash')
  const keyring = new Keyring('new', 'new-secret').add('old', SECRET, { notAfter: 2000000000 })
  const mainFailures = []
  keyring.on('failure', (event) => mainFailures.push(event))
  const handle = keyring.share()
  const gate = new SharedArrayBuffer(4)
  const entry = require.resolve('userhash')
  const workers = Array.from({ length: 8 }, () =>
    new Worker(SHARED_WORKER, { eval: true, workerData: { entry, handle, ids: IDS, oldHashes: HASHES, gate } }))
  const results = workers.map((worker) => new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  }))
  await new Promise((resolve) => setTimeout(resolve, 200))
  Atomics.store(new Int32Array(gate), 0, 1)
  Atomics.notify(new Int32Array(gate), 0)
  const expected = [IDS.map((id) => hmac('new-secret', String(id))).join(), IDS.map(() => 'old').join(), IDS.map(() => 'verified').join()]
  for (const { out, failures, keyIds } of await Promise.all(results)) {
    assert.equal(out.length, 20 * expected.length)
    out.forEach((line, i) => assert.equal(line, expected[i % expected.length], `line ${i}`))
    assert.deepEqual(failures, ['missing'], 'each thread hears its own failures')
    assert.deepEqual(keyIds, ['new', 'old'])
  }
  assert.deepEqual(mainFailures, [], 'failures in workers are not emitted in the main thread')
  await Promise.all(workers.map((worker) => worker.terminate()))
  assert.equal(Keyring.unshare(handle), true)
  assert.throws(() => Keyring.fromShared(handle), { name: 'TypeError', code: 'ERR_INVALID_ARG_VALUE' })
  assert.equal(Keyring.unshare(handle), false)
  assert.throws(() => Keyring.fromShared(42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' })
})

test('in a worker too, bytes over a SharedArrayBuffer or a resizable ArrayBuffer are refused', async () => {
  // Each thread loads the module anew: its conversions must be set up there as well.
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    const { Signer } = require(workerData.entry)
    const signer = new Signer('k')
    const thrown = (id) => { try { signer.sign(id) } catch (error) { return [error.code, error.message] } }
    parentPort.postMessage([thrown(new Uint8Array(workerData.shared)), thrown(new Uint8Array(new ArrayBuffer(4, { maxByteLength: 8 })))])`
  const shared = new SharedArrayBuffer(4)
  new Uint8Array(shared).set([117, 115, 101, 114])
  const worker = new Worker(source, { eval: true, workerData: { entry: require.resolve('userhash'), shared } })
  const [sharedError, resizableError] = await new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  assert.equal(sharedError[0], 'ERR_INVALID_ARG_TYPE')
  assert.match(sharedError[1], /SharedArrayBuffer/)
  assert.equal(resizableError[0], 'ERR_INVALID_ARG_TYPE')
  assert.match(resizableError[1], /resizable/)
  await worker.terminate()
})

// A keyring shared by handle is unshared, and its original collected, while workers
// are in the middle of using it; one worker is terminated mid-call. Each worker owns its
// keyring (the keys are reference-counted and shared in memory), so nothing is freed under
// a call in flight. It runs in a child with --expose-gc, where a crash is seen as one.
const UNSHARE_WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { Keyring } = require(workerData.entry)
const keyring = Keyring.fromShared(workerData.handle)
parentPort.postMessage('taken')
let calls = 0
let wrong = 0
let refused = 0
const deadline = Date.now() + workerData.ms
while (Date.now() < deadline) {
  workerData.ids.forEach((id, i) => {
    if (keyring.sign(id) !== workerData.newHashes[i]) wrong++
    if (keyring.verifyDetailed(id, workerData.oldHashes[i], { now: 1767225600 }).keyId !== 'old') wrong++
    calls += 2
  })
  try {
    if (Keyring.fromShared(workerData.handle).sign(workerData.ids[0]) !== workerData.newHashes[0]) wrong++
  } catch (error) {
    if (error.code !== 'ERR_INVALID_ARG_VALUE') throw error
    refused++
  }
}
parentPort.postMessage({ calls, wrong, refused })
`
const UNSHARE_MAIN = `
const { Worker } = require('node:worker_threads')
const { Keyring } = require(entry)
const ids = Array.from({ length: 100 }, (_, i) => 'user-' + i)
let keyring = new Keyring('new', 'new-secret').add('old', 'old-secret', { notAfter: 2000000000 })
const handle = keyring.share()
const workerData = { entry, handle, ids, newHashes: ids.map((id) => keyring.sign(id)), ms: 1500,
  oldHashes: ids.map((id) => new Keyring('x', 'old-secret').sign(id)) }
const workers = Array.from({ length: 4 }, () => new Worker(workerSource, { eval: true, workerData }))
const results = workers.map((worker) => new Promise((resolve, reject) => {
  worker.on('message', (message) => message !== 'taken' && resolve(message))
  worker.once('error', reject)
  worker.once('exit', () => resolve('terminated'))
}))
Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve)))).then(() => {
  const unshared = Keyring.unshare(handle)
  keyring = null
  gc()
  // Churn on the table of shared keyrings, and a worker ended in the middle of its calls.
  const churn = setInterval(() => Keyring.unshare(new Keyring('t', 't').share()), 5)
  setTimeout(() => workers[0].terminate(), 300)
  Promise.all(results).then((out) => {
    clearInterval(churn)
    console.log(JSON.stringify({ unshared, out }))
  })
})
`

test('unsharing a keyring and collecting the original while workers use it, and terminating one mid-call, never crashes or gives a wrong result', () => {
  const { spawnSync } = require('node:child_process')
  const script = `const entry = ${JSON.stringify(require.resolve('userhash'))}\nconst workerSource = ${JSON.stringify(UNSHARE_WORKER)}\n${UNSHARE_MAIN}`
  const child = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8' })
  assert.equal(child.signal, null, `the child was killed by ${child.signal}: ${child.stderr}`)
  assert.equal(child.status, 0, child.stderr)
  const { unshared, out } = JSON.parse(child.stdout)
  assert.equal(unshared, true)
  assert.equal(out[0], 'terminated')
  for (const { calls, wrong, refused } of out.slice(1)) {
    assert.ok(calls > 0, 'the worker kept signing after the unshare')
    assert.equal(wrong, 0)
    assert.ok(refused > 0, 'taking the keyring up again after the unshare is refused')
  }
})
