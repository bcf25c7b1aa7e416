// Type declarations for switchboard.js (the Switchboard JavaScript client).

/** Any JSON value. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export declare const PROTOCOL_JSON: 'switchboard.v1.json';

export type State = 'disconnected' | 'connecting' | 'connected' | 'closed';
export type SubscriptionState = 'unsubscribed' | 'subscribing' | 'subscribed';

export declare const States: Readonly<{
  DISCONNECTED: 'disconnected';
  CONNECTING: 'connecting';
  CONNECTED: 'connected';
  CLOSED: 'closed';
}>;

export declare const SubscriptionStates: Readonly<{
  UNSUBSCRIBED: 'unsubscribed';
  SUBSCRIBING: 'subscribing';
  SUBSCRIBED: 'subscribed';
}>;

/**
 * Failures the client detects itself: the client-side table every Switchboard client shares
 * (docs/protocol.md, "Client-side error codes"). Codes below 100 never come from the server.
 */
export declare const ClientErrorCodes: Readonly<{
  /** No reply within `requestTimeout`. Temporary. */
  TIMEOUT: 1;
  /** The connection dropped after the command was sent; it may or may not have been applied. Temporary. */
  CONNECTION_LOST: 2;
  /** Not connected, and the call cannot wait (presence, history, or `offlineQueue: 0`). Temporary. */
  NOT_CONNECTED: 3;
  /** Not connected, and the offline queue is full. Temporary. */
  QUEUE_FULL: 4;
  /** The client is closed (the server said not to reconnect). */
  CLIENT_CLOSED: 5;
  /** `disconnect()` was called before the call could be sent or answered. Temporary. */
  DISCONNECTED: 6;
  /** A connection attempt failed. */
  CONNECT_FAILED: 7;
  /** `getToken` failed or returned no token. Temporary. */
  TOKEN_UNAVAILABLE: 8;
  /** Refreshing the token of the live connection failed (retried until expiry). Temporary. */
  REFRESH_FAILED: 9;
  /** The server sent a frame this client cannot read. */
  BAD_SERVER_FRAME: 10;
  /** Reserved: a command over the client's size limit (this client has none). */
  MESSAGE_TOO_LARGE: 11;
  /** The subscription ended before the reply (`ready()`). */
  UNSUBSCRIBED: 12;
}>;

/** The server's error replies (docs/protocol.md, "Error codes"). */
export declare const ServerErrorCodes: Readonly<{
  INTERNAL: 100;
  UNAUTHORIZED: 101;
  UNKNOWN_CHANNEL: 102;
  PERMISSION_DENIED: 103;
  METHOD_NOT_FOUND: 104;
  ALREADY_SUBSCRIBED: 105;
  LIMIT_EXCEEDED: 106;
  BAD_REQUEST: 107;
  NOT_AVAILABLE: 108;
  TOKEN_EXPIRED: 109;
  NOT_SUBSCRIBED: 110;
  TOO_MANY_REQUESTS: 111;
  UNRECOVERABLE_POSITION: 112;
  MESSAGE_TOO_LARGE: 113;
}>;

/**
 * Both tables in one object: 1-12 raised by the client, 100-113 the server's error replies.
 * `MESSAGE_TOO_LARGE` is the server's 113 here; the client's 11 is `ClientErrorCodes.MESSAGE_TOO_LARGE`.
 */
export declare const ErrorCodes: Readonly<Omit<typeof ClientErrorCodes, 'MESSAGE_TOO_LARGE'> & typeof ServerErrorCodes>;

export declare const DisconnectCodes: Readonly<{
  NORMAL: 1000;
  GOING_AWAY: 1001;
  PROTOCOL_ERROR: 1002;
  NO_STATUS: 1005;
  ABNORMAL: 1006;
  INVALID_PAYLOAD: 1007;
  POLICY_VIOLATION: 1008;
  MESSAGE_TOO_BIG: 1009;
  INTERNAL_ERROR: 1011;
  SERVER_RECONNECT: 3000;
  SLOW_CONSUMER: 3001;
  NO_HEARTBEAT: 3002;
  TOKEN_EXPIRED: 3003;
  RATE_LIMITED: 3004;
  SERVER_FORCE: 3500;
  INVALID_TOKEN: 3501;
  BAD_REQUEST: 3502;
}>;

