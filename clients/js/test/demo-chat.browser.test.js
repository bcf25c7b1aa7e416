// The demo chat end to end: a real node (the server jar, development mode) and two headless Chromium
// pages, alice and bob. A room message, a private message and an announcement arrive; then the node
// crashes (SIGKILL), comes back on the same port with a new secret, and both pages reconnect by
// themselves (fetching new tokens) and chat again.
//
// Run by scripts/test.sh, which provides the node's jar (SB_JAR, default
// switchboard-server/target/switchboard.jar) and Chromium (CHROMIUM_PATH, default /usr/bin/chromium),
// or sets SB_SKIP_BROWSER=1 when Chromium cannot be had.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../../..');
const JAR = process.env.SB_JAR || join(ROOT, 'switchboard-server/target/switchboard.jar');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOT = '/tmp/demo-chat.png';
const WAIT = 15_000; // the longest any single step may take
const skip = process.env.SB_SKIP_BROWSER === '1'
  ? 'SB_SKIP_BROWSER=1 (no Chromium here; scripts/test.sh says why)'
  : false;

let dir;
let node;
let browser;
const pageErrors = [];

/**
 * Runs `switchboard serve` in development mode (no token key) on `port` (0: any free port) and
 * resolves with the port from its "listening on" log line.
 */
function startNode(port) {
  const config = join(dir, 'switchboard.yaml');
  writeFileSync(config, `host: 127.0.0.1\nport: ${port}\ndrain_period: 200ms\n`);
  const child = spawn('java', ['-jar', JAR, 'serve', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = [];
  return new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => fail(new Error('the node did not start within 30 s')), 30_000);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- node output ---\n${output.join('\n')}`));
    };
    child.on('exit', (code, signal) => fail(new Error(`the node exited (${code ?? signal})`)));
    child.stderr.on('data', (chunk) => output.push(String(chunk)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      output.push(line);
      const listening = /listening on \S+:(\d+)/.exec(line);
      if (listening) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        node = child;
        resolvePort(Number(listening[1]));
      }
    });
  });
}

/** SIGKILL: a crash, not a drain. Resolves once the process is gone (and its port is free). */
function crashNode() {
  const child = node;
  node = null;
  return new Promise((done) => {
    child.once('exit', done);
    child.kill('SIGKILL');
  });
}

/** Opens the demo in its own browser context and signs in as `user`. */
async function openAs(base, user) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 720 } });
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (error) => pageErrors.push(`${user}: ${error.message}`));
  await page.goto(base);
  await page.locator('#name').fill(user);
  await page.locator('#sign-in-form button').click();
  await connected(page);
  return page;
}

const connected = (page) => page.locator('#connection[data-state="connected"]').waitFor();
const inRoom = (page, text) => page.locator('#room-messages li', { hasText: text }).waitFor();
const online = (page, user) => page.locator('#presence li', { hasText: user }).waitFor();

async function say(page, text) {
  await page.locator('#say-text').fill(text);
  await page.locator('#say-form button').click();
}

before(async () => {
  if (skip) return;
  assert.ok(existsSync(JAR), `${JAR} not found (mvn -pl switchboard-server -am package -DskipTests)`);
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  dir = mkdtempSync(join(tmpdir(), 'switchboard-demo-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  node?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('two users chat, message privately, get an announcement and survive a node crash',
  { skip, timeout: 60_000 }, async () => {
    const port = await startNode(0);
    const base = `http://127.0.0.1:${port}/`;
    const alice = await openAs(base, 'alice');
    const bob = await openAs(base, 'bob');

    // Both start in #lobby (chat:lobby) and see each other there.
    for (const page of [alice, bob]) {
      await page.locator('#room-title', { hasText: '#lobby' }).waitFor();
      await online(page, 'alice');
      await online(page, 'bob');
    }

    // Multicast: alice's room message reaches bob.
    await say(alice, 'hello from alice');
    await inRoom(bob, 'hello from alice');
    assert.equal(await bob.locator('#room-messages li', { hasText: 'hello from alice' }).locator('.who').textContent(),
      'alice');

    // Unicast: bob's private message reaches alice (and only alice).
    await bob.locator('#pm-to').fill('alice');
    await bob.locator('#pm-text').fill('psst, alice');
    await bob.locator('#pm-form button').click();
    await alice.locator('#pm-log li', { hasText: 'psst, alice' }).locator('.who', { hasText: 'bob' }).waitFor();
    assert.equal(await alice.locator('#room-messages li', { hasText: 'psst' }).count(), 0);

    // Broadcast: an announcement (POST /demo/announce, here from alice's admin box) reaches both.
    await alice.locator('#announce-text').fill('Maintenance at noon');
    await alice.locator('#announce-form button').click();
    for (const page of [alice, bob]) {
      await page.locator('#notices li', { hasText: 'Maintenance at noon' }).waitFor();
    }

    // Rooms: bob joins #random, where the lobby's messages do not go; the lobby counts them as unread.
    await bob.locator('#room-name').fill('random');
    await bob.locator('#join-form button').click();
    await bob.locator('#room-title', { hasText: '#random' }).waitFor();
    await online(bob, 'bob');
    assert.equal(await bob.locator('#presence li').count(), 1);
    await say(alice, 'anyone here?');
    await bob.locator('#room-list button', { hasText: '#lobby' }).locator('.unread', { hasText: '1' }).waitFor();
    assert.equal(await bob.locator('#room-messages li', { hasText: 'anyone here?' }).count(), 0);
    await bob.locator('#room-list button', { hasText: '#lobby' }).click();
    await inRoom(bob, 'anyone here?');

    // Crash the node and bring it back on the same port. Its new random secret invalidates the old
    // tokens: the pages must ask /demo/token again by themselves.
    await crashNode();
    for (const page of [alice, bob]) {
      await page.locator('#connection[data-state="reconnecting"]').waitFor();
      assert.equal(await page.locator('#presence li').count(), 0, 'nobody is shown online while offline');
    }
    assert.equal(await startNode(port), port);
    for (const page of [alice, bob]) {
      await page.locator('#connection[data-state="connected"]').waitFor({ timeout: 30_000 });
      await online(page, 'alice');
      await online(page, 'bob');
    }
    await say(bob, 'back again');
    await inRoom(alice, 'back again');
    await alice.screenshot({ path: SCREENSHOT });

    assert.deepEqual(pageErrors, []);
  });
