#!/usr/bin/env node
// An independent webhook receiver for end-to-end tests of the hooks sender.
//
//   node receiver.mjs --provider P [--secret S] [--encryption-key B64]
//        [--api-key-header H --api-key K] [--oauth-client-id ID --oauth-client-secret S]
//        [--script "500,500,200"] [--port 0]
//
// Listens on 127.0.0.1 (port 0: a free one), prints {"port": N} once ready, then one JSON line per request:
//   {"method", "path", "query", "headers", "body_b64", "verified", "error", "decrypted_b64", "status", "at_ms"}
// verified is null where nothing was checked (a scheme without signature, the token endpoint).
// Signatures are checked by sign.mjs' verify (the providers' own libraries where they exist).
// Handshakes are answered as the real receivers do; other deliveries get the --script statuses in turn,
// then 200. Stops on SIGTERM or when stdin closes.

import http from 'node:http';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import { verify, decrypt, PROVIDERS } from './sign.mjs';

const UNSIGNED = ['paxos'];
const ASP_NET = ['keypay', 'paycor'];

const { values: opt } = parseArgs({
  options: {
    provider: { type: 'string' },
    secret: { type: 'string' },
    'encryption-key': { type: 'string' },
    'api-key-header': { type: 'string' },
    'api-key': { type: 'string' },
    'oauth-client-id': { type: 'string' },
    'oauth-client-secret': { type: 'string' },
    script: { type: 'string', default: '' },
    port: { type: 'string', default: '0' },
  },
});

const fail = (message) => {
  process.stderr.write(`receiver.mjs: ${message}\n`);
  process.exit(2);
};
const provider = opt.provider;
if (!provider) fail('--provider is required');
if (!PROVIDERS.includes(provider) && !UNSIGNED.includes(provider)) fail(`unknown provider '${provider}'`);
const signs = !UNSIGNED.includes(provider);
if (signs && !opt.secret) fail(`provider '${provider}' needs --secret`);
if (Boolean(opt['api-key-header']) !== Boolean(opt['api-key'])) fail('--api-key-header and --api-key go together');
const oauth = Boolean(opt['oauth-client-id'] || opt['oauth-client-secret']);
if (oauth && !(opt['oauth-client-id'] && opt['oauth-client-secret'])) {
  fail('--oauth-client-id and --oauth-client-secret go together');
}
const script = opt.script.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
if (script.some((s) => !Number.isInteger(s) || s < 100 || s > 599)) fail(`--script '${opt.script}' must list HTTP statuses`);

const issuedTokens = new Set();

const flatHeaders = (req) =>
  Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v]));

const sameText = (a, b) => {
  const x = Buffer.from(String(a));
  const y = Buffer.from(String(b));
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

const jsonOf = (body) => {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
};

async function checkSignature(req, body) {
  try {
    const verdict = await verify({
      mode: 'verify', provider, secret: opt.secret, body_b64: body.toString('base64'), headers: req.headersDistinct,
    });
    return { verified: verdict.valid, error: verdict.error };
  } catch (e) {
    return { verified: false, error: e.message };
  }
}

/** POST /oauth/token, client credentials, accepting client_secret_basic and form fields (both at once too). */
function tokenEndpoint(req, body) {
  const form = new URLSearchParams(body.toString('utf8'));
  if (form.get('grant_type') !== 'client_credentials') {
    return { status: 400, json: { error: 'unsupported_grant_type' }, error: `grant_type '${form.get('grant_type')}'` };
  }
  const presented = [];
  const auth = req.headers.authorization ?? '';
  if (/^basic /i.test(auth)) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return { status: 401, json: { error: 'invalid_client' }, error: 'malformed Basic credentials' };
    // RFC 6749 2.3.1: the id and secret are form-urlencoded before they are joined.
    const unform = (s) => decodeURIComponent(s.replace(/\+/g, ' '));
    presented.push([unform(decoded.slice(0, colon)), unform(decoded.slice(colon + 1))]);
  }
  if (form.has('client_id') || form.has('client_secret')) presented.push([form.get('client_id'), form.get('client_secret')]);
  if (presented.length === 0) return { status: 401, json: { error: 'invalid_client' }, error: 'no client credentials' };
  const ok = presented.every(([id, secret]) => sameText(id ?? '', opt['oauth-client-id']) && sameText(secret ?? '', opt['oauth-client-secret']));
  if (!ok) return { status: 401, json: { error: 'invalid_client' }, error: 'wrong client credentials' };
  const token = crypto.randomBytes(24).toString('base64url');
  issuedTokens.add(token);
  return { status: 200, json: { access_token: token, token_type: 'Bearer', expires_in: 3600 }, error: null };
}

