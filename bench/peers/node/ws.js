// Node `ws` peer: token checked before the upgrade, channels as Sets, the push serialised once
// per publication into one Buffer that every subscriber's send() reuses.
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');
const { verify, reply, publication, PORT } = require('./common');

const channels = new Map();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });
const server = http.createServer((req, res) => res.writeHead(404).end());

server.on('upgrade', (req, socket, head) => {
  const user = verify(new URL(req.url, 'http://localhost').searchParams.get('token'));
  if (!user) {
    socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    ws.subs = [];
    ws.on('message', (data) => onMessage(ws, data));
    ws.on('close', () => ws.subs.forEach((ch) => channels.get(ch) && channels.get(ch).delete(ws)));
  });
});

function onMessage(ws, data) {
  let cmd;
  try {
    cmd = JSON.parse(data);
  } catch (e) {
    ws.close(3502, 'bad request');
    return;
  }
  const ch = cmd.params && cmd.params.channel;
  if (cmd.method === 'subscribe') {
    if (!channels.has(ch)) channels.set(ch, new Set());
    channels.get(ch).add(ws);
    ws.subs.push(ch);
  } else if (cmd.method === 'publish') {
    const frame = Buffer.from(publication(ch, cmd.params.data));
    const subs = channels.get(ch);
    if (subs) for (const s of subs) s.send(frame, { binary: false });
  }
  ws.send(reply(cmd.id));
}

server.listen(PORT, '127.0.0.1', () => console.log('ws peer listening on ' + PORT));
