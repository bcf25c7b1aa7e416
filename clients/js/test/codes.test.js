// The code tables are the ones the server and the Java client use (docs/protocol.md): read the Java
// enums of switchboard-protocol and compare names and numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ClientErrorCodes, ServerErrorCodes, ErrorCodes, shouldReconnect } from '../src/switchboard.js';

const protocol = fileURLToPath(new URL('../../../switchboard-protocol/src/main/java/io/switchboard/protocol/', import.meta.url));

/** `NAME(number, ...` constants of a Java enum, in order. */
function javaEnum(file) {
  const text = readFileSync(protocol + file, 'utf8');
  return Object.fromEntries([...text.matchAll(/^\s+([A-Z][A-Z0-9_]*)\((\d+),/gm)].map((m) => [m[1], Number(m[2])]));
}

test('ClientErrorCodes is the protocol ClientErrorCode table', () => {
  assert.deepEqual({ ...ClientErrorCodes }, javaEnum('ClientErrorCode.java'));
  assert.deepEqual(Object.entries(ClientErrorCodes).map(([name, code]) => `${code} ${name}`), [
    '1 TIMEOUT', '2 CONNECTION_LOST', '3 NOT_CONNECTED', '4 QUEUE_FULL', '5 CLIENT_CLOSED', '6 DISCONNECTED',
    '7 CONNECT_FAILED', '8 TOKEN_UNAVAILABLE', '9 REFRESH_FAILED', '10 BAD_SERVER_FRAME', '11 MESSAGE_TOO_LARGE',
    '12 UNSUBSCRIBED']);
});

test('ServerErrorCodes is the protocol ErrorCode table', () => {
  assert.deepEqual({ ...ServerErrorCodes }, javaEnum('ErrorCode.java'));
});

test('ErrorCodes holds both; MESSAGE_TOO_LARGE there is the server one', () => {
  for (const [name, code] of Object.entries(ClientErrorCodes)) {
    assert.equal(ErrorCodes[name], name === 'MESSAGE_TOO_LARGE' ? 113 : code, name);
    assert.ok(code >= 1 && code < 100, name);
  }
  for (const [name, code] of Object.entries(ServerErrorCodes)) {
    assert.equal(ErrorCodes[name], code, name);
    assert.ok(code >= 100, name);
  }
  assert.ok(Object.isFrozen(ErrorCodes) && Object.isFrozen(ClientErrorCodes) && Object.isFrozen(ServerErrorCodes));
});

test('shouldReconnect agrees with the reconnect flag of every protocol DisconnectCode', () => {
  const text = readFileSync(protocol + 'DisconnectCode.java', 'utf8');
  const rows = [...text.matchAll(/^\s+([A-Z][A-Z0-9_]*)\((\d+), "[^"]*", (true|false)\)/gm)];
  assert.ok(rows.length >= 10, 'parsed the DisconnectCode table');
  for (const [, name, code, reconnect] of rows) {
    assert.equal(shouldReconnect(Number(code)), reconnect === 'true', `${name} ${code}`);
  }
  // codes outside the table: the ones DisconnectCode.reconnectAdvised names
  for (const code of [1005, 1006, 1012, 1013]) {
    assert.equal(shouldReconnect(code), true, `${code}`);
  }
});
