#!/usr/bin/env node
// A fast receiver for bench/send: answers every POST 200 with an empty body over keep-alive connections, counts
// requests and those that carry the signature header, and checks the HMAC of one request in 16 (so that checking
// does not slow it) with Node's own crypto. GET /_stats returns the counts as JSON; GET /_reset zeroes them.
//
//   node receiver.mjs --secret S [--header x-paismo-signature] [--port 0]
// prints {"port": N} once listening.
import http from 'node:http';
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({
  options: {
    secret: { type: 'string' },
    header: { type: 'string', default: 'x-paismo-signature' },
    port: { type: 'string', default: '0' },
  },
});
const header = opt.header.toLowerCase();
let stats = { requests: 0, signed: 0, checked: 0, valid: 0, invalid: 0 };

const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    if (req.url === '/_reset') stats = { requests: 0, signed: 0, checked: 0, valid: 0, invalid: 0 };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(stats));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    stats.requests++;
    const sig = req.headers[header];
    if (sig) {
      stats.signed++;
      if (opt.secret && stats.signed % 16 === 1) {
        stats.checked++;
        const mac = crypto.createHmac('sha256', opt.secret).update(Buffer.concat(chunks)).digest('hex');
        if (mac === sig.toLowerCase()) stats.valid++; else stats.invalid++;
      }
    }
    res.writeHead(200, { 'content-length': '0' });
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
process.on('SIGTERM', () => process.exit(0));
server.listen(Number(opt.port), '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
