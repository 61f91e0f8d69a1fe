#!/usr/bin/env node
// Independent signer, verifier and AES-GCM codec for every provider scheme hooks supports.
//
// The Java tests use this to check hooks against code it does not share: each provider's own
// published library where one exists (standardwebhooks, svix, stripe, @octokit/webhooks-methods),
// and otherwise Node's crypto written plainly from the provider facts in shared/DESIGN.md.
//
// stdin: one JSON request (or a JSON array of them); stdout: one JSON answer (or an array).
//   sign    {"provider", "secret", "body_b64", "id"?, "timestamp"?}            -> {"headers": {...}}
//   verify  {"mode": "verify", "provider", "secret", "body_b64", "headers", "now"?}
//                                                                             -> {"valid": bool, "error": str|null}
//   encrypt {"mode": "encrypt", "key", "plaintext_b64", "iv"?}                 -> {"iv", "body"}
//   decrypt {"mode": "decrypt", "key", "iv", "body"}                           -> {"plaintext_b64"} | {"error"}
// "key" and "iv" are base64; "body" is the Teal body text, base64(ciphertext || tag).
// A header value in "headers" may be an array when the header was repeated.
// Bad requests answer {"error": ...} and exit 2.

import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';

const FIVE_MINUTES = 300;

const lazy = (load) => {
  let cached;
  return () => (cached ??= load());
};
const standardWebhooks = lazy(() => import('standardwebhooks'));
const svix = lazy(() => import('svix'));
const stripeWebhooks = lazy(async () => {
  const { default: Stripe } = await import('stripe');
  return new Stripe('sk_test_oracle_never_used_for_requests').webhooks;
});
const octokit = lazy(() => import('@octokit/webhooks-methods'));

export class OracleInputError extends Error {}

// ---------- small pieces ----------

const hmac = (algorithm, key, ...parts) => {
  const mac = crypto.createHmac(algorithm, key);
  for (const part of parts) mac.update(part);
  return mac.digest();
};

const sameText = (a, b) => {
  const x = Buffer.from(String(a), 'utf8');
  const y = Buffer.from(String(b), 'utf8');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
};

/**
 * What .NET's Encoding.ASCII.GetBytes does to a string: every UTF-16 unit outside ASCII becomes '?', so a
 * character outside the Basic Multilingual Plane (a surrogate pair) becomes '??'.
 */
export const asciiBytes = (text) => {
  const out = Buffer.alloc(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) < 0x80 ? text.charCodeAt(i) : 0x3f;
  return out;
};

const nowSeconds = (req) => (req.now != null ? Number(req.now) : Math.floor(Date.now() / 1000));

const freshId = () => 'msg_' + crypto.randomBytes(16).toString('base64url');

/** All values of one header, matched case-insensitively; repeated headers may come as arrays. */
export const headerValues = (headers, name) => {
  const wanted = name.toLowerCase();
  const values = [];
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() !== wanted) continue;
    if (Array.isArray(value)) values.push(...value.map(String));
    else if (value != null) values.push(String(value));
  }
  return values;
};

const single = (headers, name) => {
  const values = headerValues(headers, name);
  if (values.length === 0) throw new VerifyFailure(`missing ${name} header`);
  if (values.length > 1) throw new VerifyFailure(`${name} header is repeated`);
  return values[0];
};

class VerifyFailure extends Error {}

const within = (timestamp, now, tolerance, { rejectNew = true } = {}) => {
  if (!/^-?\d+$/.test(String(timestamp).trim())) throw new VerifyFailure(`timestamp '${timestamp}' is not a number`);
  const ts = Number(timestamp);
  if (now - ts > tolerance) throw new VerifyFailure('timestamp too old');
  if (rejectNew && ts - now > tolerance) throw new VerifyFailure('timestamp too new');
  return ts;
};

// ---------- Ed25519 (standard-webhooks v1a): no reference library supports it, so Node crypto ----------

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const decodeKey = (secret, prefix) => {
  const raw = Buffer.from(secret.slice(prefix.length), 'base64');
  if (raw.length !== 32) throw new OracleInputError(`${prefix} key must be 32 bytes, got ${raw.length}`);
  return raw;
};
const ed25519Private = (secret) =>
  crypto.createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, decodeKey(secret, 'whsk_')]), format: 'der', type: 'pkcs8' });
const ed25519Public = (secret) =>
  secret.startsWith('whsk_')
    ? crypto.createPublicKey(ed25519Private(secret))
    : crypto.createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, decodeKey(secret, 'whpk_')]), format: 'der', type: 'spki' });

const isAsymmetric = (secret) => secret.startsWith('whsk_') || secret.startsWith('whpk_');

// ---------- providers ----------

