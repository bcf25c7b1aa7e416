// Switchboard JavaScript client: one ES module, no dependencies, for browsers and Node.
// The wire contract is docs/protocol.md (JSON subprotocol `switchboard.v1.json`).

/** WebSocket subprotocol this client speaks. */
export const PROTOCOL_JSON = 'switchboard.v1.json';

/** Connection states. */
export const States = Object.freeze({
  DISCONNECTED: 'disconnected',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  CLOSED: 'closed',
});

/** Subscription states. */
export const SubscriptionStates = Object.freeze({
  UNSUBSCRIBED: 'unsubscribed',
  SUBSCRIBING: 'subscribing',
  SUBSCRIBED: 'subscribed',
});

/**
 * Failures this client detects itself: the client-side table that every Switchboard client shares
 * (docs/protocol.md, "Client-side error codes"; the Java client's `ClientErrorCode`). Codes below
 * 100 never come from the server.
 */
export const ClientErrorCodes = Object.freeze({
  TIMEOUT: 1, // no reply within requestTimeout
  CONNECTION_LOST: 2, // the connection dropped after the command was sent: it may or may not have been applied
  NOT_CONNECTED: 3, // not connected, and the call cannot wait (or the offline queue is off)
  QUEUE_FULL: 4, // not connected, and the offline queue is full
  CLIENT_CLOSED: 5, // the client is closed (the server said not to reconnect)
  DISCONNECTED: 6, // disconnect() was called before the call could be sent or answered
  CONNECT_FAILED: 7, // a connection attempt failed
  TOKEN_UNAVAILABLE: 8, // getToken failed or returned no token
  REFRESH_FAILED: 9, // refreshing the token of the live connection failed
  BAD_SERVER_FRAME: 10, // the server sent something this client cannot read
  MESSAGE_TOO_LARGE: 11, // reserved: the command is over the client's size limit (this client has none)
  UNSUBSCRIBED: 12, // the subscription ended before the reply (ready())
});

/** The server's error replies (docs/protocol.md, "Error codes"; the Java `ErrorCode`). */
export const ServerErrorCodes = Object.freeze({
  INTERNAL: 100,
  UNAUTHORIZED: 101,
  UNKNOWN_CHANNEL: 102,
  PERMISSION_DENIED: 103,
  METHOD_NOT_FOUND: 104,
  ALREADY_SUBSCRIBED: 105,
  LIMIT_EXCEEDED: 106,
  BAD_REQUEST: 107,
  NOT_AVAILABLE: 108,
  TOKEN_EXPIRED: 109,
  NOT_SUBSCRIBED: 110,
  TOO_MANY_REQUESTS: 111,
  UNRECOVERABLE_POSITION: 112,
  MESSAGE_TOO_LARGE: 113,
});

/**
 * Both tables in one object: 1-12 raised by this client, 100-113 the server's error replies. The one
 * name in both, MESSAGE_TOO_LARGE, is the server's 113 here (this client never raises 11); use
 * `ClientErrorCodes.MESSAGE_TOO_LARGE` for 11.
 */
export const ErrorCodes = Object.freeze({ ...ClientErrorCodes, ...ServerErrorCodes });

/** Close and disconnect codes (docs/protocol.md, "Close and disconnect codes"). */
export const DisconnectCodes = Object.freeze({
  NORMAL: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  NO_STATUS: 1005,
  ABNORMAL: 1006,
  INVALID_PAYLOAD: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  INTERNAL_ERROR: 1011,
  SERVER_RECONNECT: 3000,
  SLOW_CONSUMER: 3001,
  NO_HEARTBEAT: 3002,
  TOKEN_EXPIRED: 3003,
  RATE_LIMITED: 3004,
  SERVER_FORCE: 3500,
  INVALID_TOKEN: 3501,
  BAD_REQUEST: 3502,
});

/** Unsubscribe codes of the server's `unsubscribed` push; 0 is an `unsubscribe()` by the app. */
export const UnsubscribeCodes = Object.freeze({
  CLIENT: 0,
  SERVER: 2000,
  PERMISSION_REVOKED: 2001,
});

export const DEFAULTS = Object.freeze({
  token: null,
  getToken: null,
  WebSocket: null,
  minReconnectDelay: 500,
  maxReconnectDelay: 20000,
  heartbeatInterval: 25000,
  maxMissedHeartbeats: 2,
  requestTimeout: 10000,
  offlineQueue: 100,
  protocol: 'json',
});

/**
 * An error reply from the server (code 100+, `ServerErrorCodes`) or a failure raised by the client
 * (code 1-99, `ClientErrorCodes`). `temporary`: the same call may succeed if retried later.
 */
export class SwitchboardError extends Error {
  constructor(code, message, temporary = false, cause = undefined) {
    super(message);
    this.name = 'SwitchboardError';
    this.code = code;
    this.temporary = temporary;
    if (cause !== undefined) {
      this.cause = cause;
    }
  }
}

// ---- pure policy functions (exported for tests and for apps that want the same numbers) ----