/** The consumer's own authentication (Paxos style): an API key header or an issued Bearer token. */
function checkAuth(req) {
  if (opt['api-key-header']) {
    const given = req.headersDistinct[opt['api-key-header'].toLowerCase()] ?? [];
    if (given.length !== 1 || !sameText(given[0], opt['api-key'])) return `missing or wrong ${opt['api-key-header']}`;
  }
  if (oauth) {
    const m = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '');
    if (!m || !issuedTokens.has(m[1].trim())) return 'missing or unknown Bearer token';
  }
  return null;
}

async function answer(req, body, url) {
  // Each branch returns {status, verified, error, decrypted, reply, type}.
  if (oauth && req.method === 'POST' && url.pathname === '/oauth/token') {
    const t = tokenEndpoint(req, body);
    return { status: t.status, verified: null, error: t.error, reply: JSON.stringify(t.json), type: 'application/json' };
  }
  if (ASP_NET.includes(provider) && req.method === 'GET') {
    const echo = url.searchParams.get('echo');
    if (echo == null) return { status: 400, verified: null, error: "GET without 'echo' query parameter" };
    return { status: 200, verified: null, error: null, reply: echo, type: 'text/plain' };
  }
  if (provider === 'paismo' && (req.headers['x-paismo-verification'] ?? '').toLowerCase() === 'handshake') {
    const sig = req.headers['x-paismo-signature'] ? await checkSignature(req, body) : { verified: null, error: null };
    return { status: 200, ...sig, reply: body, type: 'application/json' };
  }
  const authError = checkAuth(req);
  if (authError) return { status: 401, verified: null, error: authError };

  let verified = null;
  let error = null;
  if (signs) {
    ({ verified, error } = await checkSignature(req, body));
    if (!verified) return { status: ASP_NET.includes(provider) ? 400 : 401, verified, error };
  }
  const json = jsonOf(body);
  if (provider === 'slack' && json?.type === 'url_verification') {
    return { status: 200, verified, error, reply: String(json.challenge ?? ''), type: 'text/plain' };
  }
  if (provider === 'zoom' && json?.event === 'endpoint.url_validation') {
    const plainToken = String(json.payload?.plainToken ?? '');
    const encryptedToken = crypto.createHmac('sha256', opt.secret).update(plainToken).digest('hex');
    return { status: 200, verified, error, reply: JSON.stringify({ plainToken, encryptedToken }), type: 'application/json' };
  }
  let decrypted = null;
  if (provider === 'teal' && opt['encryption-key']) {
    const iv = req.headers['x-teal-encryption-iv'];
    if (!iv) return { status: 400, verified, error: 'missing X-Teal-Encryption-IV header' };
    const d = decrypt({ key: opt['encryption-key'], iv, body: body.toString('latin1') });
    if (d.error) return { status: 400, verified, error: d.error };
    decrypted = d.plaintext_b64;
  }
  const status = script.length ? script.shift() : 200;
  return { status, verified, error, decrypted, reply: status < 300 ? '' : 'scripted status' };
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const atMs = Date.now();
    const body = Buffer.concat(chunks);
    const url = new URL(req.url, 'http://127.0.0.1');
    let outcome;
    try {
      outcome = await answer(req, body, url);
    } catch (e) {
      outcome = { status: 500, verified: null, error: `receiver.mjs failed: ${e.message}` };
    }
    const line = {
      method: req.method,
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      headers: flatHeaders(req),
      body_b64: body.toString('base64'),
      verified: outcome.verified ?? null,
      error: outcome.error ?? null,
      decrypted_b64: outcome.decrypted ?? null,
      status: outcome.status,
      at_ms: atMs,
    };
    process.stdout.write(JSON.stringify(line) + '\n');
    const reply = outcome.reply ?? (outcome.error ? outcome.error + '\n' : '');
    res.writeHead(outcome.status, { 'Content-Type': outcome.type ?? 'text/plain; charset=utf-8' });
    res.end(reply);
  });
});

const stop = () => {
  server.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();

server.listen(Number(opt.port), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
