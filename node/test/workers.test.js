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