const MAX_TIMER_DELAY = 2147483647; // setTimeout's limit (about 24.8 days)
const MIN_REFRESH_INTERVAL = 1000;

/**
 * Exponential backoff with full jitter: a uniformly random delay in [0, min(max, min * 2^attempt)).
 * `attempt` counts from 0 (the first retry).
 */
export function backoffDelay(attempt, minDelay, maxDelay, random = Math.random) {
  const exp = Math.min(Math.max(0, Math.floor(attempt)), 30);
  const ceiling = Math.min(maxDelay, minDelay * 2 ** exp);
  return Math.floor(random() * ceiling);
}

/**
 * The delay before reconnect attempt `attempt`: a server-advised delay (from a `disconnect` push)
 * wins, plus up to 20% jitter; otherwise {@link backoffDelay}.
 */
export function reconnectDelay(attempt, minDelay, maxDelay, advisedDelay = 0, random = Math.random) {
  if (advisedDelay > 0) {
    return Math.floor(advisedDelay + random() * advisedDelay * 0.2);
  }
  return backoffDelay(attempt, minDelay, maxDelay, random);
}

/**
 * Whether a connection closed with `code` (and no `disconnect` push saying otherwise) should be
 * re-established. Follows the table in docs/protocol.md (the protocol's
 * `DisconnectCode.reconnectAdvised`, which the Java client uses); 1005 and 1006 are reported locally
 * when no close frame arrived (a dropped connection), so they reconnect too.
 */
export function shouldReconnect(code) {
  if (code === 1005 || code === 1006) {
    return true;
  }
  // 1001 going away, 1011 internal error, 1012 service restart, 1013 try again later
  if (code === 1001 || code === 1011 || code === 1012 || code === 1013) {
    return true;
  }
  return code >= 3000 && code <= 3499;
}

/**
 * When to refresh a token that expires at `expiresMs` (Unix ms), seen at `nowMs`: 20% of the
 * remaining lifetime ahead of expiry, at least 1 s and at most 60 s ahead. 0 means now.
 */
export function refreshDelay(expiresMs, nowMs) {
  const remaining = expiresMs - nowMs;
  if (remaining <= 0) {
    return 0;
  }
  const margin = Math.min(60000, Math.max(1000, remaining * 0.2));
  return Math.max(0, Math.floor(remaining - margin));
}

// ---- events ----

function reportListenerError(error) {
  // An exception in an app's listener must not corrupt the client's state: rethrow it outside.
  setTimeout(() => {
    throw error;
  }, 0);
}

class Emitter {
  constructor() {
    this._listeners = new Map();
  }

  /** Adds a listener; returns this. */
  on(event, fn) {
    if (typeof fn !== 'function') {
      throw new TypeError('listener must be a function');
    }
    let list = this._listeners.get(event);
    if (!list) {
      list = [];
      this._listeners.set(event, list);
    }
    list.push(fn);
    return this;
  }

  /** Adds a listener that is removed after its first call; returns this. */
  once(event, fn) {
    const wrapper = (...args) => {
      this.off(event, wrapper);
      fn(...args);
    };
    wrapper.listener = fn;
    return this.on(event, wrapper);
  }

  /** Removes a listener, or every listener of `event` when `fn` is omitted; returns this. */
  off(event, fn) {
    if (event === undefined) {
      this._listeners.clear();
      return this;
    }
    const list = this._listeners.get(event);
    if (!list) {
      return this;
    }
    if (fn === undefined) {
      this._listeners.delete(event);
      return this;
    }
    const i = list.findIndex((l) => l === fn || l.listener === fn);
    if (i >= 0) {
      list.splice(i, 1);
    }
    if (list.length === 0) {
      this._listeners.delete(event);
    }
    return this;
  }

  /** For the client and its subscriptions: both keep their state in `_state` and announce changes as `state`. */
  _setState(state) {
    const old = this._state;
    if (old === state) {
      return;
    }
    this._state = state;
    this._emit('state', state, old);
  }

  _emit(event, ...args) {
    const list = this._listeners.get(event);
    if (!list) {
      return;
    }
    for (const fn of [...list]) {
      try {
        fn(...args);
      } catch (e) {
        reportListenerError(e);
      }
    }
  }
}

function noop() {}

const now = () => Date.now();

function buildUrl(base, token) {
  const location = globalThis.location && globalThis.location.href;
  const url = location ? new URL(base, location) : new URL(base);
  if (url.protocol === 'http:') {
    url.protocol = 'ws:';
  } else if (url.protocol === 'https:') {
    url.protocol = 'wss:';
  }
  if (token) {
    url.searchParams.set('token', token);
  }
  return url.toString();
}

function frameText(data) {
  if (typeof data === 'string') {
    return data;
  }
  // Text frames are strings in browsers and in `ws`; be lenient with implementations that hand bytes.
  return new TextDecoder().decode(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
}

function checkDelay(name, value, allowZero) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new TypeError(`option ${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got ${value}`);
  }
}

// ---- subscription ----

const RECENT_IDS = 512;

