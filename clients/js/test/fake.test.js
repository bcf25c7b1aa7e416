// Client behaviour a well-behaved node never shows (duplicates, pushes before the subscribe reply,
// silent peers), driven by a scripted in-process WebSocket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Switchboard, ErrorCodes } from '../src/switchboard.js';
import { next, until, collect } from './helpers/wait.js';

/** A scripted server: every WebSocket the client opens is a FakeSocket kept in `sockets`. */
class FakeNode {
  constructor({ connected = true } = {}) {
    this.sockets = [];
    this.sendConnected = connected;
    this.replies = { ping: () => ({ result: {} }) };
    this.commands = [];
    const fake = this;
    this.WebSocket = class FakeSocket {
      constructor(url, protocol) {
        this.url = url;
        this.protocol = protocol;
        this.readyState = 0;
        this.onopen = null;
        this.onmessage = null;
        this.onclose = null;
        this.onerror = null;
        this.closed = null;
        this.createdAt = Date.now();
        fake.sockets.push(this);
        queueMicrotask(() => {
          this.readyState = 1;
          this.onopen?.({});
          if (fake.sendConnected) {
            this.push({ push: 'connected', client: `c-${fake.sockets.length}`, user: 'u', node: 'fake', heartbeat: 25, expires: 0 });
          }
        });
      }

      send(text) {
        const cmd = JSON.parse(text);
        fake.commands.push(cmd);
        const reply = fake.replies[cmd.method]?.(cmd, this);
        if (reply) {
          queueMicrotask(() => this.push({ id: cmd.id, ...reply }));
        }
      }

      close(code, reason) {
        this.readyState = 3;
        this.closed = { code, reason };
      }

      terminate() {
        this.readyState = 3;
        this.closed = { terminated: true };
      }

      // server side
      push(msg) {
        if (this.readyState === 1) {
          this.onmessage?.({ data: JSON.stringify(msg) });
        }
      }

      serverClose(code, reason = '') {
        this.readyState = 3;
        this.onclose?.({ code, reason });
      }
    };
  }

  socket(n) {
    return until(() => this.sockets.length >= n, `socket #${n}`).then(() => this.sockets[n - 1]);
  }

  command(method, n = 1) {
    return until(() => this.commands.filter((c) => c.method === method).length >= n, `${method} #${n}`)
      .then(() => this.commands.filter((c) => c.method === method)[n - 1]);
  }
}

function client(fake, options = {}) {
  return new Switchboard('ws://fake.invalid/ws', {
    WebSocket: fake.WebSocket, token: 't0', minReconnectDelay: 1, maxReconnectDelay: 20, ...options,
  });
}

const pub = (offset, id = `p-${offset}`, data = offset) => ({ push: 'publication', channel: 'chat:x', id, offset, data });

test('the token goes in the query string and the JSON subprotocol is asked for', async () => {
  const fake = new FakeNode();
  const c = client(fake);
  c.connect();
  const sock = await fake.socket(1);
  assert.equal(sock.url, 'ws://fake.invalid/ws?token=t0');
  assert.equal(sock.protocol, 'switchboard.v1.json');
  c.disconnect();
  assert.deepEqual(sock.closed, { code: 1000, reason: 'client disconnect' });
});

test('duplicates by id or by offset are dropped; pushes before the reply wait for it', async () => {
  const fake = new FakeNode();
  let replyTo = null;
  fake.replies.subscribe = (cmd, sock) => {
    replyTo = { cmd, sock };
  };
  const c = client(fake);
  const sub = c.subscribe('chat:x');
  const pubs = collect(sub);
  c.connect();
  await fake.command('subscribe');
  const { cmd, sock } = replyTo;
  sock.push(pub(11)); // arrives before the reply: held back, then de-duplicated against it
  sock.push({ id: cmd.id, result: { offset: 10, epoch: 'e1', recoverable: true, recovered: false } });
  sock.push(pub(11)); // same id again
  sock.push(pub(12));
  sock.push(pub(12, 'p-other')); // an offset already seen
  sock.push(pub(10, 'p-old')); // older than the position
  sock.push(pub(13));
  await until(() => pubs.length === 3, 'three publications');
  assert.deepEqual(pubs.map((p) => p.offset), [11, 12, 13]);
  assert.deepEqual(pubs[0], { channel: 'chat:x', id: 'p-11', offset: 11, data: 11 });
  c.disconnect();
});

