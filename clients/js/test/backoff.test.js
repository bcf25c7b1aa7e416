// The reconnect and refresh policies are pure functions: tested without timers or sockets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, reconnectDelay, shouldReconnect, refreshDelay } from '../src/switchboard.js';

const fixed = (x) => () => x;

test('backoff doubles from the base and is capped', () => {
  const ceilings = [0, 1, 2, 3, 4, 5, 6, 10, 100].map((a) => backoffDelay(a, 500, 20000, fixed(0.999999)));
  assert.deepEqual(ceilings, [499, 999, 1999, 3999, 7999, 15999, 19999, 19999, 19999]);
});

test('backoff uses full jitter: anywhere from 0 up to the ceiling', () => {
  assert.equal(backoffDelay(3, 500, 20000, fixed(0)), 0);
  assert.equal(backoffDelay(3, 500, 20000, fixed(0.5)), 2000);
  let state = 7;
  const lcg = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  for (let attempt = 0; attempt < 12; attempt++) {
    const ceiling = Math.min(20000, 500 * 2 ** attempt);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(attempt, 500, 20000, lcg);
      assert.ok(Number.isInteger(d) && d >= 0 && d < ceiling, `attempt ${attempt}: ${d}`);
    }
  }
});

test('backoff survives silly attempts', () => {
  assert.equal(backoffDelay(-3, 500, 20000, fixed(0.5)), 250);
  assert.equal(backoffDelay(1e9, 500, 20000, fixed(0.5)), 10000);
  assert.equal(backoffDelay(2.7, 500, 20000, fixed(0.5)), 1000);
});

test('a server-advised delay wins over the backoff, with up to 20% jitter', () => {
  assert.equal(reconnectDelay(9, 500, 20000, 1200, fixed(0)), 1200);
  assert.equal(reconnectDelay(9, 500, 20000, 1200, fixed(0.5)), 1320);
  assert.ok(reconnectDelay(0, 500, 20000, 1200, fixed(0.999)) < 1440);
  assert.equal(reconnectDelay(0, 500, 20000, 60000, fixed(0)), 60000, 'not capped by maxReconnectDelay');
  assert.equal(reconnectDelay(2, 500, 20000, 0, fixed(0.5)), backoffDelay(2, 500, 20000, fixed(0.5)));
});

test('reconnect advice follows the close code table', () => {
  for (const code of [1001, 1011, 1012, 1013, 3000, 3001, 3002, 3003, 3004, 3499]) {
    assert.equal(shouldReconnect(code), true, `${code}`);
  }
  for (const code of [1000, 1002, 1003, 1007, 1008, 1009, 1010, 1014, 3500, 3501, 3502, 3999, 4000, 4999]) {
    assert.equal(shouldReconnect(code), false, `${code}`);
  }
  assert.equal(shouldReconnect(1006), true, 'no close frame: the connection dropped');
  assert.equal(shouldReconnect(1005), true);
});

test('tokens are refreshed 20% of their remaining life ahead, 1 s to 60 s ahead', () => {
  const t = 1_700_000_000_000;
  assert.equal(refreshDelay(t + 3600_000, t), 3540_000);
  assert.equal(refreshDelay(t + 100_000, t), 80_000);
  assert.equal(refreshDelay(t + 3000, t), 2000);
  assert.equal(refreshDelay(t + 800, t), 0);
  assert.equal(refreshDelay(t - 5000, t), 0, 'already expired: now');
});
