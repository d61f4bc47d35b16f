/*
 * One Lambda instance of the fault simulation: a node process that loads the SHIPPED bundle and
 * runs its invocations on the model clock of the parent (simulation.ts).
 *
 * - Time: Date, setTimeout/clearTimeout and AbortSignal.timeout read and wait on the model clock.
 *   The parent moves the clock only when every instance says it is idle: nothing of its own left
 *   to run now, no AWS request in flight (the SDK's requests to the local stand-ins are counted).
 * - Slack: the global fetch (the forwarder's only fetch) asks the parent, which posts to the Slack
 *   stand-in on 127.0.0.1 and answers when the stand-in does (now, later in model time, never).
 *
 * Protocol (process.send / 'message'):
 *   parent → instance: {t:'invoke', id, event, deadline, now} {t:'advance', now} {t:'answer', rid, status, text, headers} {t:'fail', rid, message}
 *   instance → parent: {t:'idle', next, seen} (seen: messages received, so a stale idle is ignored) {t:'fetch', rid, url, body} {t:'abort', rid} {t:'done', id, ok, value}
 */
'use strict';
const http = require('http');

let now = Number(process.env.SIM_START_MS);
const RealDate = Date;
class ModelDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(now);
    else super(...args);
  }
  static now() {
    return now;
  }
}
globalThis.Date = ModelDate;

/* Timers on the model clock. */
let timerSeq = 0;
const timers = new Map();
class ModelTimeout {
  constructor(id) { this.id = id; }
  ref() { return this; }
  unref() { return this; }
  hasRef() { return true; }
  refresh() { const t = timers.get(this.id); if (t) t.at = now + t.ms; return this; }
  [Symbol.toPrimitive]() { return this.id; }
}
globalThis.setTimeout = (fn, ms, ...args) => {
  const id = ++timerSeq;
  const delay = Math.max(0, Number(ms) || 0);
  timers.set(id, { at: now + delay, ms: delay, fn: () => fn(...args), seq: id });
  kick();
  return new ModelTimeout(id);
};
globalThis.clearTimeout = (handle) => {
  if (handle === undefined || handle === null) return;
  timers.delete(typeof handle === 'object' ? handle.id : Number(handle));
};
AbortSignal.timeout = (ms) => {
  const controller = new AbortController();
  globalThis.setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  return controller.signal;
};

/* AWS requests to the stand-ins in flight: the instance is not idle while one is. */
let inFlight = 0;
let activity = 0;
const realRequest = http.request;
http.request = function request(...args) {
  const req = realRequest.apply(this, args);
  inFlight++;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    inFlight--;
    activity++;
    kick();
  };
  req.once('close', finish);
  req.once('error', finish);
  return req;
};

/* Slack through the parent. */
let rid = 0;
const pending = new Map();
globalThis.fetch = (url, init = {}) => new Promise((resolve, reject) => {
  const id = ++rid;
  const signal = init.signal;
  if (signal?.aborted) return reject(signal.reason);
  pending.set(id, { resolve, reject });
  signal?.addEventListener('abort', () => {
    if (!pending.has(id)) return;
    pending.delete(id);
    process.send({ t: 'abort', rid: id });
    activity++;
    reject(signal.reason);
  });
  process.send({ t: 'fetch', rid: id, url: String(url), method: init.method ?? 'GET', body: init.body === undefined ? undefined : String(init.body), redirect: init.redirect });
});

function response(m) {
  const headers = new Map(Object.entries(m.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
  return {
    status: m.status,
    ok: m.status >= 200 && m.status < 300,
    redirected: false,
    url: m.url,
    headers: { get: (name) => headers.get(String(name).toLowerCase()) ?? null, has: (name) => headers.has(String(name).toLowerCase()) },
    text: async () => m.text,
    json: async () => JSON.parse(m.text),
    body: null,
  };
}

/* Idle: several turns of the real event loop with nothing new, no due timer, no AWS request in flight. */
let checking = false;
function kick() {
  if (checking) return;
  checking = true;
  setImmediate(check);
}
let quiet = 0;
let lastActivity = -1;
function check() {
  const due = [...timers.entries()].filter(([, t]) => t.at <= now).sort((a, b) => a[1].at - b[1].at || a[1].seq - b[1].seq);
  if (due.length > 0) {
    const [id, t] = due[0];
    timers.delete(id);
    activity++;
    try { t.fn(); } catch (e) { process.stderr.write(`timer threw: ${e && e.stack}\n`); }
    quiet = 0;
    setImmediate(check);
    return;
  }
  if (inFlight > 0 || activity !== lastActivity) {
    lastActivity = activity;
    quiet = 0;
    setImmediate(check);
    return;
  }
  if (++quiet < 4) {
    setImmediate(check);
    return;
  }
  quiet = 0;
  checking = false;
  let next = null;
  for (const t of timers.values()) if (next === null || t.at < next) next = t.at;
  process.send({ t: 'idle', next, seen: received });
}

let handler;
let received = 0;
process.on('message', (m) => {
  received++;
  activity++;
  if (m.t === 'advance') {
    now = Math.max(now, m.now);
  } else if (m.t === 'answer' || m.t === 'fail') {
    const p = pending.get(m.rid);
    if (p) {
      pending.delete(m.rid);
      if (m.t === 'answer') p.resolve(response(m));
      else p.reject(Object.assign(new TypeError('fetch failed'), { cause: new Error(m.message) }));
    }
  } else if (m.t === 'invoke') {
    now = Math.max(now, m.now);
    handler ??= require(process.env.SIM_BUNDLE).handler;
    const context = { getRemainingTimeInMillis: () => Math.max(0, m.deadline - now), functionName: 'slack-forwarder', awsRequestId: m.id };
    Promise.resolve()
      .then(() => handler(m.event, context))
      .then((value) => process.send({ t: 'done', id: m.id, ok: true, value: value ?? null }),
        (error) => process.send({ t: 'done', id: m.id, ok: false, value: String(error && error.message) }))
      .finally(() => { activity++; kick(); });
  }
  kick();
});
process.send({ t: 'idle', next: null, seen: 0 });
