#!/usr/bin/env node
// Webhook receivers for the tests of `hooks check`, written without any of hooks' code and with Node's standard
// library only. One process serves every provider at once, each on its own path, in one flavour:
//
//   correct           verifies as each provider documents: raw bytes, constant-time compare, timestamp tolerance,
//                     decryption, API key or OAuth Bearer token; acknowledges redeliveries
//   reserialise       verifies HMAC over JSON.stringify(JSON.parse(body)) instead of the raw bytes
//   accept-all        answers 200 to every delivery without checking anything
//   error-500         answers 500 where it should refuse (bad signature, bad credentials, undecryptable body)
//   reject-duplicate  answers 409 to an event id it has seen before
//   slow              answers an accepted delivery only after --slow-ms
//
//   node receiver.mjs --flavour F --secret S --stripe-secret S --whsec S --encryption-key B64 --api-key K
//        --oauth-client-id ID --oauth-client-secret S [--slow-ms 1000]
//
// Paths: /paismo /teal /keypay /paxos-key /paxos-oauth (token endpoint /paxos-oauth/token) /stripe
// /standard-webhooks. Listens on 127.0.0.1 port 0 and prints {"port": N} once ready; exits when stdin closes.

import http from 'node:http';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    flavour: { type: 'string', default: 'correct' },
    secret: { type: 'string' },
    'stripe-secret': { type: 'string' },
    whsec: { type: 'string' },
    'encryption-key': { type: 'string' },
    'api-key': { type: 'string' },
    'oauth-client-id': { type: 'string' },
    'oauth-client-secret': { type: 'string' },
    'slow-ms': { type: 'string', default: '1000' },
  },
});
const FLAVOURS = ['correct', 'reserialise', 'accept-all', 'error-500', 'reject-duplicate', 'slow'];
if (!FLAVOURS.includes(opt.flavour)) {
  process.stderr.write(`receiver.mjs: unknown flavour '${opt.flavour}'\n`);
  process.exit(2);
}
const flavour = opt.flavour;
const MAX_BODY = 1024 * 1024;
const TOLERANCE_SECONDS = 300;
const seen = new Set();
const tokens = new Set();

/** A refusal: the status a correct receiver answers, or 500 in the error-500 flavour. */
class Refused extends Error {
  constructor(status, message) {
    super(message);
    this.status = flavour === 'error-500' ? 500 : status;
  }
}

const hmac = (algorithm, key, ...parts) => {
  const h = crypto.createHmac(algorithm, key);
  for (const p of parts) h.update(p);
  return h.digest();
};

const sameBytes = (a, b) => a.length === b.length && crypto.timingSafeEqual(a, b);

const fromHex = (text) => (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 ? Buffer.from(text, 'hex') : null);

/** The bytes the receiver verifies: the raw body, or in the reserialise flavour what a re-serialiser makes of it. */
const signedBytes = (raw) => {
  if (flavour !== 'reserialise') return raw;
  try {
    return Buffer.from(JSON.stringify(JSON.parse(raw.toString('utf8'))), 'utf8');
  } catch {
    return raw;
  }
};

const checkHex = (given, expected, status, header) => {
  if (given === undefined) throw new Refused(status, `missing ${header}`);
  const bytes = fromHex(given.trim());
  if (!bytes || !sameBytes(bytes, expected)) throw new Refused(status, 'signature mismatch');
};

const checkTimestamp = (ts, status, rejectFuture) => {
  if (!/^\d+$/.test(ts ?? '')) throw new Refused(status, 'malformed timestamp');
  const age = Math.floor(Date.now() / 1000) - Number(ts);
  if (age > TOLERANCE_SECONDS) throw new Refused(status, 'timestamp too old');
  if (rejectFuture && -age > TOLERANCE_SECONDS) throw new Refused(status, 'timestamp in the future');
};

const json = (buf) => {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw new Refused(400, 'body is not JSON');
  }
};

const decryptTeal = (raw, ivB64) => {
  try {
    const key = Buffer.from(opt['encryption-key'], 'base64');
    const sealed = Buffer.from(raw.toString('ascii').trim(), 'base64');
    const iv = Buffer.from(ivB64, 'base64');
    const d = crypto.createDecipheriv('aes-256-gcm', key, iv);
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
  } catch {
    throw new Refused(400, 'cannot decrypt the body');
  }
};

const bearer = (req) => {
  const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  if (!m || !tokens.has(m[1])) throw new Refused(401, 'no valid Bearer token');
};

