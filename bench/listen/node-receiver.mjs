// The baseline: a minimal Node receiver that only verifies Paismo's HMAC-SHA256 (hex, X-Paismo-Signature) over the
// raw body in constant time and answers 200; no history, no output.
import http from 'node:http';
import crypto from 'node:crypto';

const secret = process.env.BENCH_SECRET;
const port = Number(process.argv[2] ?? 3101);
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const expected = crypto.createHmac('sha256', secret).update(body).digest();
    const got = Buffer.from(String(req.headers['x-paismo-signature'] ?? ''), 'hex');
    const ok = got.length === expected.length && crypto.timingSafeEqual(got, expected);
    res.writeHead(ok ? 200 : 401, { 'Content-Type': 'text/plain' });
    res.end(ok ? 'ok\n' : 'invalid signature\n');
  });
}).listen(port, '127.0.0.1');