/** Plain providers: what they sign and how the header value looks, from DESIGN.md. */
const plainSignature = {
  paismo: { header: 'X-Paismo-Signature', value: (s, body) => hmac('sha256', Buffer.from(s, 'utf8'), body).toString('hex') },
  teal: { header: 'X-Teal-Signature', value: (s, body) => hmac('sha512', Buffer.from(s, 'utf8'), body).toString('hex') },
  keypay: {
    header: 'ms-signature',
    value: (s, body) => 'sha256=' + hmac('sha256', Buffer.from(s, 'utf8'), body).toString('hex').toUpperCase(),
  },
  paycor: {
    header: 'ms-signature',
    value: (s, body) => hmac('sha256', asciiBytes(s), asciiBytes(body.toString('utf8'))).toString('hex').toUpperCase(),
  },
  shopify: { header: 'X-Shopify-Hmac-Sha256', value: (s, body) => hmac('sha256', Buffer.from(s, 'utf8'), body).toString('base64') },
};

const timestamped = {
  slack: { header: 'X-Slack-Signature', timestampHeader: 'X-Slack-Request-Timestamp', tolerance: FIVE_MINUTES },
  // Zoom documents no tolerance for x-zm-request-timestamp, so none is applied.
  zoom: { header: 'x-zm-signature', timestampHeader: 'x-zm-request-timestamp', tolerance: null },
};
const v0Signature = (secret, ts, body) =>
  'v0=' + hmac('sha256', Buffer.from(secret, 'utf8'), `v0:${ts}:`, body).toString('hex');

export const PROVIDERS = [
  'standard-webhooks', 'svix', 'stripe', 'github',
  ...Object.keys(plainSignature), ...Object.keys(timestamped),
];

export async function sign(req) {
  const { provider, secret } = req;
  if (typeof secret !== 'string' || secret === '') throw new OracleInputError('secret is required');
  const body = bodyOf(req);
  if (plainSignature[provider]) {
    const p = plainSignature[provider];
    return { headers: { [p.header]: p.value(secret, body) } };
  }
  if (timestamped[provider]) {
    const p = timestamped[provider];
    const ts = String(req.timestamp ?? nowSeconds(req));
    return { headers: { [p.timestampHeader]: ts, [p.header]: v0Signature(secret, ts, body) } };
  }
  const ts = Number(req.timestamp ?? nowSeconds(req));
  switch (provider) {
    case 'standard-webhooks': {
      const id = req.id ?? freshId();
      let signature;
      if (secret.startsWith('whsk_')) {
        const signed = Buffer.concat([Buffer.from(`${id}.${ts}.`, 'utf8'), body]);
        signature = 'v1a,' + crypto.sign(null, signed, ed25519Private(secret)).toString('base64');
      } else {
        const { Webhook } = await standardWebhooks();
        signature = new Webhook(secret).sign(id, new Date(ts * 1000), body);
      }
      return { headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': signature } };
    }
    case 'svix': {
      const id = req.id ?? freshId();
      const { Webhook } = await svix();
      const signature = new Webhook(secret).sign(id, new Date(ts * 1000), body);
      return { headers: { 'svix-id': id, 'svix-timestamp': String(ts), 'svix-signature': signature } };
    }
    case 'stripe': {
      const webhooks = await stripeWebhooks();
      const value = webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret, timestamp: ts });
      return { headers: { 'Stripe-Signature': value } };
    }
    case 'github': {
      const { sign: octokitSign } = await octokit();
      return { headers: { 'X-Hub-Signature-256': await octokitSign(secret, body.toString('utf8')) } };
    }
    default:
      throw new OracleInputError(`unknown provider '${provider}' (known: ${PROVIDERS.join(', ')})`);
  }
}

/** Runs fn with Date.now() answering `now` (epoch seconds), for libraries that read the clock themselves. */
const atTime = async (now, fn) => {
  if (now == null) return fn();
  const realNow = Date.now;
  Date.now = () => Number(now) * 1000;
  try {
    return await fn();
  } finally {
    Date.now = realNow;
  }
};

export async function verify(req) {
  try {
    await check(req);
    return { valid: true, error: null };
  } catch (e) {
    if (e instanceof OracleInputError) throw e;
    return { valid: false, error: e.message.split('\n')[0] };
  }
}