/** One channel subscription; made by {@link Switchboard#subscribe}. */
export class Subscription extends Emitter {
  constructor(client, channel, options = {}) {
    super();
    this.channel = channel;
    this._client = client;
    this._state = SubscriptionStates.SUBSCRIBING;
    this._recover = options.recover !== false;
    const since = options.since;
    if (since != null) {
      if (typeof since.offset !== 'number' || since.offset < 0) {
        throw new TypeError('since.offset must be a non-negative number');
      }
      this._offset = since.offset;
      this._epoch = since.epoch == null ? '' : String(since.epoch);
    } else {
      this._offset = null;
      this._epoch = null;
    }
    this._recoverable = true;
    this._wasSubscribed = false;
    this._gen = 0; // bumped whenever an in-flight subscribe becomes stale
    this._requestId = 0;
    this._buffer = null; // publications that arrive while a subscribe reply is awaited
    this._ids = new Set();
    this._retryTimer = null;
    this._retryAttempt = 0;
  }

  /** `unsubscribed`, `subscribing` or `subscribed`. */
  get state() {
    return this._state;
  }

  /** Offset of the last publication processed (or of the subscribe position); null before the first subscribe. */
  get offset() {
    return this._offset;
  }

  /** Epoch of {@link offset}. */
  get epoch() {
    return this._epoch;
  }

  /** Resolves once subscribed; rejects if the subscription ends first. */
  ready() {
    if (this._state === SubscriptionStates.SUBSCRIBED) {
      return Promise.resolve(this);
    }
    if (this._state === SubscriptionStates.UNSUBSCRIBED) {
      return Promise.reject(new SwitchboardError(ErrorCodes.UNSUBSCRIBED, `not subscribed to ${this.channel}`));
    }
    return new Promise((resolve, reject) => {
      const onState = (state) => {
        if (state === SubscriptionStates.SUBSCRIBED) {
          this.off('state', onState).off('unsubscribed', onEnd);
          resolve(this);
        }
      };
      const onEnd = (ctx) => {
        this.off('state', onState).off('unsubscribed', onEnd);
        reject(new SwitchboardError(ctx.code >= 100 && ctx.code < 1000 ? ctx.code : ErrorCodes.UNSUBSCRIBED,
          `subscription to ${this.channel} ended: ${ctx.reason}`));
      };
      this.on('state', onState).on('unsubscribed', onEnd);
    });
  }

  /** Ends the subscription (no resubscribe). Resolves when the server has acknowledged it, or at once when offline. */
  unsubscribe() {
    if (this._state === SubscriptionStates.UNSUBSCRIBED) {
      return Promise.resolve();
    }
    this._end(UnsubscribeCodes.CLIENT, 'unsubscribe called');
    return this._client._unsubscribe(this);
  }

  _cancelInflight() {
    this._gen++;
    this._buffer = null;
    if (this._requestId) {
      this._client._forget(this._requestId);
      this._requestId = 0;
    }
    if (this._retryTimer) {
      clearTimeout(this._retryTimer);
      this._retryTimer = null;
    }
  }

  /** The connection is gone: wait for the next one (position kept for recovery). */
  _suspend() {
    this._cancelInflight();
    if (this._state === SubscriptionStates.SUBSCRIBED) {
      this._setState(SubscriptionStates.SUBSCRIBING);
    }
  }

  _end(code, reason) {
    this._cancelInflight();
    this._client._removeSubscription(this);
    this._setState(SubscriptionStates.UNSUBSCRIBED);
    this._emit('unsubscribed', { channel: this.channel, code, reason });
  }

  /** Parameters of the next subscribe command, and whether it asks for recovery. */
  _subscribeParams() {
    const params = { channel: this.channel };
    const canRecover = this._recover && this._recoverable && this._offset != null && this._epoch != null;
    if (canRecover) {
      params.recover = true;
      params.offset = this._offset;
      params.epoch = this._epoch;
    }
    return params;
  }

  _onSubscribed(result, askedRecovery) {
    this._retryAttempt = 0;
    const resubscribed = this._wasSubscribed;
    this._wasSubscribed = true;
    this._recoverable = result.recoverable === true;
    const recovered = askedRecovery && result.recovered === true;
    const missed = recovered && Array.isArray(result.publications) ? result.publications : [];
    if (!recovered) {
      // A new position (possibly a new epoch): offsets from before do not compare with it.
      this._offset = typeof result.offset === 'number' ? result.offset : 0;
      this._epoch = typeof result.epoch === 'string' ? result.epoch : '';
    }
    const buffered = this._buffer || [];
    this._buffer = null;
    const gen = this._gen;
    this._setState(SubscriptionStates.SUBSCRIBED);
    const ctx = {
      channel: this.channel,
      offset: typeof result.offset === 'number' ? result.offset : 0,
      epoch: typeof result.epoch === 'string' ? result.epoch : '',
      recoverable: this._recoverable,
      recovered,
      resubscribed,
    };
    if (gen !== this._gen) {
      return; // a state listener unsubscribed
    }
    this._emit('subscribed', ctx);
    if ((resubscribed || askedRecovery) && gen === this._gen) {
      this._emit('recovered', { ...ctx, publications: missed.length });
    }
    for (const pub of missed) {
      if (gen !== this._gen) {
        return;
      }
      this._deliver(pub);
    }
    if (recovered && gen === this._gen) {
      this._epoch = ctx.epoch;
      if (ctx.offset > this._offset) {
        this._offset = ctx.offset;
      }
    }
    for (const pub of buffered) {
      if (gen !== this._gen) {
        return;
      }
      this._deliver(pub);
    }
  }

