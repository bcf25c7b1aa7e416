// A real headless Chromium (Debian's, driven by playwright-core) loads a page that imports the
// module, connects to a real node, subscribes and receives a publication made through the HTTP API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startNode } from './helpers/node.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const skip = process.env.SB_SKIP_BROWSER === '1'
  ? 'SB_SKIP_BROWSER=1 (no Chromium here; scripts/test.sh says why)'
  : false;

const FILES = {
  '/': ['test/browser/index.html', 'text/html; charset=utf-8'],
  '/src/switchboard.js': ['src/switchboard.js', 'text/javascript; charset=utf-8'],
};

let http;
let origin;
let node;
let browser;

before(async () => {
  if (skip) {
    return;
  }
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  http = createServer(async (req, res) => {
    const file = FILES[new URL(req.url, 'http://x').pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file[1], 'cache-control': 'no-store' });
    res.end(await readFile(join(root, file[0])));
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${http.address().port}`;
  // The page's origin differs from the node's: the node must allow it (allowed_origins).
  const { chromium } = await import('playwright-core');
  [node, browser] = await Promise.all([
    startNode({ allowedOrigins: [origin] }),
    chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    }),
  ]);
});

after(async () => {
  await browser?.close();
  if (node) {
    assert.equal(await node.close(), 0);
  }
  await new Promise((r) => (http ? http.close(r) : r()));
});

test('in Chromium: connects, subscribes, receives an API publication, publishes, reconnects with recovery', { skip, timeout: 60000 }, async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      problems.push(`console: ${m.text()}`);
    }
  });
  const query = new URLSearchParams({ ws: node.url, token: node.token('browser-user'), channel: 'chat:browser' });
  await page.goto(`${origin}/?${query}`);
  const has = (predicate, arg) => page.waitForFunction(predicate, arg, { timeout: 15000 });

  await has(() => window.events?.some((e) => e.type === 'subscribed'));
  await node.publish('chat:browser', { text: 'from the API' });
  await has(() => window.events.some((e) => e.type === 'publication' && e.data.text === 'from the API'));

  const published = await page.evaluate(() => window.client.publish('chat:browser', { text: 'from the page' }));
  await has(() => window.events.some((e) => e.type === 'publication' && e.data.text === 'from the page'));
  const events = await page.evaluate(() => window.events);
  const pubs = events.filter((e) => e.type === 'publication');
  assert.deepEqual(pubs.map((p) => p.channel), ['chat:browser', 'chat:browser']);
  assert.equal(pubs[1].offset, published.offset);
  assert.equal(pubs[1].offset, pubs[0].offset + 1);
  assert.equal(pubs[1].info.user, 'browser-user');
  assert.deepEqual(events.filter((e) => e.type === 'state').map((e) => e.state), ['connecting', 'connected']);

  // The browser's WebSocket API hides close details; the disconnect push carries them.
  await node.api('POST', '/api/disconnect', { user: 'browser-user', reconnect: true });
  await has(() => window.events.some((e) => e.type === 'recovered'));
  const after = await page.evaluate(() => window.events);
  assert.deepEqual(after.find((e) => e.type === 'disconnected'),
    { type: 'disconnected', code: 3000, reason: 'disconnected by server', reconnect: true });
  assert.equal(after.find((e) => e.type === 'recovered').recovered, true);
  const presence = await page.evaluate(() => window.client.presence('chat:browser'));
  assert.deepEqual(presence.clients.map((c) => c.user), ['browser-user']);
  assert.deepEqual(problems, []);
  await page.close();
});
