// One session: its draw (seed, output), each executor's response, excluded and opened orders,
// and "verify in the browser": the batch digest, the seed and every executor's DLEQ proof
// recomputed here from what the API serves, the shares combined, the output compared.
import { useEffect, useState } from 'preact/hooks';
import { html, fmtInt, fmtTime, fmtRule, ruleWhy, short } from '../html.js';
import { getJson } from '../api.js';
import { auditSession } from '../crypto/vrf.js';

function Hex({ value, label }) {
  return html`<code class="hex" aria-label=${label} title=${value}>${value || '—'}</code>`;
}

function Verify({ audit, batch }) {
  const [result, setResult] = useState(null);
  const [busy, setBusy] = useState(false);
  const run = () => {
    setBusy(true);
    setResult(null);
    // Let the button's busy state paint before the curve arithmetic (about 100 ms).
    setTimeout(() => {
      try {
        setResult(auditSession(audit, batch));
      } catch (e) {
        setResult({ ok: false, steps: [{ name: 'audit', ok: false, detail: e.message }] });
      }
      setBusy(false);
    }, 30);
  };
  const settled = audit.status === 'settled' && audit.vrf_proof;
  return html`<section aria-labelledby="verify-h" class="verify">
    <h2 id="verify-h">Verify in the browser</h2>
    <p class="muted">Recomputes the batch digest from the frozen batch, the VRF seed from (pair, session number,
      previous output, batch digest), checks each executor's DLEQ proof against its verification key in the
      public key set, combines the shares by Lagrange interpolation and compares the result with the stored
      VRF output (ristretto255 with @noble/curves). Nothing is sent anywhere.</p>
    <button onClick=${run} disabled=${busy || !settled} aria-describedby="verify-h">${busy ? 'Verifying…' : 'Verify in the browser'}</button>
    ${!settled && html`<p class="muted">Only a settled session carries a draw to verify.</p>`}
    ${result && html`<div role="status" aria-live="polite">
      <p class=${'verdict ' + (result.ok ? 'ok' : 'bad')} data-testid="verify-result">
        ${result.ok ? '✔ Verified: the draw and every executor proof check out' : '✘ Verification failed'}</p>
      <ul class="steps" data-testid="verify-steps">${result.steps.map((s) => html`<li class=${s.ok ? 'ok' : 'bad'}>
        <strong>${s.ok ? '✔' : '✘'} ${s.name}</strong>: <span class="mono wrap">${s.detail}</span></li>`)}</ul>
    </div>`}
  </section>`;
}

