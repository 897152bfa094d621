'use strict'
// The README's examples run, and its error table covers every code the package throws.

const assert = require('node:assert/strict')
const { execFileSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { test } = require('node:test')

// The README that ships in the package (the tarball's copy in the packed-tarball run).
const readme = fs.readFileSync(path.join(path.dirname(require.resolve('userhash/package.json')), 'README.md'), 'utf8')

// ```js blocks are complete programs; ```javascript blocks are fragments of an app.
const examples = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((match) => match[1])

test('the README has runnable examples', () => {
  assert.ok(examples.length >= 6)
})

examples.forEach((code, index) => {
  test(`README example ${index + 1} runs`, () => {
    const type = /^import /m.test(code) ? 'module' : 'commonjs'
    const env = { ...process.env }
    delete env.UNSET_VARIABLE
    // Resolved like a user's file in this directory: the source tree's package or the installed one.
    const output = execFileSync(process.execPath, [`--input-type=${type}`, '-e', code], { env, encoding: 'utf8' })
    if (code.includes('console.log(version')) assert.equal(output, `${require('userhash').version} 64\n`)
  })
})

test('the error table lists every code the package can throw', () => {
  const codes = ['empty_secret', 'secret_whitespace', 'missing_env', 'secret_not_utf8', 'empty_user_id',
    'invalid_user_id_type', 'user_id_out_of_range', 'rng_failure', 'empty_key_id', 'duplicate_key_id',
    'invalid_key_window', 'invalid_timestamp', 'timestamp_in_milliseconds', 'unknown_preset', 'empty_app_id', 'invalid_email', 'invalid_phone',
    'invalid_url', 'invalid_metadata', 'invalid_global_name', 'invalid_nonce', 'field_not_in_preset', 'invalid_secret_hex',
    'missing_email', 'missing_key_id', 'not_a_jwt_profile', 'no_snippet', 'ERR_INVALID_ARG_TYPE',
    'ERR_INVALID_ARG_VALUE', 'ERR_OUT_OF_RANGE', 'ERR_MEMORY_ALLOCATION_FAILED']
  for (const code of codes) assert.match(readme, new RegExp(`^\\| \`${code}\` \\|`, 'm'), code)
})

test('the Vendors section has a runnable example for every vendor', () => {
  const section = readme.split('\n## Vendors\n')[1].split('\n## ')[0]
  const vendors = {
    'Intercom classic': 'intercom', 'Intercom JWT': 'intercom-jwt', Chatwoot: 'chatwoot', Crisp: 'crisp', 'Help Scout': 'helpscout',
    Front: 'front', Pylon: 'pylon', Zendesk: 'zendesk', 'Canny (JWT only)': 'canny', Featurebase: 'featurebase',
  }
  const blocks = [...section.matchAll(/^### (.+)\n[\s\S]*?^<!-- test: node-vendor-(\S+) -->\n```js\n([\s\S]*?)^```$/gm)]
  assert.deepEqual(blocks.map(([, title, name]) => [title, name]), Object.entries(vendors))
  for (const [, , preset, code] of blocks) {
    assert.ok(code.includes(`'${preset}'`), preset)
    assert.ok(examples.includes(code), `${preset}: run as a README example`)
  }
  for (const vendor of ['Crisp', 'Help Scout', 'Pylon']) {
    assert.match(section.split(`### ${vendor}\n`)[1], /exactly as given.*\(no lowercasing\)|exactly as given: no lowercasing/s, vendor)
  }
  assert.match(section.split('### Pylon\n')[1], /secret is \*\*hex\*\*.*decoded/s)
})
