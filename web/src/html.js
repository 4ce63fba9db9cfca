import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);

// Display helpers: amounts stay integers (lots, ticks, ledger units) as the API sends them.
export const fmtInt = (v) => (v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US'));
export const fmtTime = (us) => (us ? new Date(Number(us) / 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');
export const short = (hex, n = 12) => (hex ? (hex.length > 2 * n ? `${hex.slice(0, n)}…${hex.slice(-6)}` : hex) : '—');

// The auction's rule that set a session's clearing price (docs/auction.md, "The clearing
// price"), by the name the API gives it (`price_rule`; null until the session settles).
const RULES = {
  none: ['none', 'Nothing crossed: the session settled without trades, at the reference price.'],
  max_volume: ['maximum volume', 'The only price with the largest executable volume.'],
  min_surplus: ['minimum surplus', 'Of the prices with the largest volume, the only one with the smallest surplus.'],
  buy_pressure: ['buy pressure', 'A buy surplus at every tied price: the highest of them.'],
  sell_pressure: ['sell pressure', 'A sell surplus at every tied price: the lowest of them.'],
  reference: ['reference price', 'A surplus on both sides, or none: the tied price nearest the reference price.'],
  market_only_reference: ['market orders only', 'Only market orders trade: the reference price, within the collars and the best limits.'],
};
export const fmtRule = (r) => (r === null || r === undefined ? '—' : RULES[r]?.[0] ?? r);
export const ruleWhy = (r) => (r === null || r === undefined ? '' : RULES[r]?.[1] ?? '');
