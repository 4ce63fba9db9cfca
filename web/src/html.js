import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);

// Display helpers: amounts stay integers (lots, ticks, ledger units) as the API sends them.
export const fmtInt = (v) => (v === null || v === undefined ? '—' : Number(v).toLocaleString('en-US'));
export const fmtTime = (us) => (us ? new Date(Number(us) / 1000).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');
export const short = (hex, n = 12) => (hex ? (hex.length > 2 * n ? `${hex.slice(0, n)}…${hex.slice(-6)}` : hex) : '—');