test('resubscribe asks for recovery from the last publication; recovered comes before the missed ones', async () => {
  const fake = new FakeNode();
  fake.replies.subscribe = (cmd) => (cmd.params.recover
    ? { result: { offset: 7, epoch: 'e1', recoverable: true, recovered: true, publications: [
      { id: 'p-6', offset: 6, data: 6 }, { id: 'p-7', offset: 7, data: 7 }] } }
    : { result: { offset: 4, epoch: 'e1', recoverable: true, recovered: false } });
  const c = client(fake);
  const sub = c.subscribe('chat:x');
  const events = [];
  sub.on('publication', (p) => events.push(`pub ${p.offset}`));
  sub.on('recovered', (ctx) => events.push(`recovered ${ctx.recovered} ${ctx.publications}`));
  c.connect();
  await sub.ready();
  const sock = await fake.socket(1);
  sock.push(pub(5));
  await until(() => events.length === 1, 'first publication');
  sock.serverClose(3001, 'slow consumer');
  await next(sub, 'recovered');
  const resub = await fake.command('subscribe', 2);
  assert.deepEqual(resub.params, { channel: 'chat:x', recover: true, offset: 5, epoch: 'e1' });
  (await fake.socket(2)).push(pub(8));
  await until(() => events.length === 5, 'recovered and live publications');
  assert.deepEqual(events, ['pub 5', 'recovered true 2', 'pub 6', 'pub 7', 'pub 8']);
  assert.equal(sub.offset, 8);
  c.disconnect();
});

test('recovered:false: the gap is reported, nothing partial is delivered, the new epoch is followed', async () => {
  const fake = new FakeNode();
  fake.replies.subscribe = (cmd) => (cmd.params.recover
    ? { result: { offset: 2, epoch: 'e2', recoverable: true, recovered: false, publications: [{ id: 'q-2', offset: 2, data: 'partial' }] } }
    : { result: { offset: 40, epoch: 'e1', recoverable: true, recovered: false } });
  const c = client(fake);
  const sub = c.subscribe('chat:x');
  const pubs = collect(sub);
  c.connect();
  await sub.ready();
  (await fake.socket(1)).serverClose(1001);
  const rec = await next(sub, 'recovered');
  assert.deepEqual(rec, { channel: 'chat:x', offset: 2, epoch: 'e2', recoverable: true, recovered: false, resubscribed: true, publications: 0 });
  assert.equal(sub.epoch, 'e2');
  (await fake.socket(2)).push(pub(3, 'q-3'));
  await until(() => pubs.length === 1, 'the live publication in the new epoch');
  assert.equal(pubs[0].offset, 3, 'offsets of the new epoch are not compared with the old ones');
  c.disconnect();
});

test('a server-advised delay is honoured; reconnect:false stops', async () => {
  const fake = new FakeNode();
  const c = client(fake);
  c.connect();
  const first = await fake.socket(1);
  await until(() => c.state === 'connected', 'connected');
  first.push({ push: 'disconnect', code: 1001, reason: 'server shutting down', reconnect: true, delay: 300 });
  const closedAt = Date.now();
  first.serverClose(1001, 'server shutting down');
  const second = await fake.socket(2);
  assert.ok(second.createdAt - closedAt >= 290, `reconnected after ${second.createdAt - closedAt} ms`);
  await until(() => c.state === 'connected', 'connected again');
  const ctx = next(c, 'disconnected');
  second.push({ push: 'disconnect', code: 3500, reason: 'disconnected by server', reconnect: false, delay: 0 });
  second.serverClose(3500, 'disconnected by server');
  assert.deepEqual(await ctx, { code: 3500, reason: 'disconnected by server', reconnect: false });
  assert.equal(c.state, 'closed');
});

test('a 1000 close is final and a 1006 (no close frame) reconnects', async () => {
  const fake = new FakeNode();
  const c = client(fake);
  c.connect();
  await until(() => c.state === 'connected', 'connected');
  (await fake.socket(1)).serverClose(1006);
  await fake.socket(2);
  await until(() => c.state === 'connected', 'connected again');
  (await fake.socket(2)).serverClose(1000);
  assert.equal(c.state, 'closed');
});

test('no connected push within requestTimeout: the attempt is dropped and retried', async () => {
  const fake = new FakeNode({ connected: false });
  const c = client(fake, { requestTimeout: 100 });
  c.connect();
  const first = await fake.socket(1);
  fake.sendConnected = true;
  await fake.socket(2);
  assert.deepEqual(first.closed, { terminated: true });
  await until(() => c.state === 'connected', 'connected on the second attempt');
  c.disconnect();
});

test('requests time out; a temporary subscribe error is retried, a timed out one reconnects', async () => {
  const fake = new FakeNode();
  fake.replies.presence = () => undefined; // never answered
  let subscribes = 0;
  fake.replies.subscribe = () => {
    subscribes++;
    if (subscribes === 1) {
      return { error: { code: 111, message: 'too many requests', temporary: true } };
    }
    if (subscribes === 2) {
      return undefined; // lost: times out
    }
    return { result: { offset: 0, epoch: 'e', recoverable: true, recovered: false } };
  };
  const c = client(fake, { requestTimeout: 150 });
  const sub = c.subscribe('chat:x');
  const errors = [];
  sub.on('error', (e) => errors.push(e.code));
  c.connect();
  await sub.ready();
  assert.deepEqual(errors, [111]);
  assert.equal(subscribes, 3);
  assert.equal(fake.sockets.length, 2, 'the subscribe timeout replaced the connection');
  await assert.rejects(c.presence('chat:x'), (e) => e.code === ErrorCodes.TIMEOUT && e.temporary === true);
  assert.equal(c.state, 'connected', 'an unanswered command alone does not drop the connection');
  c.disconnect();
});