  _onPublication(raw) {
    if (this._buffer) {
      this._buffer.push(raw);
    } else if (this._state === SubscriptionStates.SUBSCRIBED) {
      this._deliver(raw);
    }
  }

  /** Hands one publication to the app unless it is a duplicate (same id, or an offset already seen). */
  _deliver(raw) {
    const offset = typeof raw.offset === 'number' ? raw.offset : 0;
    const id = raw.id;
    if (id != null && this._ids.has(id)) {
      return;
    }
    if (offset > 0 && this._offset != null && offset <= this._offset) {
      return;
    }
    if (id != null) {
      this._ids.add(id);
      if (this._ids.size > RECENT_IDS) {
        this._ids.delete(this._ids.values().next().value);
      }
    }
    if (offset > 0) {
      this._offset = offset;
    }
    const pub = { channel: this.channel, id, offset, data: raw.data };
    if (raw.info !== undefined) {
      pub.info = raw.info;
    }
    this._emit('publication', pub);
  }
}

// ---- client ----

/**
 * A connection to a Switchboard node that reconnects by itself, keeps subscriptions (with
 * recovery of missed publications), refreshes its token and queues publish/send while offline.
 */
export class Switchboard extends Emitter {
  constructor(url, options = {}) {
    super();
    if (typeof url !== 'string' || url === '') {
      throw new TypeError('url is required, e.g. ws://localhost:8080/ws');
    }
    buildUrl(url, null); // throws on a malformed URL now rather than on every attempt
    const o = { ...DEFAULTS };
    for (const [k, v] of Object.entries(options || {})) {
      if (v !== undefined) {
        o[k] = v;
      }
    }
    checkDelay('minReconnectDelay', o.minReconnectDelay, false);
    checkDelay('maxReconnectDelay', o.maxReconnectDelay, false);
    if (o.maxReconnectDelay < o.minReconnectDelay) {
      throw new TypeError('maxReconnectDelay must not be less than minReconnectDelay');
    }
    checkDelay('heartbeatInterval', o.heartbeatInterval, true);
    checkDelay('maxMissedHeartbeats', o.maxMissedHeartbeats, false);
    checkDelay('requestTimeout', o.requestTimeout, false);
    checkDelay('offlineQueue', o.offlineQueue, true);
    if (o.protocol !== 'json') {
      throw new TypeError(`protocol '${o.protocol}' is not supported by this client (use 'json')`);
    }
    if (o.getToken != null && typeof o.getToken !== 'function') {
      throw new TypeError('getToken must be a function returning a token (or a Promise of one)');
    }
    const Impl = o.WebSocket || globalThis.WebSocket;
    if (typeof Impl !== 'function') {
      throw new TypeError('no WebSocket implementation: pass options.WebSocket (e.g. the `ws` package in Node)');
    }
    this._url = url;
    this._options = o;
    this._WebSocket = Impl;
    this._token = o.token || null;
    this._getToken = o.getToken || null;
    this._tokenStale = false;
    this._state = States.DISCONNECTED;
    this._conn = null; // the current attempt or connection
    this._gen = 0; // bumped on every attempt and on disconnect(): stale async work checks it
    this._attempt = 0;
    this._reconnectTimer = null;
    this._refreshTimer = null;
    this._nextId = 1;
    this._pending = new Map();
    this._queue = [];
    this._subs = new Map();
    this._session = null;
  }

  /** `disconnected`, `connecting`, `connected` or `closed`. */
  get state() {
    return this._state;
  }

  /** The current connection's `connected` push ({client, user, node, heartbeat, expires}), or null. */
  get session() {
    return this._state === States.CONNECTED ? this._session : null;
  }

  /** Starts connecting (and reconnecting after failures). No-op when already connecting or connected. */
  connect() {
    if (this._state === States.CONNECTING || this._state === States.CONNECTED) {
      return;
    }
    this._attempt = 0;
    this._setState(States.CONNECTING);
    this._open();
  }

  /** Closes the connection and stops reconnecting; subscriptions are kept for a later connect(). */
  disconnect() {
    if (this._state === States.DISCONNECTED) {
      return;
    }
    this._gen++;
    this._clearReconnectTimer();
    const conn = this._conn;
    const wasConnected = conn !== null && conn.connected;
    if (conn) {
      this._conn = null;
      this._teardown(conn, true, 'client disconnect');
    }
    this._stopped(new SwitchboardError(ErrorCodes.DISCONNECTED, 'client disconnected', true));
    this._setState(States.DISCONNECTED);
    if (wasConnected) {
      this._emit('disconnected', { code: 1000, reason: 'client disconnect', reconnect: false });
    }
  }

