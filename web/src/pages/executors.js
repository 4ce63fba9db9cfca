// Executors: the nodes of the current key set, their heartbeat age, status, the
// coordinator's tally of their answers and the reputation the store derives from it
// (docs/executor.md, "Reputation"). Polled every 5 s.
import { useEffect, useState } from 'preact/hooks';
import { html, fmtInt, fmtTime } from '../html.js';
import { getJson } from '../api.js';

function age(ms) {
  if (ms === null || ms === undefined) return 'never';
  if (ms < 2000) return `${ms} ms`;
  if (ms < 120000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60000)} min`;
}

const STATUS_CLASS = { online: 'settled', degraded: 'pending', maintenance: 'pending', offline: 'failed' };

export function ExecutorsPage() {
  const [rows, setRows] = useState(null);
  const [keys, setKeys] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let live = true;
    const load = () => Promise.all([getJson('/v1/executors'), getJson('/v1/keys')])
      .then(([e, k]) => { if (live) { setRows(e); setKeys(k); setError(null); } })
      .catch((e) => live && setError(e.message));
    load();
    const t = setInterval(load, 5000);
    return () => { live = false; clearInterval(t); };
  }, []);
  if (error) return html`<p role="alert" class="error">Could not load the executors: ${error}</p>`;
  if (!rows) return html`<p aria-busy="true">Loading executors…</p>`;
  const invalid = rows
    .flatMap((n) => (n.recent_invalid_answers ?? []).map((a) => ({ ...a, node_index: n.node_index })))
    .sort((a, b) => b.created_at - a.created_at);
  return html`
    <h1>Executors</h1>
    ${keys && html`<p>Key epoch ${keys.key_epoch}: any ${keys.threshold} of ${keys.participants} executors decrypt a batch and draw its VRF.</p>`}
    <div class="table-wrap"><table data-testid="executors-table">
      <caption>Heartbeats and answers as the coordinator recorded them</caption>
      <thead><tr><th scope="col">Node</th><th scope="col">Status</th><th scope="col">Heartbeat age</th><th scope="col">Last heartbeat</th>
        <th scope="col" class="num">Valid answers</th><th scope="col" class="num">Invalid answers</th><th scope="col" class="num">Missed</th><th scope="col" class="num">Unchecked</th><th scope="col" class="num">Reputation</th>
        <th scope="col">Endpoint</th></tr></thead>
      <tbody>${rows.map((n) => html`<tr key=${n.node_index}>
        <th scope="row">node ${n.node_index}</th>
        <td><span class=${'badge ' + (STATUS_CLASS[n.status] ?? 'failed')}>${n.status}</span></td>
        <td>${age(n.heartbeat_age_ms)}</td><td>${fmtTime(n.last_heartbeat)}</td>
        <td class="num">${fmtInt(n.valid_responses)}</td>
        <td class=${'num' + (n.invalid_responses > 0 ? ' warn' : '')}>${fmtInt(n.invalid_responses)}</td>
        <td class="num">${fmtInt(n.missed_responses)}</td>
        <td class="num">${fmtInt(n.unchecked_responses)}</td>
        <td class="num" data-testid="reputation">${fmtInt(n.reputation)}</td>
        <td class="mono">${n.endpoint_url}</td></tr>`)}</tbody>
    </table></div>
    <p class="muted">Reputation, 0 to 1000, is derived from the answers: ⌊1000 × (valid + 1) / (valid + 2 × invalid + missed + 2)⌋.
      An executor with no answers yet stands at 500; an invalid answer (a lie) weighs twice what a missed request does;
      unchecked answers do not count until they are judged.</p>
    <h2>Recent invalid answers</h2>
    ${invalid.length === 0
      ? html`<p data-testid="no-invalid">No executor has sent an answer that did not verify.</p>`
      : html`<div class="table-wrap"><table data-testid="invalid-answers">
      <caption>Answers that came back and did not verify, newest first (up to five a node)</caption>
      <thead><tr><th scope="col">Node</th><th scope="col">Session</th><th scope="col">When</th><th scope="col">Why</th></tr></thead>
      <tbody>${invalid.map((a) => html`<tr key=${a.node_index + '-' + a.session_id + '-' + a.attempt}>
        <th scope="row">node ${a.node_index}</th>
        <td><a href=${'#/sessions/' + a.session_id}>session id ${a.session_id}</a> (attempt ${a.attempt})</td>
        <td>${fmtTime(a.created_at)}</td><td class="mono">${a.reason}</td></tr>`)}</tbody>
    </table></div>`}`;
}
