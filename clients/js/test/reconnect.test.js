// Reconnects and recovery against a real node: node restart, server API disconnects, and a
// dropped TCP path (no close frame) that only the client heartbeat can detect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import WebSocket from 'ws';
import { Switchboard, ErrorCodes } from '../src/switchboard.js';
import { startNode } from './helpers/node.js';
import { TcpProxy } from './helpers/proxy.js';
import { next, state, until, collect } from './helpers/wait.js';

let node;
let proxy;
const clients = [];

before(async () => {
  node = await startNode();
  proxy = await new TcpProxy(node.port).start();
});

after(async () => {
  for (const c of clients) {
    c.disconnect();
  }
  await proxy.close();
  assert.equal(await node.close(), 0);
});

function client(user, url, options = {}) {
  const c = new Switchboard(url, {
    WebSocket, token: node.token(user), minReconnectDelay: 50, maxReconnectDelay: 400, ...options,
  });
  clients.push(c);
  return c;
}

/** Asserts offsets go up by one with no duplicate ids. */
function assertContiguous(pubs, from, count) {
  assert.deepEqual(pubs.map((p) => p.offset), Array.from({ length: count }, (_, i) => from + i));
  assert.equal(new Set(pubs.map((p) => p.id)).size, pubs.length, 'no duplicate ids');
}

test('API disconnect with reconnect: comes back and recovers exactly the missed publications', async () => {
  const c = client('rita', proxy.url());
  const sub = c.subscribe('chat:api-reconnect');
  const pubs = collect(sub);
  c.connect();
  const subscribed = await next(sub, 'subscribed');
  for (let i = 0; i < 3; i++) {
    await node.publish('chat:api-reconnect', { n: i });
  }
  await until(() => pubs.length === 3, 'three live publications');
  const firstClient = c.session.client;

  proxy.hold(); // the reconnect waits at the proxy until the missed publications exist
  const disconnected = next(c, 'disconnected');
  await node.api('POST', '/api/disconnect', { user: 'rita', reconnect: true });
  assert.deepEqual(await disconnected, { code: 3000, reason: 'disconnected by server', reconnect: true });
  assert.equal(c.state, 'connecting');
  assert.equal(sub.state, 'subscribing');
  for (let i = 3; i < 7; i++) {
    await node.publish('chat:api-reconnect', { n: i });
  }
  const recovered = next(sub, 'recovered');
  proxy.release();
  const ctx = await recovered;
  assert.equal(ctx.recovered, true);
  assert.equal(ctx.publications, 4);
  assert.equal(ctx.resubscribed, true);
  await until(() => pubs.length === 7, 'the missed publications');
  await node.publish('chat:api-reconnect', { n: 7 });
  await until(() => pubs.length === 8, 'a live publication after recovery');
  assertContiguous(pubs, subscribed.offset + 1, 8);
  assert.deepEqual(pubs.map((p) => p.data.n), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.notEqual(c.session.client, firstClient);
  assert.equal(sub.state, 'subscribed');
});

test('API disconnect without reconnect: closed, nothing retried, commands fail', async () => {
  const c = client('sam', proxy.url(), { maxReconnectDelay: 100 });
  const sub = c.subscribe('chat:api-close');
  c.connect();
  await sub.ready();
  const disconnected = next(c, 'disconnected');
  await node.api('POST', '/api/disconnect', { user: 'sam', reconnect: false });
  assert.deepEqual(await disconnected, { code: 3500, reason: 'disconnected by server', reconnect: false });
  assert.equal(c.state, 'closed');
  const accepted = proxy.accepted;
  await delay(500); // five times maxReconnectDelay: any reconnect attempt would have reached the proxy
  assert.equal(proxy.accepted, accepted, 'no reconnect attempt');
  assert.equal(c.state, 'closed');
  await assert.rejects(c.publish('chat:api-close', 1), (e) => e.code === ErrorCodes.CLIENT_CLOSED && !e.temporary);
  // The app may decide to connect again; the subscription comes back with it.
  c.connect();
  await state(c, 'connected');
  await sub.ready();
});

test('a dropped TCP connection is detected by the heartbeat, reconnected and recovered', async () => {
  const c = client('tom', proxy.url(), { heartbeatInterval: 200, maxMissedHeartbeats: 2 });
  const sub = c.subscribe('chat:blackhole');
  const pubs = collect(sub);
  c.connect();
  const subscribed = await next(sub, 'subscribed');
  await node.publish('chat:blackhole', 'before');
  await until(() => pubs.length === 1, 'the first publication');

  proxy.blackholeExisting(); // no FIN, no close frame: the socket just goes silent
  proxy.hold();
  const cut = Date.now();
  const disconnected = next(c, 'disconnected');
  await node.publish('chat:blackhole', 'lost-1');
  await node.publish('chat:blackhole', 'lost-2');
  const ctx = await disconnected;
  const detectedAfter = Date.now() - cut;
  assert.equal(ctx.code, 3002);
  assert.equal(ctx.reconnect, true);
  // Dead after 2 intervals (400 ms) of silence, counted from the last frame (a ping reply up to one
  // interval before the cut).
  assert.ok(detectedAfter >= 150 && detectedAfter < 2500, `detected after ${detectedAfter} ms`);
  const recovered = next(sub, 'recovered');
  proxy.release();
  const rec = await recovered;
  assert.equal(rec.recovered, true);
  assert.equal(rec.publications, 2);
  await until(() => pubs.length === 3, 'the recovered publications');
  assert.deepEqual(pubs.map((p) => p.data), ['before', 'lost-1', 'lost-2']);
  assertContiguous(pubs, subscribed.offset + 1, 3);
  // The heartbeat keeps a healthy connection: no further disconnect while idle for 5 intervals.
  let again = false;
  c.on('disconnected', () => {
    again = true;
  });
  await delay(1000);
  assert.equal(again, false);
  assert.equal(c.state, 'connected');
});

test('node restart: drained with advice, reconnects, recovered:false (history lost), then live again', async () => {
  const c = client('una', node.url);
  const sub = c.subscribe('chat:restart');
  const pubs = collect(sub);
  c.connect();
  await sub.ready();
  await c.publish('chat:restart', 'before');
  await until(() => pubs.length === 1, 'the first publication');

  const disconnected = next(c, 'disconnected');
  const recovered = next(sub, 'recovered', () => true, 20000);
  const exitCode = await node.restart();
  assert.equal(exitCode, 0, 'graceful drain exits 0');
  const ctx = await disconnected;
  assert.equal(ctx.code, 1001);
  assert.equal(ctx.reconnect, true);
  const rec = await recovered;
  assert.equal(rec.recovered, false, 'in-memory history is gone after a restart');
  assert.equal(rec.resubscribed, true);
  assert.equal(c.state, 'connected');
  const after = await c.publish('chat:restart', 'after');
  await until(() => pubs.length === 2, 'a publication after the restart');
  assert.equal(pubs[1].data, 'after');
  assert.equal(pubs[1].offset, after.offset);
  assert.equal(sub.epoch, after.epoch, 'the subscription follows the new epoch');
});