  /** Subscribes to `channel`; the subscription lives (across reconnects) until unsubscribed. */
  subscribe(channel, options = {}) {
    if (typeof channel !== 'string' || channel === '') {
      throw new TypeError('channel is required');
    }
    if (this._subs.has(channel)) {
      throw new SwitchboardError(ErrorCodes.ALREADY_SUBSCRIBED, `already subscribed to ${channel}`);
    }
    const sub = new Subscription(this, channel, options);
    this._subs.set(channel, sub);
    if (this._state === States.CONNECTED) {
      this._sendSubscribe(sub);
    }
    return sub;
  }

  /** The live subscription to `channel`, or null. */
  getSubscription(channel) {
    return this._subs.get(channel) || null;
  }

  /** Publishes to a channel; resolves with {offset, epoch}. Queued while offline. */
  publish(channel, data) {
    if (data === undefined) {
      return Promise.reject(new TypeError('data is required (null is a value)'));
    }
    return this._command('publish', { channel, data }, true);
  }

  /** Sends `data` to every connection of `user`; resolves with {}. Queued while offline. */
  send(user, data) {
    if (data === undefined) {
      return Promise.reject(new TypeError('data is required (null is a value)'));
    }
    return this._command('send', { user, data }, true);
  }

  /** Resolves with {clients: [{client, user, info?}]}. Fails fast while offline. */
  presence(channel) {
    return this._command('presence', { channel }, false);
  }

  /**
   * Resolves with {publications, offset, epoch}; options `limit` and `since: {offset, epoch}`.
   * Fails fast while offline.
   */
  history(channel, options = {}) {
    const params = { channel };
    if (options.limit != null) {
      params.limit = options.limit;
    }
    if (options.since != null) {
      params.since = { offset: options.since.offset, epoch: options.since.epoch == null ? '' : options.since.epoch };
    }
    return this._command('history', params, false).then((result) => {
      const pubs = Array.isArray(result.publications) ? result.publications : [];
      return {
        publications: pubs.map((p) => ({ channel, ...p })),
        offset: result.offset,
        epoch: result.epoch,
      };
    });
  }

  // ---- connection lifecycle ----

  _clearReconnectTimer() {
    if (this._reconnectTimer) {
      clearTimeout(this._reconnectTimer);
      this._reconnectTimer = null;
    }
  }

  async _open() {
    const gen = ++this._gen;
    this._clearReconnectTimer();
    let token = this._token;
    if (this._getToken && (token == null || this._tokenStale)) {
      try {
        token = await this._getToken();
      } catch (e) {
        if (gen === this._gen) {
          this._emitError(new SwitchboardError(ErrorCodes.TOKEN_UNAVAILABLE, `getToken failed: ${e && e.message}`, true, e));
          this._scheduleReconnect(0);
        }
        return;
      }
      if (gen !== this._gen) {
        return;
      }
      if (typeof token !== 'string' || token === '') {
        this._emitError(new SwitchboardError(ErrorCodes.TOKEN_UNAVAILABLE, 'getToken returned no token', true));
        this._scheduleReconnect(0);
        return;
      }
      this._token = token;
      this._tokenStale = false;
    }
    const conn = {
      ws: null,
      opened: false,
      connected: false,
      pushedDisconnect: null,
      error: null,
      lastInbound: now(),
      handshakeTimer: null,
      heartbeatTimer: null,
      deadlineTimer: null,
    };
    try {
      conn.ws = new this._WebSocket(buildUrl(this._url, token), PROTOCOL_JSON);
    } catch (e) {
      this._emitError(new SwitchboardError(ErrorCodes.CONNECT_FAILED, `cannot open WebSocket: ${e && e.message}`, true, e));
      this._scheduleReconnect(0);
      return;
    }
    this._conn = conn;
    const ws = conn.ws;
    ws.onopen = () => {
      conn.opened = true;
    };
    ws.onmessage = (event) => this._onFrame(conn, event.data);
    ws.onerror = (event) => {
      conn.error = (event && (event.message || (event.error && event.error.message))) || 'WebSocket error';
    };
    ws.onclose = (event) => {
      if (conn === this._conn) {
        this._connectionLost(conn, event.code || 1006, event.reason || '');
      }
    };
    // Until the `connected` push, a silent peer (e.g. a blackholed route) must not stall us.
    conn.handshakeTimer = setTimeout(() => {
      if (conn === this._conn && !conn.connected) {
        conn.error = 'no connected push within requestTimeout';
        this._abort(conn, 1006, 'connect timeout');
      }
    }, this._options.requestTimeout);
  }

  _onFrame(conn, data) {
    if (conn !== this._conn) {
      return;
    }
    conn.lastInbound = now();
    let msg;
    try {
      msg = JSON.parse(frameText(data));
    } catch (e) {
      this._emitError(new SwitchboardError(ErrorCodes.BAD_SERVER_FRAME, `unreadable frame from server: ${e.message}`, false, e));
      return;
    }
    if (msg === null || typeof msg !== 'object') {
      return;
    }
    if (typeof msg.push === 'string') {
      this._onPush(conn, msg);
    } else if (typeof msg.id === 'number') {
      this._onReply(msg);
    }
  }

