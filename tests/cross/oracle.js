// node:crypto oracle, the seeds' Node snippet. For every sign case prints
// "<hash of the raw bytes> <hash of the text forms, or ->".
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');

const hmac = (key, msg) => crypto.createHmac('sha256', key).update(msg).digest('hex');
const doc = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const lines = doc.sign.map((c) => {
  const raw = hmac(Buffer.from(c.secret_hex, 'hex'), Buffer.from(c.user_id_hex, 'hex'));
  const text = 'secret_text' in c && 'user_id_text' in c ? hmac(c.secret_text, c.user_id_text) : '-';
  return `${raw} ${text}`;
});
process.stdout.write(lines.join('\n') + '\n');
