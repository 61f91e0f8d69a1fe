#!/usr/bin/env node
// The check the Paismo document's Express receiver makes: express.json() parses the body, and the HMAC is
// computed over JSON.stringify(req.body), the body re-serialised, not over the bytes received.
//
//   node paismo-express.mjs < requests.json
//
// stdin: [{"secret", "body_b64", "signature"}, ...]
// stdout: [{"reserialised_b64", "identical", "valid"}, ...] in the same order, where identical says whether
// the re-serialised body is the bytes received, and valid whether the document's comparison accepts the
// X-Paismo-Signature value. Uses only Node's own modules.

import crypto from 'node:crypto';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const requests = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const answers = requests.map(({ secret, body_b64: bodyB64, signature }) => {
  const received = Buffer.from(bodyB64, 'base64');
  const reserialised = Buffer.from(JSON.stringify(JSON.parse(received.toString('utf8'))), 'utf8');
  const expected = crypto.createHmac('sha256', secret).update(reserialised).digest('hex');
  const given = Buffer.from(String(signature ?? ''));
  const valid = given.length === expected.length && crypto.timingSafeEqual(given, Buffer.from(expected));
  return { reserialised_b64: reserialised.toString('base64'), identical: reserialised.equals(received), valid };
});
process.stdout.write(JSON.stringify(answers) + '\n');
