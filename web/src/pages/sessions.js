// Sessions: a pair's sessions, newest first, a page at a time (the API's `before`).
import { useEffect, useState } from 'preact/hooks';
import { html, fmtInt, fmtTime, fmtRule, ruleWhy } from '../html.js';
import { getJson, stream } from '../api.js';

const PAGE = 25;

export function SessionsPage() {
  const [pairs, setPairs] = useState(null);
  const [pair, setPair] = useState(sessionStorage.getItem('pp.pair'));
  const [rows, setRows] = useState([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState(null);

  useEffect(() => {
    getJson('/v1/pairs').then((p) => {
      setPairs(p);
      if (!pair || !p.some((x) => x.symbol === pair)) setPair(p[0]?.symbol ?? null);
    }).catch((e) => setError(e.message));
  }, []);

  const load = (before) => {
    if (!pair) return;
    const q = `/v1/sessions?pair=${encodeURIComponent(pair)}&limit=${PAGE}${before ? `&before=${before}` : ''}`;
    getJson(q).then((list) => {
      setRows((old) => (before ? [...old, ...list] : list));
      setMore(list.length === PAGE);
      setError(null);
    }).catch((e) => setError(e.message));
  };
  useEffect(() => {
    if (!pair) return undefined;
    sessionStorage.setItem('pp.pair', pair);
    load();
    let t = null;
    const off = stream.on(() => { clearTimeout(t); t = setTimeout(() => load(), 300); });
    return () => { off(); clearTimeout(t); };
  }, [pair]);

  return html`
    <h1>Sessions</h1>
    ${error && html`<p role="alert" class="error">${error}</p>`}
    <label class="field">Pair
      <select value=${pair ?? ''} onChange=${(e) => setPair(e.currentTarget.value)}>
        ${(pairs ?? []).map((p) => html`<option value=${p.symbol}>${p.symbol}</option>`)}
      </select>
    </label>
    <div class="table-wrap">
    <table data-testid="sessions-table">
      <caption>${pair ?? ''} sessions, newest first</caption>
      <thead><tr><th scope="col">Session</th><th scope="col">Status</th><th scope="col">Closed at</th>
        <th scope="col" class="num">Orders (buy / sell)</th><th scope="col" class="num">Clearing price</th>
        <th scope="col">Price rule</th><th scope="col" class="num">Volume</th><th scope="col" class="num">Executors</th></tr></thead>
      <tbody>${rows.map((s) => html`<tr key=${s.id}>
        <th scope="row"><a href=${'#/sessions/' + s.id}>#${s.session_number}</a></th>
        <td><span class=${'badge ' + s.status}>${s.status}</span></td>
        <td>${fmtTime(s.settled_at ?? s.failed_at ?? s.created_at)}</td>
        <td class="num">${fmtInt(s.buy_orders_count + s.sell_orders_count)} (${s.buy_orders_count} / ${s.sell_orders_count})</td>
        <td class="num">${fmtInt(s.clearing_price)}</td>
        <td data-testid="price-rule" title=${ruleWhy(s.price_rule)}>${fmtRule(s.price_rule)}</td>
        <td class="num">${fmtInt(s.total_volume)}</td>
        <td class="num">${s.executor_node_ids.length ? s.executor_node_ids.join(', ') : '—'}</td></tr>`)}
      </tbody>
    </table></div>
    ${rows.length === 0 && html`<p class="muted">No sessions yet for this pair.</p>`}
    ${more && html`<button onClick=${() => load(rows[rows.length - 1].id)}>Older sessions</button>`}`;
}