  _onPush(conn, msg) {
    switch (msg.push) {
      case 'connected':
        this._onConnected(conn, msg);
        break;
      case 'publication': {
        const sub = this._subs.get(msg.channel);
        if (sub) {
          sub._onPublication(msg);
        }
        break;
      }
      case 'message': {
        const ctx = { data: msg.data };
        if (msg.from !== undefined) {
          ctx.from = msg.from;
        }
        this._emit('message', ctx);
        break;
      }
      case 'join':
      case 'leave': {
        const sub = this._subs.get(msg.channel);
        if (sub && sub._state === SubscriptionStates.SUBSCRIBED) {
          sub._emit(msg.push, { channel: msg.channel, info: msg.info });
        }
        break;
      }
      case 'unsubscribed': {
        const sub = this._subs.get(msg.channel);
        if (sub) {
          sub._end(msg.code, msg.reason || '');
        }
        break;
      }
      case 'disconnect':
        conn.pushedDisconnect = {
          code: msg.code,
          reason: msg.reason || '',
          reconnect: msg.reconnect === true,
          delay: typeof msg.delay === 'number' ? msg.delay : 0,
        };
        break;
      default:
        break; // unknown push types are ignored (forward compatibility)
    }
  }

  _onConnected(conn, msg) {
    if (conn.connected) {
      return;
    }
    clearTimeout(conn.handshakeTimer);
    conn.connected = true;
    this._attempt = 0;
    this._session = {
      client: msg.client,
      user: msg.user,
      node: msg.node,
      heartbeat: msg.heartbeat,
      expires: typeof msg.expires === 'number' ? msg.expires : 0,
    };
    this._startHeartbeat(conn);
    this._scheduleRefresh(this._session.expires);
    // Resubscribe and flush the offline queue before the app hears of the connection, so that
    // what it sends from a `connected` listener goes after what was queued.
    for (const sub of this._subs.values()) {
      this._sendSubscribe(sub);
    }
    const queued = this._queue;
    this._queue = [];
    for (const item of queued) {
      this._request(item.method, item.params).promise.then(item.resolve, item.reject);
    }
    this._setState(States.CONNECTED);
    if (conn === this._conn) {
      this._emit('connected', { ...this._session });
    }
  }

  /** Gives up on a connection locally (no close handshake needed) and handles it as lost. */
  _abort(conn, code, reason) {
    if (conn !== this._conn) {
      return;
    }
    this._connectionLost(conn, code, reason);
  }

  /** Stops a connection's timers and detaches from its socket; `graceful` sends a 1000 close. */
  _teardown(conn, graceful, reason) {
    clearTimeout(conn.handshakeTimer);
    clearInterval(conn.heartbeatTimer);
    clearTimeout(conn.deadlineTimer);
    if (this._refreshTimer) {
      clearTimeout(this._refreshTimer);
      this._refreshTimer = null;
    }
    const ws = conn.ws;
    ws.onopen = noop;
    ws.onmessage = noop;
    ws.onerror = noop; // `ws` throws on an 'error' event without a listener
    ws.onclose = noop;
    try {
      if (graceful) {
        ws.close(1000, reason);
      } else if (typeof ws.terminate === 'function') {
        ws.terminate(); // Node `ws`: drop the socket without waiting for a close handshake
      } else {
        ws.close(4000, String(reason).slice(0, 100));
      }
    } catch (e) {
      // already closed
    }
  }

  _connectionLost(conn, code, reason) {
    const wasConnected = conn.connected;
    this._conn = null;
    this._teardown(conn, false, reason);
    this._rejectPending(new SwitchboardError(ErrorCodes.CONNECTION_LOST, `connection lost (${code} ${reason})`.trim(), true));
    for (const sub of this._subs.values()) {
      sub._suspend();
    }
    const pushed = conn.pushedDisconnect;
    const ctx = pushed
      ? { code: pushed.code, reason: pushed.reason, reconnect: pushed.reconnect }
      : { code, reason, reconnect: shouldReconnect(code) };
    const advised = pushed && pushed.reconnect ? pushed.delay : 0;
    if (!conn.opened) {
      // The handshake failed (refused, 401/403/429/503, timeout). Browsers do not reveal the HTTP
      // status; Node's `ws` names it in the error message.
      const detail = conn.error || '';
      ctx.reason = ctx.reason || detail || 'connect failed';
      ctx.reconnect = true;
      const unauthorized = /\b401\b/.test(detail);
      const unknown = detail === '' || detail === 'WebSocket error';
      if (unauthorized || (unknown && this._getToken)) {
        this._tokenStale = true;
      }
      if (unauthorized && !this._getToken) {
        ctx.reconnect = false;
      }
      if (/\b403\b/.test(detail) || /\b400\b/.test(detail)) {
        ctx.reconnect = false; // origin refused or bad request: retrying cannot help
      }
      this._emitError(new SwitchboardError(ErrorCodes.CONNECT_FAILED, `connect failed: ${ctx.reason}`,
        ctx.reconnect));
    }
    if (ctx.code === DisconnectCodes.TOKEN_EXPIRED) {
      if (this._getToken) {
        this._tokenStale = true;
      } else {
        ctx.reconnect = false;
      }
    }
    if (ctx.reconnect) {
      if (wasConnected) {
        this._setState(States.CONNECTING);
        this._emit('disconnected', ctx);
      }
      if (this._state === States.CONNECTING && this._conn === null && !this._reconnectTimer) {
        this._scheduleReconnect(advised);
      }
    } else {
      this._gen++;
      this._stopped(new SwitchboardError(ErrorCodes.CLIENT_CLOSED, `connection closed for good (${ctx.code} ${ctx.reason})`, false));
      this._setState(States.CLOSED);
      this._emit('disconnected', ctx);
    }
  }

