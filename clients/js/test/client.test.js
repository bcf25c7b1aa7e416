// Connect, subscribe, publish, presence, history, send, errors and the offline queue against a real node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Switchboard, ErrorCodes, SwitchboardError } from '../src/switchboard.js';
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
  const code = await node.close();
  assert.equal(code, 0, 'the node exits 0 on SIGTERM');
});

function client(user, options = {}) {
  const c = new Switchboard(node.url, { WebSocket, token: node.token(user), ...options });
  clients.push(c);
  return c;
}

async function connected(user, options) {
  const c = client(user, options);
  c.connect();
  await state(c, 'connected');
  return c;
}

test('connects, reports its states and the connected push', async () => {
  const c = client('alice');
  const states = [];
  c.on('state', (s, old) => states.push(`${old}->${s}`));
  const ctx = next(c, 'connected');
  assert.equal(c.state, 'disconnected');
  c.connect();
  const info = await ctx;
  assert.equal(info.user, 'alice');
  assert.match(info.client, /\S+/);
  assert.match(info.node, /\S+/);
  assert.ok(info.expires > Date.now() / 1000, 'expires is the token expiry in Unix seconds');
  assert.deepEqual(c.session, info);
  assert.deepEqual(states, ['disconnected->connecting', 'connecting->connected']);
  c.disconnect();
  assert.equal(c.state, 'disconnected');
  assert.deepEqual(states.at(-1), 'connected->disconnected');
});

test('subscribes, publishes and receives its own publication with channel, data, offset, id and info', async () => {
  const c = await connected('alice');
  const sub = c.subscribe('chat:basic');
  const pubs = collect(sub);
  const subscribed = next(sub, 'subscribed');
  await sub.ready();
  const ctx = await subscribed;
  assert.equal(ctx.recoverable, true);
  assert.equal(ctx.recovered, false);
  assert.equal(ctx.resubscribed, false);
  const result = await c.publish('chat:basic', { text: 'hi' });
  assert.equal(result.offset, ctx.offset + 1);
  assert.equal(result.epoch, ctx.epoch);
  await until(() => pubs.length === 1, 'the publication');
  const [pub] = pubs;
  assert.equal(pub.channel, 'chat:basic');
  assert.deepEqual(pub.data, { text: 'hi' });
  assert.equal(pub.offset, result.offset);
  assert.equal(typeof pub.id, 'string');
  assert.equal(pub.info.user, 'alice');
  assert.equal(pub.info.client, c.session.client);
  assert.equal(sub.offset, result.offset);
  assert.equal(sub.epoch, result.epoch);
});

test('delivers publications made through the server API, in order, to every subscriber', async () => {
  const a = await connected('alice');
  const b = await connected('bob');
  const subA = a.subscribe('chat:fanout');
  const subB = b.subscribe('chat:fanout');
  const pubsA = collect(subA);
  const pubsB = collect(subB);
  await Promise.all([subA.ready(), subB.ready()]);
  for (let i = 0; i < 5; i++) {
    await node.publish('chat:fanout', { n: i });
  }
  await until(() => pubsA.length === 5 && pubsB.length === 5, '5 publications each');
  assert.deepEqual(pubsA.map((p) => p.data.n), [0, 1, 2, 3, 4]);
  assert.deepEqual(pubsB.map((p) => p.offset), pubsA.map((p) => p.offset));
  assert.equal(pubsA[0].info, undefined, 'API publications carry no publisher info');
});

test('presence lists the subscribers; join and leave are pushed', async () => {
  const a = await connected('alice');
  const b = await connected('bob');
  const subA = a.subscribe('chat:presence');
  await subA.ready();
  const joined = next(subA, 'join', (ctx) => ctx.info.user === 'bob');
  const subB = b.subscribe('chat:presence');
  await subB.ready();
  const join = await joined;
  assert.equal(join.channel, 'chat:presence');
  assert.equal(join.info.client, b.session.client);
  const { clients: present } = await a.presence('chat:presence');
  assert.deepEqual(present.map((p) => p.user).sort(), ['alice', 'bob']);
  const left = next(subA, 'leave', (ctx) => ctx.info.user === 'bob');
  await subB.unsubscribe();
  await left;
  const after = await a.presence('chat:presence');
  assert.deepEqual(after.clients.map((p) => p.user), ['alice']);
});

