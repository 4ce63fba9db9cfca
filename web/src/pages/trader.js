// A trader's own view: the key file is read into this page's memory (never stored, never
// sent); each request is signed with it exactly as the API requires. Read-only: orders are
// placed with the CLI or the C++ client, which build the proofs.
import { useEffect, useState } from 'preact/hooks';
import { html, fmtInt, fmtTime } from '../html.js';
import { getJson, getSigned, stream } from '../api.js';
import { parseKeyFile } from '../crypto/sign.js';

let session = null;  // { key, userId }: module memory only, gone on reload

function Login({ onLogin }) {
  const [error, setError] = useState(null);
  const [file, setFile] = useState(null);
  const [userId, setUserId] = useState('');
  // The CLI's `register` keeps the user id in a profile beside the key
  // (<key>.profile.json, {"format": "phantompool-trader-profile", "user_id": N, ...}):
  // choosing it too fills the user id.
  const pick = async (files) => {
    setFile(null);
    for (const f of files) {
      const text = await f.text();
      let j = null;
      try { j = JSON.parse(text); } catch { /* not JSON: parseKeyFile will say so */ }
      if (j?.format === 'phantompool-trader-profile' && Number.isSafeInteger(j.user_id)) setUserId(String(j.user_id));
      else setFile(f);
    }
  };
  const submit = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      if (!file) throw new Error('choose your key file');
      const key = parseKeyFile(await file.text());
      const id = Number(userId);
      if (!Number.isSafeInteger(id) || id <= 0) throw new Error('the user id is a positive number');
      const trader = { key, userId: id };
      const me = await getSigned(trader, '/v1/me');
      onLogin({ ...trader, me });
    } catch (err) {
      setError(err.message);
    }
  };
  return html`<form onSubmit=${submit} class="login" aria-describedby="login-help">
    <p id="login-help">Import your trader key file (<code>phantompool keygen</code> wrote it) and give your user id, or choose
      the key file together with the profile <code>register</code> wrote beside it (<code>….profile.json</code>) and the id is filled in.
      The key stays in this tab's memory: it signs your requests here and is never stored or sent.</p>
    <label class="field">Key file <input type="file" multiple accept=".json,application/json" data-testid="key-file"
      onChange=${(e) => pick([...e.currentTarget.files])} /></label>
    <label class="field">User id <input type="number" min="1" inputmode="numeric" required data-testid="user-id"
      value=${userId} onInput=${(e) => setUserId(e.currentTarget.value)} /></label>
    <button type="submit">Open my account</button>
    ${error && html`<p role="alert" class="error">${error}</p>`}
  </form>`;
}

function Account({ trader, onLogout }) {
  const [data, setData] = useState(null);
  const [error, setError] = useState(null);
  const load = () => Promise.all([
    getSigned(trader, '/v1/balances'), getSigned(trader, '/v1/orders?limit=200'), getSigned(trader, '/v1/trades'),
    getJson('/v1/pairs'),
  ]).then(([balances, orders, trades, pairs]) => {
    const names = {};
    for (const p of pairs) { names[p.base_token] = p.base_token_name; names[p.quote_token] = p.quote_token_name; }
    setData({ balances, orders, trades, names });
    setError(null);
  })
    .catch((e) => setError(e.message));
  useEffect(() => {
    load();
    let t = null;
    const off = stream.on(() => { clearTimeout(t); t = setTimeout(load, 300); });
    return () => { off(); clearTimeout(t); };
  }, []);
  const me = trader.me;
  return html`
    <p>Signed in as user <strong data-testid="me-id">${me.id}</strong> (${me.username ?? me.wallet_address}), KYC ${me.kyc_status},
      tier ${me.trading_tier}, max order ${fmtInt(me.max_order_size)} lots.
      <button class="secondary" onClick=${onLogout}>Forget the key</button></p>
    <p class="note">Placing and cancelling orders is done with the CLI (<code>phantompool order place</code>) or the C++ client:
      they encrypt the order and build its proofs. This page only reads.</p>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    ${data && html`
    <section aria-labelledby="bal-h"><h2 id="bal-h">Balances</h2>
      <div class="table-wrap"><table data-testid="balances-table"><caption>Ledger units; locked amounts are held by open orders</caption>
        <thead><tr><th scope="col">Token</th><th scope="col" class="num">Balance</th><th scope="col" class="num">Locked by orders</th><th scope="col">Updated</th></tr></thead>
        <tbody>${data.balances.map((b) => html`<tr><th scope="row">${data.names[b.token] ?? ''} <span class="muted mono" title=${b.token}>${b.token.slice(0, 6)}…</span></th><td class="num">${fmtInt(b.balance)}</td>
          <td class="num">${fmtInt(b.open_obligations)}</td><td>${fmtTime(b.updated_at)}</td></tr>`)}</tbody></table></div></section>
    <section aria-labelledby="ord-h"><h2 id="ord-h">My orders</h2>
      <div class="table-wrap"><table data-testid="orders-table"><caption>${data.orders.length} orders, oldest first</caption>
        <thead><tr><th scope="col">Order</th><th scope="col">Pair</th><th scope="col">Side</th><th scope="col">Type</th><th scope="col">Status</th>
          <th scope="col" class="num">Filled</th><th scope="col" class="num">Remaining</th><th scope="col">Session</th><th scope="col">Placed</th></tr></thead>
        <tbody>${data.orders.map((o) => html`<tr data-order=${o.id} data-user=${o.user_id}><th scope="row">${o.id}</th><td>${o.pair}</td><td>${o.side}</td>
          <td>${o.order_type} · ${o.validity}</td><td><span class=${'badge ' + o.status}>${o.status}</span></td>
          <td class="num">${fmtInt(o.filled_amount)}</td><td class="num">${fmtInt(o.remaining_amount)}</td>
          <td>${o.matching_session_id ? html`<a href=${'#/sessions/' + o.matching_session_id}>${o.matching_session_id}</a>` : '—'}</td>
          <td>${fmtTime(o.created_at)}</td></tr>`)}</tbody></table></div></section>
    <section aria-labelledby="fill-h"><h2 id="fill-h">My fills</h2>
      <div class="table-wrap"><table data-testid="trades-table"><caption>${data.trades.length} fills</caption>
        <thead><tr><th scope="col">Trade</th><th scope="col">Pair</th><th scope="col">Side</th><th scope="col" class="num">Amount</th>
          <th scope="col" class="num">Price</th><th scope="col" class="num">Value</th><th scope="col" class="num">Fee</th><th scope="col">Session</th></tr></thead>
        <tbody>${data.trades.map((t) => html`<tr><th scope="row">${t.id}</th><td>${t.pair}</td><td>${t.side}</td>
          <td class="num">${fmtInt(t.amount)}</td><td class="num">${fmtInt(t.price)}</td><td class="num">${fmtInt(t.total_value)}</td>
          <td class="num">${fmtInt(t.side === 'buy' ? t.buyer_fee : t.seller_fee)}</td>
          <td><a href=${'#/sessions/' + t.matching_session_id}>${t.matching_session_id}</a></td></tr>`)}</tbody></table></div></section>`}`;
}

export function TraderPage() {
  const [trader, setTrader] = useState(session);
  const login = (t) => { session = t; setTrader(t); stream.setTrader(t); };
  const logout = () => { session = null; setTrader(null); stream.setTrader(null); };
  return html`<h1>My account</h1>
    ${trader ? html`<${Account} trader=${trader} onLogout=${logout} />` : html`<${Login} onLogin=${login} />`}`;
}
