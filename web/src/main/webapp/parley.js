// Parley's web page: plain JavaScript over the HTTP API (/api) and its live stream
// (Server-Sent Events read with fetch, so the bearer token travels in a header).
'use strict';

const state = {
  token: null, tokenId: null, me: null, admin: false,
  session: null, resource: null,
  roster: [],             // roster items
  presence: new Map(),    // presentity -> Map(tupleKey -> tuple)
  requests: new Set(),    // watchers asking to subscribe to me
  chatWith: null,
  stream: null,           // AbortController of the live stream
};

const $ = (id) => document.getElementById(id);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

// ---- API --------------------------------------------------------------------------------

async function api(method, path, body, headers = {}) {
  const init = { method, headers: { Authorization: 'Bearer ' + state.token, ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch('/api' + path, init);
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not problem details */ }
    throw new Error(detail);
  }
  return response.status === 204 ? null : response.json();
}

const enc = encodeURIComponent;

function showError(error) {
  $('app-error').textContent = error.message || String(error);
}

// ---- signing in and out -----------------------------------------------------------------

$('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const address = form.address.value.trim();
  $('sign-in-error').textContent = '';
  try {
    const response = await fetch('/api/tokens', {
      method: 'POST',
      headers: {
        Authorization: 'Basic ' + btoa(unescape(encodeURIComponent(address + ':' + form.password.value))),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ label: 'web page' }),
    });
    if (!response.ok) {
      throw new Error((await response.json()).detail || response.statusText);
    }
    const token = await response.json();
    form.password.value = '';
    sessionStorage.setItem('parley', JSON.stringify({ token: token.token, tokenId: token.id }));
    await start(token.token, token.id);
  } catch (error) {
    $('sign-in-error').textContent = error.message;
  }
});

$('sign-out').addEventListener('click', async () => {
  if (state.stream) state.stream.abort();
  try { await api('DELETE', '/tokens/' + enc(state.tokenId)); } catch (e) { /* the token is gone anyway */ }
  sessionStorage.removeItem('parley');
  location.reload();
});

async function start(token, tokenId) {
  state.token = token;
  state.tokenId = tokenId;
  const tokens = await api('GET', '/tokens');   // proves the token, and tells who we are below
  if (!tokens.some((t) => t.id === tokenId)) throw new Error('Token revoked');
  $('sign-in-view').hidden = true;
  $('app-view').hidden = false;
  $('sign-out').hidden = false;
  openStream();
}

// ---- the live stream --------------------------------------------------------------------

async function openStream() {
  state.stream = new AbortController();
  try {
    const response = await fetch('/api/stream', {
      headers: { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' },
      signal: state.stream.signal,
    });
    if (!response.ok) throw new Error('The live stream was refused: ' + response.status);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart());
        if (data.length) await onEvent(JSON.parse(data.join('\n')));
      }
    }
  } catch (error) {
    if (error.name === 'AbortError') return;
    showError(error);
  }
  if (!state.stream.signal.aborted) setTimeout(openStream, 3000);   // reconnect
}

async function onEvent(event) {
  switch (event.type) {
    case 'session': return onSession(event);
    case 'presence': return onPresence(event.presentity, event.tuple);
    case 'subscription': return onSubscription(event);
    case 'watcher': return loadWatchers();
    case 'message': return onMessage(event.message, event.copy);
    default: return undefined;
  }
}

async function onSession(event) {
  state.session = event.id;
  const slash = event.address.indexOf('/');
  state.me = event.address.slice(0, slash);
  state.resource = event.address.slice(slash + 1);
  $('me').textContent = state.me;
  const account = await api('GET', '/accounts/' + enc(state.me));
  state.admin = account.admin;
  $('admin-panel').hidden = !state.admin;
  await Promise.all([loadRoster(), loadWatchers(), loadRules(), loadRequests()]);
  if (state.admin) refreshSessions();
}

// ---- presence ---------------------------------------------------------------------------

function onPresence(presentity, tuple) {
  if (!state.presence.has(presentity)) state.presence.set(presentity, new Map());
  const tuples = state.presence.get(presentity);
  if (tuple.status === 'CLOSED') tuples.delete(tuple.tupleKey); else tuples.set(tuple.tupleKey, tuple);
  renderContacts();
}

