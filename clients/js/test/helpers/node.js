// Starts a real Switchboard node (the CLI jar) for a test, mints tokens and calls the HTTP API.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const JAR = process.env.SB_JAR
  || resolve(here, '../../../../switchboard-server/target/switchboard.jar');

const STARTUP_TIMEOUT_MS = 30000;
const STOP_TIMEOUT_MS = 15000;

function yamlValue(v) {
  if (Array.isArray(v)) {
    return `[${v.map(yamlValue).join(', ')}]`;
  }
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function toYaml(obj, indent = '') {
  let out = '';
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out += `${indent}${k}:\n${toYaml(v, indent + '  ')}`;
    } else {
      out += `${indent}${k}: ${yamlValue(v)}\n`;
    }
  }
  return out;
}

/** The namespaces every test node has. */
export const NAMESPACES = {
  chat: { subscribe: 'authenticated', publish: true, presence: true, join_leave: true, history_size: 100, history_ttl: '10m' },
  live: { subscribe: 'authenticated', publish: true, presence: false, join_leave: false, history_size: 0, history_ttl: '10m' },
  news: { subscribe: 'claim', publish: false, history_size: 20, history_ttl: '10m' },
};

export class TestNode {
  constructor(options = {}) {
    this.secret = randomBytes(24).toString('hex'); // 48 bytes of text
    this.apiKey = `test-key-${randomBytes(8).toString('hex')}`;
    this.port = 0;
    this.options = options;
    this.dir = mkdtempSync(join(tmpdir(), 'switchboard-js-'));
    this.proc = null;
    this.output = '';
  }

  get url() {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  get httpUrl() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the node (on the same port as before after a stop()). Resolves once it listens. */
  async start() {
    if (!existsSync(JAR)) {
      throw new Error(`node jar not found at ${JAR}: build it with mvn -pl switchboard-server -am package -DskipTests`);
    }
    const config = {
      host: '127.0.0.1',
      port: this.port,
      api_key: this.apiKey,
      drain_period: '0s',
      allowed_origins: this.options.allowedOrigins || [],
      token: { hmac_secret: this.secret, clock_skew: '0s' },
      namespaces: NAMESPACES,
    };
    const file = join(this.dir, 'switchboard.yaml');
    writeFileSync(file, toYaml(config));
    const env = { ...process.env };
    for (const k of Object.keys(env)) {
      if (k.startsWith('SWITCHBOARD_')) {
        delete env[k]; // the node refuses unknown SWITCHBOARD_* variables
      }
    }
    const proc = spawn('java', ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-jar', JAR, 'serve', '--config', file],
      { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    this.output = '';
    const exited = new Promise((res) => proc.once('exit', (code, signal) => res({ code, signal })));
    this.exited = exited;
    const listening = new Promise((res, rej) => {
      const onData = (chunk) => {
        this.output += chunk;
        const m = /Switchboard \S+ listening on [^:\s]+:(\d+)/.exec(this.output);
        if (m) {
          this.port = Number(m[1]);
          res();
        }
      };
      proc.stdout.setEncoding('utf8').on('data', onData);
      proc.stderr.setEncoding('utf8').on('data', onData);
      exited.then(({ code }) => rej(new Error(`node exited with ${code} before listening:\n${this.output}`)));
    });
    let timer;
    const timeout = new Promise((_, rej) => {
      timer = setTimeout(() => rej(new Error(`node did not start in ${STARTUP_TIMEOUT_MS} ms:\n${this.output}`)), STARTUP_TIMEOUT_MS);
    });
    try {
      await Promise.race([listening, timeout]);
    } catch (e) {
      proc.kill('SIGKILL');
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return this;
  }

  /** SIGTERM (graceful drain); resolves with the exit code. */
  async stop() {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) {
      return proc ? proc.exitCode : 0;
    }
    proc.kill('SIGTERM');
    let timer;
    const result = await Promise.race([
      this.exited,
      new Promise((res) => {
        timer = setTimeout(() => res(null), STOP_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (result === null) {
      proc.kill('SIGKILL');
      await this.exited;
      throw new Error(`node did not stop on SIGTERM within ${STOP_TIMEOUT_MS} ms:\n${this.output}`);
    }
    this.proc = null;
    return result.code;
  }

  /** Stops (SIGTERM) and starts again on the same port; resolves with the stop's exit code. */
  async restart() {
    const code = await this.stop();
    await this.start();
    return code;
  }

  /** Stops the node and removes its temp directory. */
  async close() {
    try {
      return await this.stop();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  /** An HS256 JWT for `user`; `ttl` in seconds (0: no expiry), or an explicit `exp`. */
  token(user, { ttl = 3600, exp, channels, info } = {}) {
    const iat = Math.floor(Date.now() / 1000);
    const claims = { sub: user, iat };
    if (exp !== undefined) {
      claims.exp = exp;
    } else if (ttl > 0) {
      claims.exp = iat + ttl;
    }
    if (channels) {
      claims.channels = channels;
    }
    if (info !== undefined) {
      claims.info = info;
    }
    return signHs256(this.secret, claims);
  }

  /** Calls the server HTTP API; resolves with the parsed JSON answer (throws on a non-2xx status). */
  async api(method, path, body) {
    const res = await fetch(`${this.httpUrl}${path}`, {
      method,
      headers: { authorization: `apikey ${this.apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) {
      throw new Error(`${method} ${path}: ${res.status} ${text}`);
    }
    return JSON.parse(text);
  }

  publish(channel, data) {
    return this.api('POST', '/api/publish', { channel, data });
  }
}

function b64url(value) {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

export function signHs256(secret, claims) {
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  const sig = createHmac('sha256', secret).update(head).digest('base64url');
  return `${head}.${sig}`;
}

export async function startNode(options) {
  return new TestNode(options).start();
}
