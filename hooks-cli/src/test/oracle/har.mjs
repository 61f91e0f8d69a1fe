// Records a HAR the way a browser makes one: Debian's headless Chromium, driven by playwright-core with recordHar,
// loads a page from a local server and POSTs each delivery to it with fetch().
// stdin:  {"chromium": PATH, "har": PATH, "profile": DIR, "deliveries": [{"path", "headers": {..}, "body"}]}
// stdout: {"statuses": [..]}, the status the local server answered each delivery with.
import http from 'node:http';
import { chromium } from 'playwright-core';

const input = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (c) => { text += c; });
  process.stdin.on('end', () => resolve(text));
}));

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>deliveries</title>');
    } else {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
    }
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launchPersistentContext(input.profile, {
  executablePath: input.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  recordHar: { path: input.har, content: 'embed' },
});
try {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  const statuses = await page.evaluate(async (deliveries) => {
    const out = [];
    for (const d of deliveries) {
      const r = await fetch(d.path, { method: 'POST', headers: d.headers, body: d.body });
      await r.text();
      out.push(r.status);
    }
    return out;
  }, input.deliveries);
  process.stdout.write(JSON.stringify({ statuses }));
} finally {
  await browser.close();
  server.close();
}