/** The presence a contact shows: its best open tuple (highest priority), or offline. */
function presenceOf(contact) {
  const open = [...(state.presence.get(contact) || new Map()).values()];
  if (!open.length) return { show: 'offline', note: '' };
  open.sort((a, b) => b.priority - a.priority);
  const best = open[0];
  return { show: best.otherStatus ? best.otherStatus.toLowerCase() : 'available', note: best.note || '' };
}

$('status').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await api('PUT', `/presentities/${enc(state.me)}/tuples/${enc(state.resource)}?session=${enc(state.session)}`, {
      status: 'OPEN', otherStatus: form.show.value || null, note: form.note.value || null,
    });
  } catch (error) { showError(error); }
});

// ---- contacts and subscriptions ---------------------------------------------------------

async function loadRoster() {
  state.roster = await api('GET', '/roster');
  renderContacts();
}

function renderContacts() {
  const list = $('contacts');
  list.replaceChildren(...state.roster.map((item) => {
    const presence = presenceOf(item.contact);
    const row = el('li', { className: item.contact === state.chatWith ? 'selected' : '' },
      el('span', { className: 'dot ' + presence.show }),
      el('span', { className: 'name', textContent: item.name || item.contact }),
      el('span', { className: 'presence', textContent: presence.show + (presence.note ? ' – ' + presence.note : '') }));
    row.dataset.contact = item.contact;
    row.dataset.presence = presence.show;
    row.dataset.testid = 'contact';
    row.addEventListener('click', () => openChat(item.contact));
    return row;
  }));
}

$('add-contact').addEventListener('submit', async (event) => {
  event.preventDefault();
  const contact = event.target.contact.value.trim();
  try {
    await api('PUT', '/roster/' + enc(contact), { name: null, groups: [] });
    await api('POST', '/subscriptions', { presentity: contact });
    // Whoever I add may see me too (RFC 6121 section 3.4 pre-approval).
    await api('PUT', `/presentities/${enc(state.me)}/subscribers/${enc(contact)}`);
    event.target.reset();
    await loadRoster();
  } catch (error) { showError(error); }
});

async function loadRequests() {
  const subscribers = await api('GET', `/presentities/${enc(state.me)}/subscribers`);
  state.requests = new Set(subscribers.filter((s) => s.state === 'PENDING').map((s) => s.watcher));
  renderRequests();
}

function renderRequests() {
  $('requests').replaceChildren(...[...state.requests].map((watcher) => {
    const approve = el('button', { textContent: 'Approve' });
    approve.dataset.testid = 'approve';
    approve.addEventListener('click', () => answer(watcher, 'PUT'));
    const deny = el('button', { textContent: 'Deny' });
    deny.addEventListener('click', () => answer(watcher, 'DELETE'));
    const row = el('li', {}, watcher + ' asks to see your presence ', approve, deny);
    row.dataset.watcher = watcher;
    return row;
  }));
}

async function answer(watcher, method) {
  try {
    await api(method, `/presentities/${enc(state.me)}/subscribers/${enc(watcher)}`);
    if (method === 'PUT' && !state.roster.some((i) => i.contact === watcher)) {
      // Approving someone adds them, and asks to see them in return, as XMPP clients do.
      await api('PUT', '/roster/' + enc(watcher), { name: null, groups: [] });
      await api('POST', '/subscriptions', { presentity: watcher });
    }
    state.requests.delete(watcher);
    renderRequests();
    await loadRoster();
  } catch (error) { showError(error); }
}

async function onSubscription(event) {
  if (event.presentity === state.me && event.change === 'REQUESTED') {
    state.requests.add(event.watcher);
    renderRequests();
  }
  if (event.presentity === state.me && event.change === 'CANCELLED') {
    state.requests.delete(event.watcher);
    renderRequests();
  }
  await loadRoster();
}

// ---- chat -------------------------------------------------------------------------------

async function openChat(contact) {
  state.chatWith = contact;
  $('chat-title').textContent = 'Chat with ' + contact;
  $('chat').hidden = false;
  $('messages').replaceChildren();
  renderContacts();
  try {
    const page = await api('GET', `/messages?with=${enc(contact)}&max=20`);
    page.messages.forEach(showMessage);
  } catch (error) { showError(error); }
}

function bare(address) {
  const slash = address.indexOf('/');
  return slash < 0 ? address : address.slice(0, slash);
}

