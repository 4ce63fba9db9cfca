// The public API and the trader's signed reads, plus the WebSocket stream with resume.
import { signRequest } from './crypto/sign.js';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ? `${body.error.code}: ${body.error.message}` : `HTTP ${status}`);
    this.status = status;
  }
}

export async function getJson(path, headers = {}) {
  const r = await fetch(path, { headers });
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, body);
  return body;
}

// A trader's GET, signed over the path and query exactly as sent.
export function getSigned(trader, target) {
  const s = signRequest(trader.key, trader.userId, 'GET', target);
  return getJson(target, {
    'X-PP-User': s.user, 'X-PP-Timestamp': s.ts, 'X-PP-Nonce': s.nonce, 'X-PP-Signature': s.sig,
  });
}

// One stream for the whole page. Resumes from the last id it saw after any disconnect, so
// a reconnect misses nothing and repeats nothing (the server keeps history; docs/api.md).
// Listeners get every frame; `state` is shown in the header.
export class Stream {
  constructor() {
    this.lastId = null;    // null: start from the server's current position
    this.listeners = new Set();
    this.stateListeners = new Set();
    this.state = 'connecting';
    this.ids = [];         // every id received, in order (the page's event log and the tests)
    this.trader = null;
    this.retryMs = 500;
    this.ws = null;
  }
  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); }
  onState(fn) { this.stateListeners.add(fn); return () => this.stateListeners.delete(fn); }
  setState(s) { this.state = s; for (const fn of this.stateListeners) fn(s); }

  async start() {
    if (this.lastId === null) {
      try {
        this.lastId = (await getJson('/health')).stream_last_event_id;
      } catch {
        this.lastId = 0;
      }
    }
    this.connect();
  }

  // A trader's own events too: reconnect signed.
  setTrader(trader) {
    this.trader = trader;
    if (this.ws) this.ws.close();
  }

  connect() {
    const path = `/v1/stream?after_id=${this.lastId}`;
    let query = path;
    if (this.trader) {
      const s = signRequest(this.trader.key, this.trader.userId, 'GET', path);
      query += `&pp_user=${s.user}&pp_ts=${s.ts}&pp_nonce=${s.nonce}&pp_sig=${s.sig}`;
    }
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}${query}`);
    this.ws = ws;
    ws.onopen = () => { this.retryMs = 500; this.setState('live'); };
    ws.onmessage = (m) => {
      let e;
      try { e = JSON.parse(m.data); } catch { return; }
      if (e.error || typeof e.id !== 'number') return;
      if (e.id <= this.lastId) return;  // never twice, even across a reconnect
      this.lastId = e.id;
      this.ids.push(e.id);
      for (const fn of this.listeners) fn(e);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.setState('reconnecting');
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10000);
    };
  }
}

export const stream = new Stream();