  _scheduleReconnect(advisedDelay) {
    const o = this._options;
    const delay = reconnectDelay(this._attempt++, o.minReconnectDelay, o.maxReconnectDelay, advisedDelay);
    this._clearReconnectTimer();
    this._reconnectTimer = setTimeout(() => {
      this._reconnectTimer = null;
      if (this._state === States.CONNECTING && this._conn === null) {
        this._open();
      }
    }, Math.min(delay, MAX_TIMER_DELAY));
  }

  /** The client stops (disconnect() or a final close): fail what waits, keep subscriptions. */
  _stopped(error) {
    this._rejectPending(error);
    const queued = this._queue;
    this._queue = [];
    for (const item of queued) {
      item.reject(error);
    }
    for (const sub of this._subs.values()) {
      sub._suspend();
    }
  }

  _emitError(error) {
    this._emit('error', error);
  }

  // ---- heartbeat and token refresh ----

  _startHeartbeat(conn) {
    const interval = this._options.heartbeatInterval;
    if (!(interval > 0)) {
      return;
    }
    const deadAfter = interval * this._options.maxMissedHeartbeats;
    conn.lastInbound = now();
    conn.heartbeatTimer = setInterval(() => {
      this._request('ping', undefined).promise.catch(noop);
    }, interval);
    const arm = () => {
      const due = conn.lastInbound + deadAfter - now();
      if (due <= 0) {
        this._abort(conn, DisconnectCodes.NO_HEARTBEAT, `no inbound traffic for ${deadAfter} ms`);
        return;
      }
      conn.deadlineTimer = setTimeout(arm, due);
    };
    conn.deadlineTimer = setTimeout(arm, deadAfter);
  }

  /**
   * Plans the next refresh. `minDelay` keeps a client whose clock runs ahead of the server's (so
   * that every new token already looks expired) from refreshing back to back.
   */
  _scheduleRefresh(expires, minDelay = 0) {
    if (this._refreshTimer) {
      clearTimeout(this._refreshTimer);
      this._refreshTimer = null;
    }
    if (!expires || !this._getToken) {
      return;
    }
    const delay = Math.max(minDelay, refreshDelay(expires * 1000, now()));
    this._refreshTimer = setTimeout(() => {
      this._refreshTimer = null;
      if (delay > MAX_TIMER_DELAY) {
        this._scheduleRefresh(expires);
      } else {
        this._refresh(expires);
      }
    }, Math.min(delay, MAX_TIMER_DELAY));
  }

  async _refresh(expires) {
    const conn = this._conn;
    if (!conn || !conn.connected) {
      return;
    }
    let token;
    try {
      token = await this._getToken();
      if (typeof token !== 'string' || token === '') {
        throw new Error('getToken returned no token');
      }
    } catch (e) {
      if (conn === this._conn) {
        this._emitError(new SwitchboardError(ErrorCodes.REFRESH_FAILED, `token refresh: ${e && e.message}`, true, e));
        this._retryRefresh(conn, expires);
      }
      return;
    }
    if (conn !== this._conn) {
      return;
    }
    this._token = token;
    try {
      const result = await this._request('refresh', { token }).promise;
      if (conn !== this._conn) {
        return;
      }
      const next = typeof result.expires === 'number' ? result.expires : 0;
      this._session.expires = next;
      this._scheduleRefresh(next, MIN_REFRESH_INTERVAL);
    } catch (e) {
      if (conn === this._conn) {
        // the server's refusal (or the command's timeout) is the cause
        this._emitError(new SwitchboardError(ErrorCodes.REFRESH_FAILED,
          `token refresh: ${e && e.code ? `${e.code} ` : ''}${e && e.message}`, true, e));
        this._retryRefresh(conn, expires);
      }
    }
  }

  /** Tries again before expiry; after it the server closes with 3003 and reconnecting gets a new token. */
  _retryRefresh(conn, expires) {
    const remaining = expires * 1000 - now();
    if (remaining <= 0 || conn !== this._conn) {
      return;
    }
    this._refreshTimer = setTimeout(() => {
      this._refreshTimer = null;
      this._refresh(expires);
    }, Math.min(5000, Math.max(250, remaining / 2)));
  }