test('in-flight requests fail with a temporary error when the connection drops', async () => {
  const fake = new FakeNode();
  fake.replies.publish = () => undefined;
  const c = client(fake);
  c.connect();
  await until(() => c.state === 'connected', 'connected');
  const p = c.publish('chat:x', 1);
  (await fake.socket(1)).serverClose(1006);
  await assert.rejects(p, (e) => e.code === ErrorCodes.CONNECTION_LOST && e.temporary === true);
  c.disconnect();
});

test('unknown pushes and replies to forgotten ids are ignored', async () => {
  const fake = new FakeNode();
  const c = client(fake);
  const errors = [];
  const messages = [];
  c.on('error', (e) => errors.push(e));
  c.on('message', (m) => messages.push(m.data));
  c.connect();
  await until(() => c.state === 'connected', 'connected');
  const sock = await fake.socket(1);
  sock.push({ push: 'something-new', x: 1 });
  sock.push({ push: 'typing', channel: 'chat:x', user: 'bob', data: [1, { a: null }] });
  sock.push({ id: 999, result: {} });
  sock.push({ push: 'message', data: 'still fine' });
  assert.equal(c.state, 'connected');
  assert.deepEqual(messages, ['still fine']);
  assert.deepEqual(errors, [], 'an unknown push is not an error');
  c.disconnect();
});

test('an unreadable frame is reported as BAD_SERVER_FRAME and the connection stays', async () => {
  const fake = new FakeNode();
  const c = client(fake);
  const errors = [];
  c.on('error', (e) => errors.push(e));
  c.connect();
  await until(() => c.state === 'connected', 'connected');
  const sock = await fake.socket(1);
  sock.onmessage({ data: '{"push":"message",' });
  assert.equal(errors.length, 1);
  assert.equal(errors[0].code, ErrorCodes.BAD_SERVER_FRAME);
  assert.equal(errors[0].code, 10);
  assert.equal(errors[0].temporary, false);
  assert.equal(c.state, 'connected');
  c.disconnect();
});

test('client-side failures carry the shared client codes', async () => {
  const fake = new FakeNode();
  fake.replies.publish = () => undefined; // never answered
  const c = client(fake, { offlineQueue: 1 });
  // ready() of an ended subscription: UNSUBSCRIBED
  const sub = c.subscribe('chat:gone');
  await sub.unsubscribe();
  await assert.rejects(sub.ready(), (e) => e.code === ErrorCodes.UNSUBSCRIBED && e.code === 12);
  // offline: queued, then the queue is full; presence cannot wait
  const queued = c.publish('chat:x', 1);
  await assert.rejects(c.publish('chat:x', 2), (e) => e.code === ErrorCodes.QUEUE_FULL && e.code === 4 && e.temporary);
  await assert.rejects(c.presence('chat:x'), (e) => e.code === ErrorCodes.NOT_CONNECTED && e.code === 3 && e.temporary);
  // disconnect() fails what waits: DISCONNECTED, temporary (a later connect() may succeed)
  c.connect();
  c.disconnect();
  await assert.rejects(queued, (e) => e.code === ErrorCodes.DISCONNECTED && e.code === 6 && e.temporary === true);
});

test('a final close fails queued and later calls with CLIENT_CLOSED', async () => {
  const fake = new FakeNode();
  fake.replies.publish = () => undefined;
  const c = client(fake);
  c.connect();
  await until(() => c.state === 'connected', 'connected');
  const inFlight = c.publish('chat:x', 1);
  (await fake.socket(1)).serverClose(3500, 'disconnected by server');
  await assert.rejects(inFlight, (e) => e.code === ErrorCodes.CONNECTION_LOST && e.code === 2);
  assert.equal(c.state, 'closed');
  await assert.rejects(c.publish('chat:x', 2), (e) => e.code === ErrorCodes.CLIENT_CLOSED && e.code === 5 && !e.temporary);
});

test('options are checked', () => {
  const fake = new FakeNode();
  assert.throws(() => new Switchboard('', { WebSocket: fake.WebSocket }), TypeError);
  assert.throws(() => new Switchboard('ws://x/ws', { WebSocket: fake.WebSocket, protocol: 'protobuf' }), /not supported/);
  assert.throws(() => new Switchboard('ws://x/ws', { WebSocket: fake.WebSocket, minReconnectDelay: 5000, maxReconnectDelay: 10 }), TypeError);
  assert.throws(() => new Switchboard('ws://x/ws', { WebSocket: fake.WebSocket, offlineQueue: -1 }), TypeError);
  assert.throws(() => new Switchboard('not a url', { WebSocket: fake.WebSocket }), TypeError);
  assert.equal(new Switchboard('http://x:1/ws', { WebSocket: fake.WebSocket }).state, 'disconnected');
});
