#!/usr/bin/env node
// Stripe's own npm package (stripe-node) as the judge of Stripe event objects, for the tests of
// `hooks scenario import --from stripe`: the files we import must have the shape Stripe publishes, not ours.
//
// stdin: one JSON request (or a JSON array of them); stdout: one JSON answer (or an array).
//   typecheck {"mode": "typecheck", "file"}
//       -> {"form": "event"|"array"|"list", "type": "Stripe.Event"|..., "errors": ["line L: message", ...]}
//       TypeScript (strict, exactOptionalPropertyTypes) checks the file's JSON, written inline, against the type
//       the stripe package declares for what `stripe events` and the API print: one Stripe.Event, an array of them,
//       or Stripe.ApiList<Stripe.Event> (GET /v1/events). Object literals get excess-property checks, and
//       Stripe.Event is a union discriminated by "type", so data.object must be the object that event type carries.
//       Lines are the file's own. A file that is not JSON answers one error.
//   construct {"mode": "construct", "payload_b64", "header", "secret"}
//       -> {"event": {...}} | {"error": "..."}
//       stripe.webhooks.constructEvent: the Stripe-Signature header checked (five minutes' tolerance), then the
//       payload parsed, exactly as a Stripe receiver written with the library does it.
// Bad requests answer {"error": ...} and exit 2.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

class InputError extends Error {}

/** Lines of the generated source before the file's first line. */
const PREAMBLE_LINES = 3;

const formOf = (json) => {
  if (Array.isArray(json)) return { form: 'array', type: 'Stripe.Event[]' };
  if (json !== null && typeof json === 'object' && json.object === 'list') {
    return { form: 'list', type: 'Stripe.ApiList<Stripe.Event>' };
  }
  return { form: 'event', type: 'Stripe.Event' };
};

function typecheck(files) {
  const ts = require('typescript');
  const options = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    // Stripe's declarations refer to Node's own types for its HTTP client; the event types do not.
    skipLibCheck: true,
    types: [],
  };
  const sources = new Map();
  const answers = files.map((file, i) => {
    let text;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read ${file}: ${e.message}`);
    }
    let json;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { form: null, type: null, errors: [`not JSON: ${e.message}`] };
    }
    const { form, type } = formOf(json);
    // Generated next to node_modules, so that 'stripe' resolves as in any project that depends on it; never written.
    const name = path.join(here, `.fixture-${i}.mts`);
    sources.set(name, [
      "import type Stripe from 'stripe';",
      // a guard: were Stripe.Event ever `any` (types not found), every fixture would pass
      'const typed: 0 extends (1 & Stripe.Event) ? never : true = true;',
      'export const fixture = (',
      text,
      `) satisfies ${type};`,
      'export { typed };',
      '',
    ].join('\n'));
    return { name, form, type, errors: [] };
  });
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, version, ...rest) => (sources.has(name)
    ? ts.createSourceFile(name, sources.get(name), version)
    : getSourceFile(name, version, ...rest));
  host.fileExists = (name) => sources.has(name) || fileExists(name);
  const program = ts.createProgram([...sources.keys()], options, host);
  const byName = new Map(answers.filter((a) => a.name).map((a) => [a.name, a]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const answer = d.file && byName.get(d.file.fileName);
    if (!answer) {
      // a diagnostic outside the fixtures (options, the stripe package itself) fails every file
      for (const a of answers) a.errors.push(message);
      continue;
    }
    const line = d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 - PREAMBLE_LINES;
    answer.errors.push(line >= 1 ? `line ${line}: ${message}` : message);
  }
  return answers.map(({ form, type, errors }) => ({ form, type, errors }));
}

async function construct(req) {
  const { default: Stripe } = await import('stripe');
  const webhooks = new Stripe('sk_test_oracle_never_used_for_requests').webhooks;
  if (typeof req.payload_b64 !== 'string' || typeof req.header !== 'string' || typeof req.secret !== 'string') {
    throw new InputError('construct needs payload_b64, header and secret');
  }
  try {
    return { event: webhooks.constructEvent(Buffer.from(req.payload_b64, 'base64'), req.header, req.secret) };
  } catch (e) {
    return { error: e.message.split('\n')[0] };
  }
}

async function answer(requests) {
  const checks = requests.filter((r) => r.mode === 'typecheck');
  for (const r of checks) if (typeof r.file !== 'string') throw new InputError('typecheck needs file');
  // one TypeScript program for every file: loading Stripe's declarations is most of the cost
  const checked = checks.length ? typecheck(checks.map((r) => r.file)) : [];
  const out = [];
  for (const r of requests) {
    if (r.mode === 'typecheck') out.push(checked.shift());
    else if (r.mode === 'construct') out.push(await construct(r));
    else throw new InputError(`unknown mode '${r.mode}' (typecheck, construct)`);
  }
  return out;
}

const input = fs.readFileSync(0, 'utf8');
try {
  const parsed = JSON.parse(input);
  const many = Array.isArray(parsed);
  const out = await answer(many ? parsed : [parsed]);
  process.stdout.write(JSON.stringify(many ? out : out[0]) + '\n');
} catch (e) {
  process.stdout.write(JSON.stringify({ error: e.message }) + '\n');
  process.exit(e instanceof InputError || e instanceof SyntaxError ? 2 : 1);
}
