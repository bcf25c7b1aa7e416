// Socket.IO peer: WebSocket transport only, token in the handshake's auth object, channels are
// rooms; `publish` emits `pub` to the room (Socket.IO encodes a room broadcast once).
'use strict';
const { Server } = require('socket.io');
const { verify, PORT } = require('./common');

const io = new Server({ transports: ['websocket'], perMessageDeflate: false, serveClient: false,
  maxHttpBufferSize: 64 * 1024 });
io.use((socket, next) => {
  const user = verify(socket.handshake.auth && socket.handshake.auth.token);
  if (!user) return next(new Error('unauthorized'));
  socket.data.user = user;
  next();
});
io.on('connection', (socket) => {
  socket.on('subscribe', (ch, ack) => {
    socket.join(ch);
    if (ack) ack({});
  });
  socket.on('publish', (ch, data, ack) => {
    io.to(ch).emit('pub', data);
    if (ack) ack({});
  });
  socket.on('echo', (ack) => {
    if (ack) ack({});
  });
});
const http = require('http').createServer((req, res) => res.writeHead(404).end());
io.attach(http);
http.listen(PORT, '127.0.0.1', () => console.log('socket.io peer listening on ' + PORT));