function showMessage(message) {
  if (!message.body) return;
  const from = bare(message.sender);
  const to = bare(message.recipient);
  const partner = from === state.me ? to : from;
  if (partner !== state.chatWith || document.querySelector(`#messages li[data-id="${CSS.escape(message.id)}"]`)) return;
  const row = el('li', { className: from === state.me ? 'mine' : 'theirs' }, el('span', { className: 'text', textContent: message.body }));
  row.dataset.id = message.id;
  row.dataset.from = from;
  $('messages').append(row);
  row.scrollIntoView({ block: 'end' });
}

async function onMessage(message, copy) {
  const from = bare(message.sender);
  if (from !== state.me && from !== state.chatWith && message.body) {
    await openChat(from);           // a new conversation opens by itself
  }
  showMessage(message);
  if (copy === 'ORIGINAL') {
    // Received: only now is the message off the server's hands (else it returns to the inbox).
    try { await api('DELETE', `/inbox/${enc(message.id)}?session=${enc(state.session)}`); } catch (error) { showError(error); }
  }
}

$('chat').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = event.target.body;
  const body = input.value;
  if (!body || !state.chatWith) return;
  try {
    const delivery = await api('POST', `/messages?session=${enc(state.session)}`, { to: state.chatWith, body });
    input.value = '';
    showMessage({ id: delivery.messageId, sender: state.me, recipient: state.chatWith, body });
  } catch (error) { showError(error); }
});

// ---- watchers and rules -----------------------------------------------------------------

async function loadWatchers() {
  const watchers = await api('GET', `/presentities/${enc(state.me)}/watchers`);
  $('watchers').replaceChildren(...watchers.map((w) => {
    const row = el('li', { textContent: `${w.watcher} (${w.kind.toLowerCase()} over ${w.protocol})` });
    row.dataset.watcher = w.watcher;
    return row;
  }));
}

async function loadRules() {
  const rules = await api('GET', '/rules/access');
  $('rules').replaceChildren(...rules.map((rule) => {
    const remove = el('button', { textContent: 'Remove' });
    remove.addEventListener('click', async () => {
      try {
        await api('DELETE', `/rules/access/${enc(rule.scope)}/${enc(rule.pattern)}`);
        await loadRules();
      } catch (error) { showError(error); }
    });
    const row = el('li', {}, `${rule.action.toLowerCase()} ${rule.scope.toLowerCase()} ${rule.pattern} `, remove);
    row.dataset.pattern = rule.pattern;
    row.dataset.action = rule.action;
    return row;
  }));
}

$('add-rule').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await api('PUT', '/rules/access', { scope: form.scope.value, pattern: form.pattern.value.trim(), action: form.action.value });
    form.pattern.value = '';
    await loadRules();
  } catch (error) { showError(error); }
});

$('password').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await api('PUT', `/accounts/${enc(state.me)}/password`, { password: form.password.value });
    form.reset();
    $('password-done').textContent = 'Password changed.';
  } catch (error) { showError(error); }
});

// ---- administrators ---------------------------------------------------------------------

$('create-account').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    const account = await api('POST', '/accounts',
      { address: form.address.value.trim(), password: form.password.value, admin: form.admin.checked });
    form.reset();
    $('account-created').textContent = 'Created ' + account.address + '.';
  } catch (error) { showError(error); }
});

async function refreshSessions() {
  try {
    const overview = await api('GET', '/sessions');
    $('session-counts').textContent = `${overview.total} online: ` +
      Object.entries(overview.byProtocol).map(([protocol, n]) => `${n} ${protocol}`).join(', ');
    $('sessions').replaceChildren(...overview.sessions.map((s) =>
      el('tr', {}, el('td', { textContent: s.address }), el('td', { textContent: s.protocol }),
        el('td', { textContent: s.node }), el('td', { textContent: new Date(s.openedAt).toLocaleTimeString() }))));
  } catch (error) { showError(error); }
  if (!state.stream.signal.aborted) setTimeout(refreshSessions, 5000);
}

// ---- resume a signed-in tab -------------------------------------------------------------

const saved = JSON.parse(sessionStorage.getItem('parley') || 'null');
if (saved) {
  start(saved.token, saved.tokenId).catch(() => sessionStorage.removeItem('parley'));
}
