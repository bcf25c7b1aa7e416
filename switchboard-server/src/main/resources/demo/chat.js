// The demo chat: rooms (multicast), who is online (presence), private messages (unicast) and
// announcements (broadcast), on the Switchboard JavaScript client served by this node.
import { Switchboard, UnsubscribeCodes } from '/demo/switchboard.js';

const NAMESPACE = 'chat:';          // the built-in namespace: presence, join/leave, history 100 / 10 min
const FIRST_ROOM = 'lobby';
const HISTORY = 50;                 // publications shown when joining a room
const $ = (id) => document.getElementById(id);

let client = null;
let me = '';
let everConnected = false;
const rooms = new Map();            // room name -> Room
let current = null;                 // the Room on screen
let unseenNotices = 0;

// ---- connecting ----------------------------------------------------------------------------

/** Asks the node for a token; the client calls this again whenever the node refuses the old one. */
async function fetchToken() {
  const response = await fetch('/demo/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: me }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `token request failed (${response.status})`);
  return body.token;
}

async function signIn(name) {
  me = name;
  const token = await fetchToken(); // fails here, on the sign-in form, when the name is refused
  client = new Switchboard('/ws', { token, getToken: fetchToken });
  client.on('state', showState);
  client.on('message', onMessage);
  client.on('error', (error) => console.warn('switchboard:', error.message));
  client.connect();
  $('me').textContent = me;
  $('me').hidden = false;
  $('sign-in').hidden = true;
  $('app').hidden = false;
  join(FIRST_ROOM);
  $('say-text').focus();
}

function showState(state) {
  if (state === 'connected') everConnected = true;
  const shown = state === 'connecting' && everConnected ? 'reconnecting' : state;
  const labels = { connected: 'connected', connecting: 'connecting…', reconnecting: 'reconnecting…',
    disconnected: 'disconnected', closed: 'offline' };
  $('connection').dataset.state = shown;
  $('connection').textContent = labels[shown] || shown;
}

// ---- rooms (multicast, history, presence) ----------------------------------------------------

class Room {
  constructor(name) {
    this.name = name;
    this.channel = NAMESPACE + name;
    this.list = element('ol');
    this.seen = new Set();          // publication ids, so history and live pushes never show twice
    this.clients = new Map();       // client id -> user
    this.unread = 0;
    this.button = element('button', { type: 'button' });
    this.button.addEventListener('click', () => show(this));
    this.waiting = null;            // publications that arrive while the history loads
    this.subscription = client.subscribe(this.channel);
    this.subscription.on('subscribed', (ctx) => this.subscribed(ctx));
    this.subscription.on('publication', (p) => (this.waiting ? this.waiting.push(p) : this.add(p, true)));
    this.subscription.on('join', ({ info }) => this.joined(info));
    this.subscription.on('leave', ({ info }) => this.left(info));
    this.subscription.on('state', (state) => state === 'subscribed' || this.forgetPresence());
    this.subscription.on('error', (e) => this.note(`error: ${e.message}`));
    this.subscription.on('unsubscribed', ({ code, reason }) => {
      if (code !== UnsubscribeCodes.CLIENT) this.note(`unsubscribed by the server: ${reason}`);
    });
  }

  /**
   * After every (re)subscribe. On a reconnect the client recovers what was missed by itself when the
   * node still has it; otherwise (first join, or the node restarted) load the room's recent history.
   */
  async subscribed({ recovered, resubscribed }) {
    if (resubscribed) this.note(recovered ? 'reconnected' : 'reconnected; messages sent meanwhile may be missing');
    const loads = [client.presence(this.channel)];
    if (!recovered) {
      this.waiting = [];
      loads.push(client.history(this.channel, { limit: HISTORY }));
    }
    const [presence, history] = await Promise.allSettled(loads);
    if (presence.status === 'fulfilled') {
      this.clients = new Map(presence.value.clients.map((c) => [c.client, c.user]));
      if (this === current) renderPresence();
    }
    if (history) {
      const live = this.waiting;
      this.waiting = null;
      if (history.status === 'fulfilled') history.value.publications.forEach((p) => this.add(p, false));
      else this.note(`history not available: ${history.reason.message}`);
      live.forEach((p) => this.add(p, true));
    }
  }

  forgetPresence() {
    this.clients.clear();
    if (this === current) renderPresence();
  }

  add(publication, live) {
    if (this.seen.has(publication.id)) return;
    this.seen.add(publication.id);
    const data = publication.data || {};
    const user = (publication.info && publication.info.user) || 'server';
    this.append(line(user, typeof data.text === 'string' ? data.text : JSON.stringify(data), data.at));
    if (live && this !== current) {
      this.unread += 1;
      renderRooms();
    }
  }

  joined(info) {
    if (this.clients.has(info.client)) return;
    if (!this.isOnline(info.user) && info.user !== me) this.note(`${info.user} joined`);
    this.clients.set(info.client, info.user);
    if (this === current) renderPresence();
  }

  left(info) {
    if (!this.clients.delete(info.client)) return;
    if (!this.isOnline(info.user) && info.user !== me) this.note(`${info.user} left`);
    if (this === current) renderPresence();
  }

  isOnline(user) {
    return [...this.clients.values()].includes(user);
  }

  note(text) {
    const item = element('li', { className: 'note' });
    item.textContent = text;
    this.append(item);
  }

  append(item) {
    const box = $('room-messages');
    const atBottom = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
    this.list.append(item);
    if (this === current && atBottom) box.scrollTop = box.scrollHeight;
  }
}

function join(name) {
  if (!rooms.has(name)) rooms.set(name, new Room(name));
  show(rooms.get(name));
}

function leave(room) {
  room.subscription.unsubscribe();
  rooms.delete(room.name);
  const next = rooms.values().next().value;
  if (next) show(next);
  else join(FIRST_ROOM);
}

function show(room) {
  current = room;
  room.unread = 0;
  $('room-title').textContent = `#${room.name}`;
  $('online-room').textContent = `#${room.name}`;
  $('room-messages').replaceChildren(room.list);
  $('room-messages').scrollTop = $('room-messages').scrollHeight;
  renderRooms();
  renderPresence();
}

function renderRooms() {
  $('room-list').replaceChildren(...[...rooms.values()].map((room) => {
    room.button.replaceChildren(`#${room.name}`);
    room.button.setAttribute('aria-current', String(room === current));
    if (room.unread > 0) room.button.append(element('span', { className: 'unread', textContent: room.unread }));
    return element('li', {}, room.button);
  }));
}

function renderPresence() {
  const connections = new Map();    // user -> number of connections in the room
  for (const user of current.clients.values()) connections.set(user, (connections.get(user) || 0) + 1);
  const users = [...connections.keys()].sort();
  $('presence').replaceChildren(...users.map((user) => {
    const item = element('li');
    if (user === me) {
      item.append(`${user} (you)`);
    } else {
      const button = element('button', { type: 'button', textContent: user, title: `Message ${user} privately` });
      button.addEventListener('click', () => { $('pm-to').value = user; $('pm-text').focus(); });
      item.append(button);
    }
    if (connections.get(user) > 1) item.append(` ×${connections.get(user)}`);
    return item;
  }));
}

// ---- private messages (unicast) and announcements (broadcast) --------------------------------

function onMessage({ data, from }) {
  const text = data && typeof data.text === 'string' ? data.text : JSON.stringify(data);
  if (from) {
    append($('pm-log'), line(from, text, data && data.at));
  } else {
    append($('notices'), line('Announcement', text, data && data.at));
    unseenNotices += 1;
    $('notice-count').textContent = unseenNotices;
    $('notice-count').hidden = false;
  }
}

// ---- helpers -----------------------------------------------------------------------------------

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function line(who, text, at) {
  const time = new Date(typeof at === 'number' ? at : Date.now());
  const clock = time.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return element('li', {},
    element('time', { dateTime: time.toISOString(), textContent: clock }), ' ',
    element('span', { className: 'who', textContent: who }), ' ',
    text);
}

function append(list, item) {
  list.append(item);
  list.scrollTop = list.scrollHeight;
}

function onSubmit(id, handler) {
  $(id).addEventListener('submit', (event) => {
    event.preventDefault();
    Promise.resolve(handler(event.target)).catch((e) => console.warn(id, e));
  });
}

// ---- forms -------------------------------------------------------------------------------------

onSubmit('sign-in-form', async (form) => {
  $('sign-in-error').textContent = '';
  form.querySelector('button').disabled = true;
  try {
    await signIn($('name').value.trim());
  } catch (e) {
    $('sign-in-error').textContent = e.message;
  } finally {
    form.querySelector('button').disabled = false;
  }
});

onSubmit('join-form', () => {
  join($('room-name').value.trim());
  $('room-name').value = '';
});

$('leave-room').addEventListener('click', () => leave(current));

onSubmit('say-form', async () => {
  const room = current;
  const text = $('say-text').value;
  if (!text.trim()) return;
  $('say-text').value = '';
  try {
    await client.publish(room.channel, { text, at: Date.now() }); // queued while reconnecting
  } catch (e) {
    room.note(`not sent (${e.message}): ${text}`);
  }
});

onSubmit('pm-form', async () => {
  const to = $('pm-to').value.trim();
  const text = $('pm-text').value;
  if (!to || !text.trim()) return;
  $('pm-text').value = '';
  const item = line(`→ ${to}`, text);
  item.className = 'outgoing';
  append($('pm-log'), item);
  try {
    await client.send(to, { text, at: Date.now() });
  } catch (e) {
    item.append(` (not sent: ${e.message})`);
  }
});

// The node's stand-in for an application backend calling POST /api/broadcast.
onSubmit('announce-form', async () => {
  $('announce-error').textContent = '';
  try {
    const response = await fetch('/demo/announce', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: $('announce-text').value }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error || `status ${response.status}`);
    $('announce-text').value = '';
  } catch (e) {
    $('announce-error').textContent = `not announced: ${e.message}`;
  }
});

$('notices').addEventListener('mouseenter', () => {
  unseenNotices = 0;
  $('notice-count').hidden = true;
});
