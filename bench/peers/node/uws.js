// µWebSockets.js peer: token checked in the upgrade handler, fan-out through uWS's own topics
// (app.publish frames the message once for all subscribers).
'use strict';
const uWS = require('@trufflesuite/uws-js-unofficial');
const { verify, reply, publication, PORT } = require('./common');

const decoder = new TextDecoder();
const app = uWS.App().ws('/*', {
  compression: uWS.DISABLED,
  maxPayloadLength: 64 * 1024,
  idleTimeout: 60,
  maxBackpressure: 1024 * 1024,
  upgrade: (res, req, context) => {
    const user = verify(new URLSearchParams(req.getQuery()).get('token'));
    if (!user) {
      res.writeStatus('401 Unauthorized').end();
      return;
    }
    res.upgrade({ user }, req.getHeader('sec-websocket-key'), req.getHeader('sec-websocket-protocol'),
      req.getHeader('sec-websocket-extensions'), context);
  },
  message: (ws, message) => {
    let cmd;
    try {
      cmd = JSON.parse(decoder.decode(message));
    } catch (e) {
      ws.end(3502, 'bad request');
      return;
    }
    const ch = cmd.params && cmd.params.channel;
    if (cmd.method === 'subscribe') {
      ws.subscribe(ch);
    } else if (cmd.method === 'publish') {
      app.publish(ch, publication(ch, cmd.params.data), false);
    }
    ws.send(reply(cmd.id), false);
  },
});
app.listen('127.0.0.1', PORT, (token) => {
  if (!token) {
    console.error('uws peer cannot listen on ' + PORT);
    process.exit(1);
  }
  console.log('uws peer listening on ' + PORT);
});