  // ---- commands ----

  _command(method, params, queueable) {
    if (this._state === States.CONNECTED) {
      return this._request(method, params).promise;
    }
    if (!queueable) {
      return Promise.reject(new SwitchboardError(ErrorCodes.NOT_CONNECTED, `${method}: not connected (${this._state})`, true));
    }
    if (this._state === States.CLOSED) {
      return Promise.reject(new SwitchboardError(ErrorCodes.CLIENT_CLOSED, `${method}: the client is closed`, false));
    }
    const limit = this._options.offlineQueue;
    if (limit === 0) {
      return Promise.reject(new SwitchboardError(ErrorCodes.NOT_CONNECTED, `${method}: not connected (${this._state})`, true));
    }
    if (this._queue.length >= limit) {
      return Promise.reject(new SwitchboardError(ErrorCodes.QUEUE_FULL, `${method}: offline queue is full (${limit})`, true));
    }
    return new Promise((resolve, reject) => {
      this._queue.push({ method, params, resolve, reject });
    });
  }

  /** Sends one command on the current connection; {id, promise}. */
  _request(method, params) {
    const id = this._nextId++;
    const conn = this._conn;
    let entry;
    const promise = new Promise((resolve, reject) => {
      entry = { resolve, reject, timer: null };
    });
    if (!conn || !conn.connected) {
      entry.reject(new SwitchboardError(ErrorCodes.NOT_CONNECTED, `${method}: not connected`, true));
      return { id, promise };
    }
    const frame = params === undefined ? { id, method } : { id, method, params };
    let text;
    try {
      text = JSON.stringify(frame);
    } catch (e) {
      entry.reject(e);
      return { id, promise };
    }
    const timeout = this._options.requestTimeout;
    entry.timer = setTimeout(() => {
      this._pending.delete(id);
      entry.reject(new SwitchboardError(ErrorCodes.TIMEOUT, `${method}: no reply within ${timeout} ms`, true));
    }, timeout);
    this._pending.set(id, entry);
    try {
      conn.ws.send(text);
    } catch (e) {
      this._pending.delete(id);
      clearTimeout(entry.timer);
      entry.reject(new SwitchboardError(ErrorCodes.CONNECTION_LOST, `${method}: ${e.message}`, true, e));
    }
    return { id, promise };
  }

  _onReply(msg) {
    const entry = this._pending.get(msg.id);
    if (!entry) {
      return; // timed out or forgotten
    }
    this._pending.delete(msg.id);
    clearTimeout(entry.timer);
    if (msg.error) {
      const err = msg.error;
      entry.reject(new SwitchboardError(err.code, err.message || 'error', err.temporary === true));
    } else {
      entry.resolve(msg.result || {});
    }
  }

  _forget(id) {
    const entry = this._pending.get(id);
    if (entry) {
      this._pending.delete(id);
      clearTimeout(entry.timer);
    }
  }

  _rejectPending(error) {
    const pending = [...this._pending.values()];
    this._pending.clear();
    for (const entry of pending) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
  }

  // ---- subscriptions ----

  _sendSubscribe(sub) {
    if (sub._state === SubscriptionStates.UNSUBSCRIBED) {
      return;
    }
    sub._cancelInflight();
    const gen = sub._gen;
    const conn = this._conn;
    const params = sub._subscribeParams();
    sub._buffer = [];
    const { id, promise } = this._request('subscribe', params);
    sub._requestId = id;
    promise.then(
      (result) => {
        if (sub._gen !== gen || conn !== this._conn) {
          return;
        }
        sub._requestId = 0;
        sub._onSubscribed(result, params.recover === true);
      },
      (error) => {
        if (sub._gen !== gen || conn !== this._conn) {
          return;
        }
        sub._requestId = 0;
        sub._buffer = null;
        this._subscribeFailed(sub, conn, error);
      },
    );
  }

  _subscribeFailed(sub, conn, error) {
    if (error.code === ErrorCodes.TIMEOUT) {
      // The server may yet act on it; a clean slate (new connection) is the safe way to retry.
      this._emitError(error);
      this._abort(conn, 1006, 'subscribe timed out');
      return;
    }
    sub._emit('error', error);
    if (error.temporary) {
      const o = this._options;
      const delay = backoffDelay(sub._retryAttempt++, o.minReconnectDelay, o.maxReconnectDelay);
      sub._retryTimer = setTimeout(() => {
        sub._retryTimer = null;
        if (this._state === States.CONNECTED && sub._state === SubscriptionStates.SUBSCRIBING) {
          this._sendSubscribe(sub);
        }
      }, delay);
      return;
    }
    sub._end(error.code, error.message);
  }

  _removeSubscription(sub) {
    if (this._subs.get(sub.channel) === sub) {
      this._subs.delete(sub.channel);
    }
  }

  _unsubscribe(sub) {
    if (this._state !== States.CONNECTED) {
      return Promise.resolve();
    }
    return this._request('unsubscribe', { channel: sub.channel }).promise.then(noop, noop);
  }
}

export default Switchboard;