/** Each provider: verify (throws Refused) and return the event id, or answer a handshake ({status, body}). */
const PROVIDERS = {
  '/paismo': (req, raw) => {
    if (req.headers['x-paismo-verification'] === 'handshake') return { handshake: { status: 200, body: raw } };
    if (flavour !== 'accept-all') {
      checkHex(req.headers['x-paismo-signature'], hmac('sha256', opt.secret, signedBytes(raw)), 401, 'X-Paismo-Signature');
    }
    return json(raw).event_id;
  },
  '/teal': (req, raw) => {
    if (flavour === 'accept-all') return crypto.randomUUID();
    checkHex(req.headers['x-teal-signature'], hmac('sha512', opt.secret, signedBytes(raw)), 401, 'X-Teal-Signature');
    const iv = req.headers['x-teal-encryption-iv'];
    return json(iv ? decryptTeal(raw, iv) : raw).id;
  },
  '/keypay': (req, raw, url) => {
    if (req.method === 'GET') return { handshake: { status: 200, body: Buffer.from(url.searchParams.get('echo') ?? '') } };
    if (flavour !== 'accept-all') {
      const given = req.headers['ms-signature'];
      const m = /^sha256=(.*)$/.exec(given ?? '');
      if (given !== undefined && !m) throw new Refused(400, 'malformed ms-signature');
      checkHex(m?.[1], hmac('sha256', opt.secret, signedBytes(raw)), 400, 'ms-signature');
    }
    return json(raw).Id;
  },
  '/paxos-key': (req, raw) => {
    if (flavour !== 'accept-all') {
      const given = Buffer.from(req.headers['x-api-key'] ?? '');
      if (!sameBytes(given, Buffer.from(opt['api-key']))) throw new Refused(401, 'wrong or missing API key');
    }
    return json(raw).id;
  },
  '/paxos-oauth/token': (req, raw) => {
    const form = new URLSearchParams(raw.toString('utf8'));
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const [id, secret] = basic ? Buffer.from(basic[1], 'base64').toString('utf8').split(':').map(decodeURIComponent)
      : [form.get('client_id'), form.get('client_secret')];
    const ok = id === opt['oauth-client-id'] && sameBytes(Buffer.from(secret ?? ''), Buffer.from(opt['oauth-client-secret']));
    if (!ok && flavour !== 'accept-all') throw new Refused(401, 'invalid_client');
    const token = crypto.randomBytes(24).toString('hex');
    tokens.add(token);
    return { handshake: { status: 200, body: Buffer.from(JSON.stringify({ access_token: token, token_type: 'bearer', expires_in: 3600 })) } };
  },
  '/paxos-oauth': (req, raw) => {
    if (flavour !== 'accept-all') bearer(req);
    return json(raw).id;
  },
  '/stripe': (req, raw) => {
    if (flavour !== 'accept-all') {
      const header = req.headers['stripe-signature'];
      if (header === undefined) throw new Refused(400, 'missing Stripe-Signature');
      const parts = header.split(',').map((p) => p.split('='));
      const t = parts.find(([k]) => k === 't')?.[1];
      const v1 = parts.filter(([k]) => k === 'v1').map(([, v]) => fromHex(v ?? '')).filter(Boolean);
      if (!t || v1.length === 0) throw new Refused(400, 'malformed Stripe-Signature');
      const expected = hmac('sha256', opt['stripe-secret'], `${t}.`, signedBytes(raw));
      if (!v1.some((s) => sameBytes(s, expected))) throw new Refused(400, 'signature mismatch');
      checkTimestamp(t, 400, false);
    }
    return json(raw).id;
  },
  '/standard-webhooks': (req, raw) => {
    const id = req.headers['webhook-id'];
    if (flavour !== 'accept-all') {
      const ts = req.headers['webhook-timestamp'];
      const header = req.headers['webhook-signature'];
      if (!id || !ts || !header) throw new Refused(401, 'missing webhook-id, webhook-timestamp or webhook-signature');
      const key = Buffer.from(opt.whsec.replace(/^whsec_/, ''), 'base64');
      const expected = hmac('sha256', key, `${id}.${ts}.`, signedBytes(raw));
      const given = header.split(' ').filter((e) => e.startsWith('v1,')).map((e) => Buffer.from(e.slice(3), 'base64'));
      if (!given.some((s) => sameBytes(s, expected))) throw new Refused(401, 'signature mismatch');
      checkTimestamp(ts, 401, true);
    }
    return id;
  },
};

const answer = (res, status, body, type = 'text/plain') => {
  res.writeHead(status, { 'content-type': type, 'content-length': body.length });
  res.end(body);
};

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(c);
  });
  req.on('end', async () => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const provider = PROVIDERS[url.pathname];
    if (!provider) return answer(res, 404, Buffer.from('no such path\n'));
    const raw = Buffer.concat(chunks);
    try {
      const got = provider(req, raw, url);
      if (got && got.handshake) return answer(res, got.handshake.status, got.handshake.body, 'application/json');
      if (flavour === 'reject-duplicate' && got !== undefined) {
        const key = `${url.pathname} ${got}`;
        if (seen.has(key)) return answer(res, 409, Buffer.from('duplicate event\n'));
        seen.add(key);
      }
      if (flavour === 'slow') await new Promise((r) => setTimeout(r, Number(opt['slow-ms'])));
      if (!res.destroyed) answer(res, 200, Buffer.from('{"received":true}'), 'application/json');
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      answer(res, e.status, Buffer.from(`${e.message}\n`));
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