test('history returns the newest publications or those since a position, each with its channel', async () => {
  const c = await connected('alice');
  const first = await c.publish('chat:history', 'one');
  await c.publish('chat:history', 'two');
  const third = await c.publish('chat:history', 'three');
  const newest = await c.history('chat:history', { limit: 2 });
  assert.deepEqual(newest.publications.map((p) => p.data), ['two', 'three']);
  assert.ok(newest.publications.every((p) => p.channel === 'chat:history'));
  assert.equal(newest.offset, third.offset);
  assert.equal(newest.epoch, third.epoch);
  const since = await c.history('chat:history', { since: { offset: first.offset, epoch: first.epoch } });
  assert.deepEqual(since.publications.map((p) => p.offset), [first.offset + 1, first.offset + 2]);
  await assert.rejects(c.history('chat:history', { since: { offset: first.offset, epoch: 'other-epoch' } }),
    (e) => e instanceof SwitchboardError && e.code === ErrorCodes.UNRECOVERABLE_POSITION && e.temporary === false);
  await assert.rejects(c.history('live:nohistory'), (e) => e.code === ErrorCodes.NOT_AVAILABLE);
});

test('send reaches every connection of a user; API sends come without from', async () => {
  const a = await connected('alice');
  const b1 = await connected('bob');
  const b2 = await connected('bob');
  const got1 = next(b1, 'message');
  const got2 = next(b2, 'message');
  assert.deepEqual(await a.send('bob', { ping: true }), {});
  assert.deepEqual(await got1, { data: { ping: true }, from: 'alice' });
  assert.deepEqual(await got2, { data: { ping: true }, from: 'alice' });
  const fromServer = next(b1, 'message');
  await node.api('POST', '/api/send', { user: 'bob', data: 'hello' });
  assert.deepEqual(await fromServer, { data: 'hello' });
  const broadcast = next(a, 'message');
  await node.api('POST', '/api/broadcast', { data: { all: true } });
  assert.deepEqual(await broadcast, { data: { all: true } });
});

test('error replies reject with code, message and temporary', async () => {
  const c = await connected('alice');
  await assert.rejects(c.publish('nope:x', 1), (e) => {
    assert.ok(e instanceof SwitchboardError);
    assert.equal(e.code, ErrorCodes.UNKNOWN_CHANNEL);
    assert.equal(e.temporary, false);
    assert.match(e.message, /unknown channel/);
    return true;
  });
  await assert.rejects(c.publish('news:x', 1), (e) => e.code === ErrorCodes.PERMISSION_DENIED);
  await assert.rejects(c.presence('live:x'), (e) => e.code === ErrorCodes.NOT_AVAILABLE);
  await assert.rejects(c.publish('chat:x'), TypeError);
  assert.throws(() => c.subscribe(''), TypeError);
});

test('a refused subscribe emits error and ends the subscription', async () => {
  const c = await connected('alice');
  const sub = c.subscribe('news:sports');
  const error = next(sub, 'error');
  const ended = next(sub, 'unsubscribed');
  await assert.rejects(sub.ready(), (e) => e.code === ErrorCodes.PERMISSION_DENIED);
  assert.equal((await error).code, ErrorCodes.PERMISSION_DENIED);
  assert.equal((await ended).code, ErrorCodes.PERMISSION_DENIED);
  assert.equal(sub.state, 'unsubscribed');
  assert.equal(c.getSubscription('news:sports'), null);
  assert.throws(() => c.subscribe('chat:dup') && c.subscribe('chat:dup'), (e) => e.code === ErrorCodes.ALREADY_SUBSCRIBED);
});

test('a claim in the token allows a claim namespace', async () => {
  const c = await connected('carol', { token: node.token('carol', { channels: ['news:*'] }) });
  const sub = c.subscribe('news:sports');
  const pubs = collect(sub);
  await sub.ready();
  await node.publish('news:sports', { score: 1 });
  await until(() => pubs.length === 1, 'the publication');
  assert.equal(pubs[0].channel, 'news:sports');
});

