// Tokens: refresh ahead of expiry with getToken, reconnect after 3003, new token after a 401.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Switchboard, ErrorCodes } from '../src/switchboard.js';
import { startNode } from './helpers/node.js';
import { next, state, until, collect } from './helpers/wait.js';

let node;
const clients = [];

before(async () => {
  node = await startNode();
});

after(async () => {
  for (const c of clients) {
    c.disconnect();
  }
  assert.equal(await node.close(), 0);
});

function client(options) {
  const c = new Switchboard(node.url, { WebSocket, minReconnectDelay: 50, maxReconnectDelay: 400, ...options });
  clients.push(c);
  return c;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

test('getToken refreshes the token ahead of expiry: the connection outlives its first token', async () => {
  const issued = [];
  const c = client({
    getToken: async () => {
      const exp = nowSeconds() + 3;
      issued.push(exp);
      return node.token('vera', { exp });
    },
  });
  let disconnects = 0;
  c.on('disconnected', () => disconnects++);
  const errors = [];
  c.on('error', (e) => errors.push(e));
  c.connect();
  const session = await next(c, 'connected');
  assert.equal(session.expires, issued[0]);
  // Past the first token's expiry: the node would have closed with 3003 without a refresh.
  await until(() => Date.now() > issued[0] * 1000 + 500 && issued.length >= 3, 'two refreshes past the first expiry', 15000);
  assert.equal(disconnects, 0);
  assert.deepEqual(errors, []);
  assert.equal(c.state, 'connected');
  assert.equal(c.session.client, session.client, 'still the first connection');
  assert.ok(c.session.expires > issued[0], 'the refresh result updated the expiry');
  await c.publish('chat:token', 'still allowed');
});

test('after 3003 (token expired, refresh failed) it reconnects with a fresh token and recovers', async () => {
  let failing = false;
  let calls = 0;
  const c = client({
    getToken: async () => {
      calls++;
      if (failing) {
        throw new Error('identity provider down');
      }
      failing = calls === 1; // the first token is short and cannot be refreshed
      return node.token('walt', calls === 1 ? { exp: nowSeconds() + 2 } : { ttl: 3600 });
    },
  });
  c.on('disconnected', (ctx) => {
    if (ctx.code === 3003) {
      failing = false;
    }
  });
  const errors = [];
  c.on('error', (e) => errors.push(e));
  const sub = c.subscribe('chat:expiry');
  const pubs = collect(sub);
  c.connect();
  const first = await next(c, 'connected');
  await sub.ready();
  await c.publish('chat:expiry', 1);
  const disconnected = await next(c, 'disconnected', () => true, 10000);
  assert.equal(disconnected.code, 3003);
  assert.equal(disconnected.reconnect, true);
  assert.ok(errors.some((e) => e.code === ErrorCodes.REFRESH_FAILED), 'the failed refresh was reported');
  const recovered = await next(sub, 'recovered');
  assert.equal(recovered.recovered, true);
  assert.notEqual(c.session.client, first.client);
  assert.ok(c.session.expires > nowSeconds() + 3000);
  await c.publish('chat:expiry', 2);
  await until(() => pubs.length === 2, 'both publications');
  assert.deepEqual(pubs.map((p) => p.data), [1, 2]);
});

test('a handshake refused with 401 makes it ask getToken for a new token', async () => {
  let calls = 0;
  const c = client({
    token: node.token('xena', { exp: nowSeconds() - 10 }), // already expired: 401
    getToken: async () => {
      calls++;
      return node.token('xena');
    },
  });
  const failed = next(c, 'error', (e) => e.code === ErrorCodes.CONNECT_FAILED);
  c.connect();
  const error = await failed;
  assert.match(error.message, /401/);
  await state(c, 'connected');
  assert.equal(calls, 1);
});

test('a 401 without getToken closes the client', async () => {
  const c = client({ token: 'not-a-jwt' });
  const closed = next(c, 'disconnected');
  c.connect();
  const ctx = await closed;
  assert.equal(ctx.reconnect, false);
  assert.equal(c.state, 'closed');
});
