// The dashboard's shell: header with health and the stream's state, navigation, hash routes.
// Routes: #/market, #/sessions, #/sessions/<id>, #/executors, #/trader.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import 'uplot/dist/uPlot.min.css';
import './style.css';
import { html } from './html.js';
import { stream } from './api.js';
import { MarketPage } from './pages/market.js';
import { SessionsPage } from './pages/sessions.js';
import { SessionPage } from './pages/session.js';
import { ExecutorsPage } from './pages/executors.js';
import { TraderPage } from './pages/trader.js';

function useRoute() {
  const read = () => (location.hash.replace(/^#/, '') || '/market').split('/').filter(Boolean);
  const [route, setRoute] = useState(read());
  useEffect(() => {
    const f = () => setRoute(read());
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  return route;
}

function Health() {
  const [h, setH] = useState(null);
  const [state, setState] = useState(stream.state);
  useEffect(() => stream.onState(setState), []);
  useEffect(() => {
    let live = true;
    // 503 (not ready) carries the same body: show it rather than "unreachable".
    const load = () => fetch('/health').then((r) => r.json()).then((x) => live && setH(x))
      .catch(() => live && setH({ status: 'unreachable' }));
    load();
    const t = setInterval(load, 10000);
    return () => { live = false; clearInterval(t); };
  }, []);
  const ok = h?.status === 'ok';
  return html`<div class="health" role="status" aria-live="polite">
    <span class=${'dot ' + (ok ? 'ok' : 'bad')} aria-hidden="true"></span>
    <span data-testid="health">server ${h ? h.status : '…'}</span>
    ${h?.uptime_s !== undefined && html`<span class="muted"> · up ${h.uptime_s} s · key epoch ${h.key_epoch}</span>`}
    <span data-testid="stream-state" class="muted"> · stream ${state}</span>
    <a href="/metrics">metrics</a>
  </div>`;
}

const NAV = [['market', 'Market'], ['sessions', 'Sessions'], ['executors', 'Executors'], ['trader', 'My account']];

function App() {
  const route = useRoute();
  const page = route[0];
  // After a navigation (not on the first load) focus moves to the new content, so a screen
  // reader reads it and the next Tab starts there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [route.join('/')]);
  let body;
  if (page === 'sessions' && route[1]) body = html`<${SessionPage} id=${route[1]} />`;
  else if (page === 'sessions') body = html`<${SessionsPage} />`;
  else if (page === 'executors') body = html`<${ExecutorsPage} />`;
  else if (page === 'trader') body = html`<${TraderPage} />`;
  else body = html`<${MarketPage} />`;
  return html`
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>Skip to content</a>
    <header>
      <div class="brand">PhantomPool</div>
      <nav aria-label="Main">
        <ul>${NAV.map(([k, label]) => html`<li><a href=${'#/' + k} aria-current=${page === k ? 'page' : undefined}>${label}</a></li>`)}</ul>
      </nav>
      <${Health} />
    </header>
    <main id="main" tabindex="-1">${body}</main>`;
}

// The stream's received ids, for the curious and for the browser test's no-gap check.
window.ppStream = stream;
stream.start();
render(html`<${App} />`, document.getElementById('app'));
