// Shared by the Node peers: the HS256 token check and the Switchboard-protocol subset the
// generator speaks (subscribe / publish / ping with an id; publication pushes carry data verbatim).
'use strict';
const crypto = require('crypto');

const SECRET = process.env.BENCH_SECRET || '';
const PORT = Number(process.env.PORT || 8090);

/** The token's sub when its HS256 signature and exp are good, otherwise null. Empty secret: no check. */
function verify(token) {
  if (!SECRET) return 'anonymous';
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const mac = crypto.createHmac('sha256', SECRET).update(parts[0] + '.' + parts[1]).digest('base64url');
  const a = Buffer.from(mac);
  const b = Buffer.from(parts[2]);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return null;
  let claims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  } catch (e) {
    return null;
  }
  if (typeof claims.sub !== 'string' || (claims.exp && claims.exp * 1000 < Date.now())) return null;
  return claims.sub;
}

function reply(id) {
  return '{"id":' + id + ',"result":{}}';
}

/** The publication push, built once per publication and shared by all subscribers. */
function publication(channel, data) {
  return '{"push":"publication","channel":' + JSON.stringify(channel) + ',"data":' + JSON.stringify(data) + '}';
}

module.exports = { verify, reply, publication, PORT, SECRET };
