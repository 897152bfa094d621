'use strict'
// The addon loads in every worker thread, and signers in parallel threads agree.

const assert = require('node:assert/strict')
const { test } = require('node:test')
const { Worker } = require('node:worker_threads')
const { hmac } = require('./helpers.js')

const SECRET = 'your_secret_key'
const IDS = Array.from({ length: 2000 }, (_, i) => (i % 2 ? `user-${i}` : i))

// Each worker waits for the start signal so that all of them sign at the same time.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { Signer, sign } = require(workerData.entry)
const signer = new Signer(workerData.secret)
const gate = new Int32Array(workerData.gate)
Atomics.wait(gate, 0, 0)
const out = []
for (let round = 0; round < 20; round++) {
  out.push(workerData.ids.map((id) => signer.sign(id)).join())
  out.push(signer.signMany(workerData.ids).join())
  out.push(workerData.ids.map((id) => sign(workerData.secret, id)).join())
}
parentPort.postMessage(out)
`

test('eight worker threads signing at once give identical, correct results', async () => {
  const gate = new SharedArrayBuffer(4)
  const entry = require.resolve('userhash')
  const workers = Array.from({ length: 8 }, () =>
    new Worker(WORKER, { eval: true, workerData: { entry, secret: SECRET, ids: IDS, gate } }))
  const results = workers.map((worker) => new Promise((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  }))
  await new Promise((resolve) => setTimeout(resolve, 200))
  Atomics.store(new Int32Array(gate), 0, 1)
  Atomics.notify(new Int32Array(gate), 0)
  const expected = IDS.map((id) => hmac(SECRET, String(id))).join()
  for (const out of await Promise.all(results)) {
    assert.equal(out.length, 60)
    for (const line of out) assert.equal(line, expected)
  }
  await Promise.all(workers.map((worker) => worker.terminate()))
})
