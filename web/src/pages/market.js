// Market: every pair's last clearing price and 24-hour figures, a chart of clearing price
// and volume per session, and the live event log. Every stream event refreshes the figures.
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import { html, fmtInt, fmtTime } from '../html.js';
import { getJson, stream } from '../api.js';

function useStreamRefresh(load) {
  useEffect(() => {
    load();
    let timer = null;
    const off = stream.on(() => {
      clearTimeout(timer);
      timer = setTimeout(load, 250);  // a settlement comes as a few events: one refresh
    });
    return () => { off(); clearTimeout(timer); };
  }, []);
}

function Chart({ sessions, symbol }) {
  const box = useRef(null);
  const plot = useRef(null);
  useEffect(() => {
    const settled = sessions.filter((s) => s.status === 'settled' && s.clearing_price !== null).reverse();
    const data = [
      settled.map((s) => Number(s.settled_at ?? s.created_at) / 1e6),
      settled.map((s) => Number(s.clearing_price)),
      settled.map((s) => Number(s.total_volume ?? 0)),
    ];
    if (!box.current) return;
    const width = () => Math.max(280, box.current?.clientWidth ?? 0);
    if (!plot.current) {
      const css = getComputedStyle(document.documentElement);
      const fg = css.getPropertyValue('--fg').trim(), accent = css.getPropertyValue('--accent').trim();
      const vol = css.getPropertyValue('--vol').trim(), grid = css.getPropertyValue('--grid').trim();
      const axis = { stroke: fg, grid: { stroke: grid }, ticks: { stroke: grid } };
      plot.current = new uPlot({
        width: width(), height: 260,
        title: `${symbol}: clearing price and volume per session`,
        scales: { x: { time: true }, vol: { range: (u, min, max) => [0, Math.max(1, max) * 3] } },
        series: [
          {},
          { label: 'clearing price (ticks)', stroke: accent, width: 2, points: { show: true, size: 6, fill: accent } },
          { label: 'volume (lots)', scale: 'vol', stroke: vol, fill: vol + '55', paths: uPlot.paths.bars({ size: [0.6, 40] }) },
        ],
        axes: [{ ...axis }, { ...axis, label: 'ticks', size: 80 }, { ...axis, scale: 'vol', side: 1, label: 'lots', size: 60, grid: { show: false } }],
      }, data, box.current);
      const ro = new ResizeObserver(() => {
        if (box.current && plot.current) plot.current.setSize({ width: width(), height: 260 });
      });
      ro.observe(box.current);
      plot.current._ro = ro;
    } else {
      plot.current.setData(data);
    }
  }, [sessions]);
  useEffect(() => () => { plot.current?._ro.disconnect(); plot.current?.destroy(); plot.current = null; }, [symbol]);
  return html`<figure class="chart">
    <div ref=${box} role="img" aria-label=${`Chart of clearing price and volume per session for ${symbol}; the table below lists the same sessions`}></div>
  </figure>`;
}

function EventLog() {
  const [events, setEvents] = useState([]);
  useEffect(() => stream.on((e) => setEvents((l) => [e, ...l].slice(0, 12))), []);
  return html`<section aria-labelledby="events-h">
    <h2 id="events-h">Live events</h2>
    <p class="muted">From the WebSocket stream; after a reconnect it resumes from the last id, so nothing is missed.</p>
    ${events.length === 0 ? html`<p class="muted" data-testid="no-events">No events since this page opened.</p>` : html`
    <ol class="events" data-testid="event-log">
      ${events.map((e) => html`<li key=${e.id}><span class="mono">#${e.id}</span> ${e.topic} · ${e.event_type}${e.trading_pair_id ? html` · pair ${e.trading_pair_id}` : ''}</li>`)}
    </ol>`}
  </section>`;
}

export function MarketPage() {
  const [market, setMarket] = useState(null);
  const [error, setError] = useState(null);
  const [symbol, setSymbol] = useState(null);
  const [sessions, setSessions] = useState([]);
  const symbolRef = useRef(null);
  symbolRef.current = symbol;

  const loadSessions = (sym) => getJson(`/v1/sessions?pair=${encodeURIComponent(sym)}&limit=100`).then(setSessions);
  useStreamRefresh(async () => {
    try {
      const m = await getJson('/v1/market');
      setMarket(m);
      const sym = symbolRef.current ?? m.find((x) => x.last_price !== null)?.symbol ?? m[0]?.symbol;
      if (sym) {
        setSymbol(sym);
        await loadSessions(sym);
      }
      setError(null);
    } catch (e) {
      setError(e.message);
    }
  });

  if (error) return html`<p role="alert" class="error">Could not load the market: ${error}</p>`;
  if (!market) return html`<p aria-busy="true">Loading the market…</p>`;
  return html`
    <h1>Market</h1>
    <div class="table-wrap">
    <table data-testid="market-table">
      <caption>Every pair; prices in ticks, volumes in lots, over the last 24 hours</caption>
      <thead><tr><th scope="col">Pair</th><th scope="col" class="num">Last price</th><th scope="col" class="num">24 h volume</th>
        <th scope="col" class="num">24 h high</th><th scope="col" class="num">24 h low</th><th scope="col" class="num">Sessions</th>
        <th scope="col" class="num">Open buy / sell</th></tr></thead>
      <tbody>${market.map((m) => html`<tr key=${m.symbol} data-pair=${m.symbol} class=${m.symbol === symbol ? 'selected' : ''}>
        <th scope="row"><button class="link" onClick=${() => { setSymbol(m.symbol); loadSessions(m.symbol); }}
          aria-pressed=${m.symbol === symbol}>${m.symbol}</button></th>
        <td class="num" data-testid="last-price">${fmtInt(m.last_price)}</td>
        <td class="num" data-testid="volume-24h">${fmtInt(m.volume_24h)}</td>
        <td class="num">${fmtInt(m.high_24h)}</td><td class="num">${fmtInt(m.low_24h)}</td>
        <td class="num" data-testid="sessions-24h">${fmtInt(m.sessions_24h)}</td>
        <td class="num">${fmtInt(m.active_buy_orders)} / ${fmtInt(m.active_sell_orders)}</td></tr>`)}</tbody>
    </table></div>
    ${symbol && html`<section aria-labelledby="chart-h">
      <h2 id="chart-h">${symbol}</h2>
      <${Chart} key=${symbol} sessions=${sessions} symbol=${symbol} />
      <p class="muted">${sessions.filter((s) => s.status === 'settled').length} settled sessions shown;
        latest ${sessions[0] ? html`<a href=${'#/sessions/' + sessions[0].id}>session ${sessions[0].session_number}</a>, ${fmtTime(sessions[0].settled_at ?? sessions[0].created_at)}` : 'none yet'}.</p>
    </section>`}
    <${EventLog} />`;
}