test('a server unsubscribe ends the subscription without resubscribing', async () => {
  const c = await connected('dave');
  const sub = c.subscribe('chat:kick');
  const pubs = collect(sub);
  await sub.ready();
  const ended = next(sub, 'unsubscribed');
  await node.api('POST', '/api/unsubscribe', { user: 'dave', channel: 'chat:kick' });
  const ctx = await ended;
  assert.equal(ctx.code, 2000);
  assert.equal(sub.state, 'unsubscribed');
  assert.equal(c.getSubscription('chat:kick'), null);
  // Nothing arrives any more, and the app may subscribe again.
  await node.publish('chat:kick', 'after');
  const again = c.subscribe('chat:kick');
  await again.ready();
  const pubs2 = collect(again);
  await node.publish('chat:kick', 'again');
  await until(() => pubs2.length === 1, 'the publication on the new subscription');
  assert.equal(pubs.length, 0);
});

test('unsubscribe stops delivery', async () => {
  const c = await connected('erin');
  const sub = c.subscribe('chat:unsub');
  const pubs = collect(sub);
  await sub.ready();
  await c.publish('chat:unsub', 1);
  await until(() => pubs.length === 1, 'first publication');
  const ended = next(sub, 'unsubscribed');
  await sub.unsubscribe();
  assert.equal((await ended).code, 0);
  const probe = c.subscribe('chat:unsub-probe');
  const probePubs = collect(probe);
  await probe.ready();
  await c.publish('chat:unsub', 2);
  await c.publish('chat:unsub-probe', 'marker');
  await until(() => probePubs.length === 1, 'the marker');
  assert.equal(pubs.length, 1, 'nothing after unsubscribe');
});

test('channels without history deliver with offset 0', async () => {
  const c = await connected('alice');
  const sub = c.subscribe('live:ticker');
  const pubs = collect(sub);
  const ctx = next(sub, 'subscribed');
  await sub.ready();
  assert.equal((await ctx).recoverable, false);
  const result = await c.publish('live:ticker', 42);
  assert.deepEqual(result, { offset: 0, epoch: '' });
  await until(() => pubs.length === 1, 'the publication');
  assert.equal(pubs[0].offset, 0);
  assert.equal(pubs[0].data, 42);
});

test('offline queue: publish and send made before connecting go out in order once connected', async () => {
  const watcher = await connected('watcher');
  const sub = watcher.subscribe('chat:queued');
  const pubs = collect(sub);
  await sub.ready();
  const c = client('frank', { offlineQueue: 3 });
  const results = [c.publish('chat:queued', 1), c.publish('chat:queued', 2), c.send('watcher', 'dm')];
  await assert.rejects(c.publish('chat:queued', 4), (e) => e.code === ErrorCodes.QUEUE_FULL && e.temporary);
  await assert.rejects(c.presence('chat:queued'), (e) => e.code === ErrorCodes.NOT_CONNECTED && e.temporary);
  const dm = next(watcher, 'message');
  c.connect();
  const [r1, r2, r3] = await Promise.all(results);
  assert.equal(r2.offset, r1.offset + 1);
  assert.deepEqual(r3, {});
  assert.deepEqual(await dm, { data: 'dm', from: 'frank' });
  await until(() => pubs.length === 2, 'two publications');
  assert.deepEqual(pubs.map((p) => p.data), [1, 2]);
});

test('offline queue 0 fails fast; disconnect() fails what is queued', async () => {
  const fast = client('gina', { offlineQueue: 0 });
  await assert.rejects(fast.publish('chat:x', 1), (e) => e.code === ErrorCodes.NOT_CONNECTED && e.temporary === true);
  await assert.rejects(fast.send('bob', 1), (e) => e.code === ErrorCodes.NOT_CONNECTED);
  const queued = client('gina');
  queued.connect();
  const p = queued.publish('chat:x', 1);
  queued.disconnect();
  await assert.rejects(p, (e) => e.code === ErrorCodes.DISCONNECTED && e.temporary === true);
});

test('subscriptions made before connect() are sent on connect', async () => {
  const c = client('hank');
  const sub = c.subscribe('chat:early');
  assert.equal(sub.state, 'subscribing');
  const pubs = collect(sub);
  c.connect();
  await sub.ready();
  await node.publish('chat:early', 'x');
  await until(() => pubs.length === 1, 'the publication');
});