export function SessionPage({ id }) {
  const [audit, setAudit] = useState(null);
  const [batch, setBatch] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    setAudit(null); setBatch(null); setError(null);
    Promise.all([getJson(`/v1/sessions/${id}/audit`), getJson(`/v1/sessions/${id}/batch`)])
      .then(([a, b]) => { setAudit(a); setBatch(b); })
      .catch((e) => setError(e.message));
  }, [id]);
  if (error) return html`<p role="alert" class="error">Could not load session ${id}: ${error}</p>`;
  if (!audit) return html`<p aria-busy="true">Loading session ${id}…</p>`;
  const a = audit;
  return html`
    <p><a href="#/sessions">← All sessions</a></p>
    <h1>${a.pair} session #${a.session_number} <span class=${'badge ' + a.status}>${a.status}</span></h1>
    <dl class="facts">
      <div><dt>Closed</dt><dd>${fmtTime(a.settled_at ?? a.failed_at ?? a.created_at)}</dd></div>
      <div><dt>Orders (buy / sell)</dt><dd>${a.buy_orders_count} / ${a.sell_orders_count}</dd></div>
      <div><dt>Clearing price</dt><dd data-testid="clearing-price">${fmtInt(a.clearing_price)} ticks</dd></div>
      <div><dt>Price rule</dt><dd><span data-testid="price-rule">${fmtRule(a.price_rule)}</span>
        ${a.price_rule && html`<br /><small class="muted">${ruleWhy(a.price_rule)}</small>`}</dd></div>
      <div><dt>Volume</dt><dd>${fmtInt(a.total_volume)} lots</dd></div>
      ${a.failure_reason && html`<div><dt>Failure</dt><dd>${a.failure_reason}</dd></div>`}
    </dl>
    <section aria-labelledby="draw-h">
      <h2 id="draw-h">The draw</h2>
      <dl class="hexes">
        <dt>Batch digest</dt><dd><${Hex} value=${a.draw.batch_digest} label="batch digest" /></dd>
        <dt>Previous VRF output</dt><dd><${Hex} value=${a.draw.previous_vrf_output} label="previous VRF output" /></dd>
        <dt>VRF seed</dt><dd><${Hex} value=${a.vrf_seed} label="VRF seed" /></dd>
        <dt>VRF output</dt><dd><${Hex} value=${a.vrf_output} label="VRF output" /></dd>
        <dt>Key epoch</dt><dd>${a.draw.key_epoch}</dd>
      </dl>
    </section>
    <${Verify} audit=${a} batch=${batch} />
    <section aria-labelledby="resp-h">
      <h2 id="resp-h">Executors' responses</h2>
      <div class="table-wrap"><table data-testid="responses-table">
        <caption>Each executor asked in this session, with the coordinator's verdict</caption>
        <thead><tr><th scope="col">Executor</th><th scope="col" class="num">Attempt</th><th scope="col">Verdict</th>
          <th scope="col">Why</th><th scope="col" class="num">Latency</th><th scope="col">Signed response</th></tr></thead>
        <tbody>${a.responses.map((r) => html`<tr>
          <th scope="row">node ${r.node_index}</th><td class="num">${r.attempt}</td>
          <td><span class=${'badge ' + (!r.asked ? 'idle' : r.valid ? 'settled' : 'failed')}>${!r.asked ? 'not asked' : r.valid ? (r.combined ? 'valid, combined' : 'valid') : 'invalid'}</span></td>
          <td>${r.reason || '—'}</td><td class="num">${fmtInt(r.latency_ms)} ms</td>
          <td>${r.response ? html`<${Hex} value=${short(r.response, 16)} label=${'signed response of node ' + r.node_index} />` : '—'}</td></tr>`)}
        </tbody></table></div>
    </section>
    <section aria-labelledby="excl-h">
      <h2 id="excl-h">Excluded orders</h2>
      ${a.excluded.length === 0 ? html`<p class="muted">None: every order in the batch opened.</p>` : html`
      <div class="table-wrap"><table><caption>Orders left out of the clearing, and why</caption>
        <thead><tr><th scope="col">Order</th><th scope="col">Reason</th></tr></thead>
        <tbody>${a.excluded.map((e) => html`<tr><th scope="row">${e.order_id}</th><td>${e.reason}</td></tr>`)}</tbody>
      </table></div>`}
    </section>
    <section aria-labelledby="open-h">
      <h2 id="open-h">Opened orders</h2>
      ${(a.opened_orders ?? []).length === 0 ? html`<p class="muted">None (the batch opens only when the session settles).</p>` : html`
      <div class="table-wrap"><table><caption>Owners are per-session pseudonyms</caption>
        <thead><tr><th scope="col">Order</th><th scope="col">Owner</th><th scope="col">Side</th><th scope="col">Type</th>
          <th scope="col" class="num">Size</th><th scope="col" class="num">Limit</th><th scope="col" class="num">Min fill</th></tr></thead>
        <tbody>${a.opened_orders.map((o) => html`<tr><th scope="row">${o.order_id}</th><td>${o.owner}</td><td>${o.side}</td>
          <td>${o.order_type} · ${o.validity}</td><td class="num">${fmtInt(o.size)}</td><td class="num">${fmtInt(o.limit_price)}</td>
          <td class="num">${fmtInt(o.min_fill)}</td></tr>`)}</tbody>
      </table></div>`}
    </section>
    <details><summary>Frozen batch (${batch?.orders.length ?? 0} orders, as the digest covers them)</summary>
      <div class="table-wrap"><table><caption>Order ids and ciphertext hashes, in batch order</caption>
        <thead><tr><th scope="col">Order</th><th scope="col">Side</th><th scope="col">Type</th><th scope="col">Ciphertext hash</th></tr></thead>
        <tbody>${(batch?.orders ?? []).map((o) => html`<tr><th scope="row">${o.order_id}</th><td>${o.side}</td><td>${o.order_type}</td>
          <td><${Hex} value=${o.ciphertext_hash} label="ciphertext hash" /></td></tr>`)}</tbody>
      </table></div>
    </details>`;
}