export declare const UnsubscribeCodes: Readonly<{
  CLIENT: 0;
  SERVER: 2000;
  PERMISSION_REVOKED: 2001;
}>;

/** Anything constructed like the browser's WebSocket (the `ws` package in Node qualifies). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: any) => void) | null;
  onmessage: ((event: { data: any }) => void) | null;
  onerror: ((event: any) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  terminate?(): void;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface SwitchboardOptions {
  /** A JWT; used until it is found invalid or expired (then `getToken` is asked, when given). */
  token?: string | null;
  /** Supplies a (new) token: for connecting without `token`, after a 401 or a 3003 close, and to refresh before expiry. */
  getToken?: (() => string | Promise<string>) | null;
  /** WebSocket implementation where there is no global one (e.g. `import WebSocket from 'ws'`). */
  WebSocket?: WebSocketConstructor | null;
  /** Base of the exponential reconnect backoff, ms. Default 500. */
  minReconnectDelay?: number;
  /** Cap of the reconnect backoff, ms. Default 20000. */
  maxReconnectDelay?: number;
  /** Interval of the client's `ping` command, ms; 0 turns the heartbeat off. Default 25000. */
  heartbeatInterval?: number;
  /** Intervals without any inbound traffic after which the connection is declared dead. Default 2. */
  maxMissedHeartbeats?: number;
  /** How long a command (and the wait for the `connected` push) may take, ms. Default 10000. */
  requestTimeout?: number;
  /** How many publish/send calls are queued while not connected; 0 fails them at once. Default 100. */
  offlineQueue?: number;
  /** Wire format; only 'json' (`switchboard.v1.json`). */
  protocol?: 'json';
}

export declare const DEFAULTS: Readonly<Required<SwitchboardOptions>>;

/** An error reply from the server (code 100+, {@link ServerErrorCodes}) or a client failure (code 1-99, {@link ClientErrorCodes}). */
export declare class SwitchboardError extends Error {
  constructor(code: number, message: string, temporary?: boolean, cause?: unknown);
  readonly name: 'SwitchboardError';
  /** See {@link ErrorCodes}: 1-99 {@link ClientErrorCodes}, 100+ {@link ServerErrorCodes}. */
  readonly code: number;
  /** True when the same call may succeed if retried later. */
  readonly temporary: boolean;
}

/** The publisher of a publication (absent for publications made through the server API). */
export interface ClientInfo {
  client: string;
  user: string;
  /** The publisher token's `info` claim, when it has one. */
  info?: Json;
}

export interface Publication<T = Json> {
  channel: string;
  /** Unique id (duplicates are dropped before they reach the app). */
  id: string;
  /** Position in the channel's history; 0 when the channel keeps none. */
  offset: number;
  data: T;
  info?: ClientInfo;
}

export interface ConnectedContext {
  /** This connection's id. */
  client: string;
  user: string;
  node: string;
  /** Seconds between the server's WebSocket pings. */
  heartbeat: number;
  /** Token expiry, Unix seconds; 0 = never. */
  expires: number;
}

export interface DisconnectedContext {
  code: number;
  reason: string;
  /** Whether the client is reconnecting (state `connecting`) or has stopped (`closed`/`disconnected`). */
  reconnect: boolean;
}

export interface MessageContext<T = Json> {
  data: T;
  /** The sender's user id; absent when the server API sent it. */
  from?: string;
}

export interface SubscribedContext {
  channel: string;
  /** The channel's current position. */
  offset: number;
  epoch: string;
  /** Whether the channel keeps history (and recovery is possible). */
  recoverable: boolean;
  /** Whether recovery was asked for and nothing was lost. */
  recovered: boolean;
  /** Whether this is a resubscribe (after a reconnect) rather than the first subscribe. */
  resubscribed: boolean;
}

export interface RecoveredContext extends SubscribedContext {
  /** Number of missed publications that follow this event (0 when `recovered` is false). */
  publications: number;
}

export interface UnsubscribedContext {
  channel: string;
  /** 0: unsubscribe() by the app; 2000/2001: the server (see {@link UnsubscribeCodes}); 100+: subscribe refused. */
  code: number;
  reason: string;
}

