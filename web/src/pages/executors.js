// Executors: the nodes of the current key set, their heartbeat age, status and the
// coordinator's tally of valid and invalid answers. Polled every 5 s.
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

// The answer record: the share of checked answers that were valid (no separate reputation
// score is published by the API).
function record(n) {
  const checked = n.valid_responses + n.invalid_responses;
  return checked === 0 ? '—' : `${Math.floor((100 * n.valid_responses) / checked)} %`;
}

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
  // Requests an executor did not answer, once the API lists them (store: missed_responses).
  const hasMissed = rows.some((n) => 'missed_responses' in n);
  return html`
    <h1>Executors</h1>
    ${keys && html`<p>Key epoch ${keys.key_epoch}: any ${keys.threshold} of ${keys.participants} executors decrypt a batch and draw its VRF.</p>`}
    <div class="table-wrap"><table data-testid="executors-table">
      <caption>Heartbeats and answers as the coordinator recorded them</caption>
      <thead><tr><th scope="col">Node</th><th scope="col">Status</th><th scope="col">Heartbeat age</th><th scope="col">Last heartbeat</th>
        <th scope="col" class="num">Valid answers</th><th scope="col" class="num">Invalid answers</th><th scope="col" class="num">Unchecked</th>${hasMissed && html`<th scope="col" class="num">Missed</th>`}<th scope="col" class="num">Record</th>
        <th scope="col">Endpoint</th></tr></thead>
      <tbody>${rows.map((n) => html`<tr key=${n.node_index}>
        <th scope="row">node ${n.node_index}</th>
        <td><span class=${'badge ' + (STATUS_CLASS[n.status] ?? 'failed')}>${n.status}</span></td>
        <td>${age(n.heartbeat_age_ms)}</td><td>${fmtTime(n.last_heartbeat)}</td>
        <td class="num">${fmtInt(n.valid_responses)}</td>
        <td class=${'num' + (n.invalid_responses > 0 ? ' warn' : '')}>${fmtInt(n.invalid_responses)}</td>
        <td class="num">${fmtInt(n.unchecked_responses)}</td>${hasMissed && html`<td class="num">${fmtInt(n.missed_responses)}</td>`}<td class="num">${record(n)}</td>
        <td class="mono">${n.endpoint_url}</td></tr>`)}</tbody>
    </table></div>`;
}