async function check(req) {
  const { provider, secret, headers } = req;
  if (typeof secret !== 'string' || secret === '') throw new OracleInputError('secret is required');
  const body = bodyOf(req);
  const now = nowSeconds(req);
  if (plainSignature[provider]) {
    const p = plainSignature[provider];
    const given = single(headers, p.header);
    const expected = p.value(secret, body);
    if (provider === 'keypay') return checkAspNet(given, expected);
    // Paycor's documented check upper-cases the received value before comparing.
    const comparable = provider === 'paycor' ? given.toUpperCase() : given;
    if (!sameText(comparable, expected)) throw new VerifyFailure('signature mismatch');
    return;
  }
  if (timestamped[provider]) {
    const p = timestamped[provider];
    const ts = single(headers, p.timestampHeader);
    if (p.tolerance != null) within(ts, now, p.tolerance);
    if (!sameText(single(headers, p.header), v0Signature(secret, ts, body))) throw new VerifyFailure('signature mismatch');
    return;
  }
  switch (provider) {
    case 'standard-webhooks': {
      if (isAsymmetric(secret)) return checkEd25519(secret, headers, body, now);
      const { Webhook } = await standardWebhooks();
      await atTime(req.now, () => new Webhook(secret).verify(body, flatten(headers), { jsonParse: false }));
      return;
    }
    case 'svix': {
      const { Webhook, WebhookVerificationError } = await svix();
      try {
        await atTime(req.now, () => new Webhook(secret).verify(body, flatten(headers)));
      } catch (e) {
        // svix's verify parses the body as JSON only after the signature matched: a parse error means valid.
        if (e instanceof WebhookVerificationError || !(e instanceof SyntaxError)) throw e;
      }
      return;
    }
    case 'stripe': {
      // constructEvent is verifyHeader followed by JSON.parse; verifyHeader alone also accepts non-JSON bodies.
      const webhooks = await stripeWebhooks();
      webhooks.signature.verifyHeader(body, single(headers, 'Stripe-Signature'), secret, FIVE_MINUTES, undefined, now * 1000);
      return;
    }
    case 'github': {
      const { verify: octokitVerify } = await octokit();
      const ok = await octokitVerify(secret, body.toString('utf8'), single(headers, 'X-Hub-Signature-256'));
      if (!ok) throw new VerifyFailure('signature mismatch');
      return;
    }
    default:
      throw new OracleInputError(`unknown provider '${provider}' (known: ${PROVIDERS.join(', ')})`);
  }
}

/** ASP.NET WebHooks receiver: one header, "sha256=" then hex in either case, compared as bytes. */
function checkAspNet(given, expected) {
  const eq = given.indexOf('=');
  if (eq < 0 || given.slice(0, eq).trim().toLowerCase() !== 'sha256') {
    throw new VerifyFailure("ms-signature must be 'sha256=<hex>'");
  }
  const hex = given.slice(eq + 1).trim();
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) throw new VerifyFailure('ms-signature is not valid hex');
  const a = Buffer.from(hex, 'hex');
  const b = Buffer.from(expected.slice('sha256='.length), 'hex');
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw new VerifyFailure('signature mismatch');
}

function checkEd25519(secret, headers, body, now) {
  const id = single(headers, 'webhook-id');
  const ts = single(headers, 'webhook-timestamp');
  within(ts, now, FIVE_MINUTES);
  const key = ed25519Public(secret);
  const signed = Buffer.concat([Buffer.from(`${id}.${ts}.`, 'utf8'), body]);
  for (const entry of single(headers, 'webhook-signature').split(' ')) {
    const [version, value] = entry.split(',');
    if (version !== 'v1a' || !value) continue;
    const signature = Buffer.from(value, 'base64');
    if (signature.length === 64 && crypto.verify(null, signed, key, signature)) return;
  }
  throw new VerifyFailure('no matching v1a signature');
}

const flatten = (headers) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.join(' ') : String(v)]));

function bodyOf(req) {
  if (typeof req.body_b64 !== 'string') throw new OracleInputError('body_b64 is required');
  return Buffer.from(req.body_b64, 'base64');
}

// ---------- Teal AES-256-GCM ----------

const aesKey = (b64) => {
  const key = Buffer.from(b64 ?? '', 'base64');
  if (key.length !== 32) throw new OracleInputError(`encryption key must be base64 of 32 bytes, got ${key.length}`);
  return key;
};

export function encrypt(req) {
  const key = aesKey(req.key);
  const iv = req.iv != null ? Buffer.from(req.iv, 'base64') : crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(req.plaintext_b64 ?? '', 'base64')), cipher.final()]);
  return { iv: iv.toString('base64'), body: Buffer.concat([ciphertext, cipher.getAuthTag()]).toString('base64') };
}

export function decrypt(req) {
  const key = aesKey(req.key);
  const iv = Buffer.from(req.iv ?? '', 'base64');
  const data = Buffer.from(String(req.body ?? '').trim(), 'base64');
  if (iv.length === 0) return { error: 'missing IV' };
  if (data.length < 16) return { error: 'body shorter than the 16-byte tag' };
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    decipher.setAuthTag(data.subarray(data.length - 16));
    const plaintext = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
    return { plaintext_b64: plaintext.toString('base64') };
  } catch (e) {
    return { error: 'authentication failed: ' + e.message };
  }
}

// ---------- command line ----------

export async function handle(req) {
  switch (req?.mode ?? 'sign') {
    case 'sign': return sign(req);
    case 'verify': return verify(req);
    case 'encrypt': return encrypt(req);
    case 'decrypt': return decrypt(req);
    default: throw new OracleInputError(`unknown mode '${req.mode}'`);
  }
}

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  try {
    const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const output = Array.isArray(input) ? await Promise.all(input.map(handle)) : await handle(input);
    process.stdout.write(JSON.stringify(output) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: e.message }) + '\n');
    process.stderr.write(`sign.mjs: ${e.message}\n`);
    process.exitCode = 2;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