export interface JoinLeaveContext {
  channel: string;
  info: ClientInfo;
}

export interface SubscribeOptions {
  /** Resubscribe with recovery after reconnects. Default true. */
  recover?: boolean;
  /** Start from a known position: the first subscribe already recovers what came after it. */
  since?: { offset: number; epoch?: string };
}

export interface HistoryOptions {
  /** At most this many (newest, or first after `since`); 0 or absent: the server's default. */
  limit?: number;
  since?: { offset: number; epoch?: string };
}

export interface PublishResult {
  offset: number;
  epoch: string;
}

export interface PresenceResult {
  clients: ClientInfo[];
}

export interface HistoryResult<T = Json> {
  publications: Publication<T>[];
  offset: number;
  epoch: string;
}

interface ClientEvents {
  state: (state: State, previous: State) => void;
  connected: (ctx: ConnectedContext) => void;
  disconnected: (ctx: DisconnectedContext) => void;
  message: (ctx: MessageContext) => void;
  error: (error: Error & { code?: number; temporary?: boolean }) => void;
}

interface SubscriptionEvents {
  state: (state: SubscriptionState, previous: SubscriptionState) => void;
  publication: (pub: Publication) => void;
  subscribed: (ctx: SubscribedContext) => void;
  recovered: (ctx: RecoveredContext) => void;
  join: (ctx: JoinLeaveContext) => void;
  leave: (ctx: JoinLeaveContext) => void;
  error: (error: SwitchboardError) => void;
  unsubscribed: (ctx: UnsubscribedContext) => void;
}

export declare class Subscription {
  readonly channel: string;
  readonly state: SubscriptionState;
  /** Offset of the last publication handed to the app (or of the subscribe position); null before the first subscribe. */
  readonly offset: number | null;
  readonly epoch: string | null;
  on<E extends keyof SubscriptionEvents>(event: E, fn: SubscriptionEvents[E]): this;
  once<E extends keyof SubscriptionEvents>(event: E, fn: SubscriptionEvents[E]): this;
  off<E extends keyof SubscriptionEvents>(event?: E, fn?: SubscriptionEvents[E]): this;
  /** Resolves once subscribed; rejects if the subscription ends first. */
  ready(): Promise<this>;
  /** Ends the subscription; resolves once the server acknowledged it (at once when offline). */
  unsubscribe(): Promise<void>;
}

export declare class Switchboard {
  constructor(url: string, options?: SwitchboardOptions);
  readonly state: State;
  /** The current connection's `connected` push, or null when not connected. */
  readonly session: ConnectedContext | null;
  on<E extends keyof ClientEvents>(event: E, fn: ClientEvents[E]): this;
  once<E extends keyof ClientEvents>(event: E, fn: ClientEvents[E]): this;
  off<E extends keyof ClientEvents>(event?: E, fn?: ClientEvents[E]): this;
  connect(): void;
  disconnect(): void;
  /** Throws a SwitchboardError (ALREADY_SUBSCRIBED) when `channel` already has a subscription. */
  subscribe(channel: string, options?: SubscribeOptions): Subscription;
  getSubscription(channel: string): Subscription | null;
  publish(channel: string, data: Json): Promise<PublishResult>;
  send(user: string, data: Json): Promise<Record<string, never>>;
  presence(channel: string): Promise<PresenceResult>;
  history(channel: string, options?: HistoryOptions): Promise<HistoryResult>;
}

export default Switchboard;

/** Full-jitter exponential backoff: random in [0, min(maxDelay, minDelay * 2^attempt)). */
export declare function backoffDelay(attempt: number, minDelay: number, maxDelay: number, random?: () => number): number;
/** The server-advised delay (plus up to 20% jitter) when > 0, else {@link backoffDelay}. */
export declare function reconnectDelay(attempt: number, minDelay: number, maxDelay: number, advisedDelay?: number, random?: () => number): number;
/** Whether a close code (without a `disconnect` push) means reconnect. */
export declare function shouldReconnect(code: number): boolean;
/** Ms until a token expiring at `expiresMs` should be refreshed. */
export declare function refreshDelay(expiresMs: number, nowMs: number): number;
