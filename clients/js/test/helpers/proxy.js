// A TCP proxy in front of a node that can cut a connection silently (no FIN, no RST, no close
// frame) and hold new connections, to play a dropped network path.
import net from 'node:net';

export class TcpProxy {
  constructor(targetPort) {
    this.targetPort = targetPort;
    this.pairs = new Set();
    this.holding = false;
    this.held = [];
    this.accepted = 0;
    this.server = net.createServer((client) => this._accept(client));
  }

  async start() {
    await new Promise((res) => this.server.listen(0, '127.0.0.1', res));
    this.port = this.server.address().port;
    return this;
  }

  url(path = '/ws') {
    return `ws://127.0.0.1:${this.port}${path}`;
  }

  _accept(client) {
    this.accepted++;
    client.on('error', () => {});
    if (this.holding) {
      client.pause();
      this.held.push(client);
      return;
    }
    this._connect(client);
  }

  _connect(client) {
    const upstream = net.connect(this.targetPort, '127.0.0.1');
    const pair = { client, upstream, blackholed: false };
    this.pairs.add(pair);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('data', (d) => {
      if (!pair.blackholed) {
        upstream.write(d);
      }
    });
    upstream.on('data', (d) => {
      if (!pair.blackholed) {
        client.write(d);
      }
    });
    const end = () => {
      if (pair.blackholed) {
        return; // the far side must not learn anything; close() cleans up
      }
      client.destroy();
      upstream.destroy();
      this.pairs.delete(pair);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.resume();
  }

  /** From now on the current connections pass nothing, in either direction, and never close. */
  blackholeExisting() {
    for (const pair of this.pairs) {
      pair.blackholed = true;
    }
  }

  /** New connections are accepted but not forwarded until release(). */
  hold() {
    this.holding = true;
  }

  release() {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const client of held) {
      if (!client.destroyed) {
        this._connect(client);
      }
    }
  }

  async close() {
    for (const pair of this.pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    for (const client of this.held) {
      client.destroy();
    }
    await new Promise((res) => this.server.close(res));
  }
}
