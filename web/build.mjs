// Bundles the dashboard: src/main.js (Preact + htm, uPlot, noble) into one ES module, its CSS,
// and index.html, all in --out (default dist/). No source maps or hashes: the server serves
// a handful of plain names (src/server/static_files.cc).
import * as esbuild from 'esbuild';
import { mkdirSync, copyFileSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const at = process.argv.indexOf('--out');
const out = resolve(at > 0 ? process.argv[at + 1] : resolve(here, 'dist'));
mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: { app: resolve(here, 'src/main.js') },
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  legalComments: 'eof',
  outdir: out,
  logLevel: 'warning',
});
copyFileSync(resolve(here, 'src/index.html'), resolve(out, 'index.html'));
console.log(`dashboard: built into ${out}`);
