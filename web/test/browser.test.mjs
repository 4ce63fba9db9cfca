// The dashboard in a real browser: Debian's chromium, headless, driven by playwright-core,
// against a whole PhantomPool on 127.0.0.1 (tests/web/web_system.cc: five executors over
// HTTP, the API server serving the built dashboard, two funded traders). Checks that
//   - the market page updates when a session settles (and the chart has the new point);
//   - a reconnect of the WebSocket misses no event and repeats none;
//   - a session's "verify in the browser" passes, and fails when one stored DLEQ proof is
//     tampered with on its way to the page;
//   - the trader view shows only that trader's orders;
//   - no page logs a console error.
// Screenshots of every page go to test-artifacts/ (docs/dashboard.md shows them).
//
// Environment: PP_WEB_SYSTEM_BIN (build/bin/web_system), PP_WEB_ROOT (build/dashboard),
// PP_CHROMIUM (default /usr/bin/chromium). ctest sets the first two (label `web`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const artifacts = process.env.PP_WEB_ARTIFACTS ?? join(here, '..', 'test-artifacts');
const systemBin = process.env.PP_WEB_SYSTEM_BIN;
const webRoot = process.env.PP_WEB_ROOT;
const chromiumPath = process.env.PP_CHROMIUM ?? '/usr/bin/chromium';

let system, lines, info, browser, context, work;
const consoleErrors = [];
const waiting = [];

// One command to the system, answered by its next "settled" or "error" line.
function command(cmd) {
  return new Promise((resolve, reject) => {
    waiting.push({ resolve, reject });
    system.stdin.write(cmd + '\n');
  });
}

async function trade() {
  const r = await command('trade');
  return r;
}

async function newPage(viewport = { width: 1280, height: 860 }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`${page.url()}: ${e.message}`));
  return page;
}

const shot = (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });

before(async () => {
  assert.ok(systemBin, 'PP_WEB_SYSTEM_BIN must name build/bin/web_system');
  assert.ok(webRoot, 'PP_WEB_ROOT must name the built dashboard (build/dashboard)');
  mkdirSync(artifacts, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'pp-web-'));
  system = spawn(systemBin, [], {
    env: { ...process.env, PP_WEB_ROOT: webRoot, PP_WEB_OUT: work },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  lines = createInterface({ input: system.stdout });
  info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the system did not start within 60 s')), 60000);
    system.on('exit', (code) => reject(new Error(`web_system exited with ${code}`)));
    lines.on('line', (line) => {
      const sp = line.indexOf(' ');
      const kind = line.slice(0, sp), body = line.slice(sp + 1);
      if (kind === 'ready') { clearTimeout(timer); resolve(JSON.parse(body)); }
      if (kind === 'settled') waiting.shift()?.resolve(JSON.parse(body));
      if (kind === 'error') waiting.shift()?.reject(new Error(JSON.parse(body).message));
    });
  });
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox'] });
  context = await browser.newContext({ baseURL: info.url, colorScheme: 'dark' });
});

after(async () => {
  await browser?.close();
  if (system && system.exitCode === null) {
    system.stdin.write('quit\n');
    await new Promise((r) => { system.on('exit', r); setTimeout(r, 10000); });
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

const sessions = [];  // what `trade` returned, in order

test('the market page updates when a session settles', async () => {
  sessions.push(await trade());
  const page = await newPage();
  await page.goto('/#/market');
  const row = page.locator('tr[data-pair="SOL/USDC"]');
  await row.locator('[data-testid=last-price]').filter({ hasText: '15,010' }).waitFor();
  await page.locator('[data-testid=stream-state]').filter({ hasText: 'live' }).waitFor();
  const count = Number((await row.locator('[data-testid=sessions-24h]').innerText()).replace(/,/g, ''));
  sessions.push(await trade());  // clears at 15,020
  await row.locator('[data-testid=last-price]').filter({ hasText: '15,020' }).waitFor({ timeout: 15000 });
  await row.locator('[data-testid=sessions-24h]').filter({ hasText: String(count + 1) }).waitFor();
  assert.ok(await page.locator('.uplot canvas').count() >= 1, 'the chart is drawn');
  await page.locator('[data-testid=event-log] li').first().waitFor();
  await shot(page, 'market');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(300);
  await shot(page, 'market-phone');
  await page.close();
});

test('a reconnect misses no event and repeats none', async () => {
  const page = await newPage();
  const routes = [];
  let blockReconnects = false;
  await page.routeWebSocket(/\/v1\/stream/, (ws) => {
    if (blockReconnects) { ws.close(); return; }  // the server stays unreachable for a while
    ws.connectToServer();
    routes.push(ws);
  });
  await page.goto('/#/market');
  await page.locator('[data-testid=stream-state]').filter({ hasText: 'live' }).waitFor();
  sessions.push(await trade());  // events on the first socket
  await page.waitForFunction(() => window.ppStream.ids.length > 0);
  const before = await page.evaluate(() => window.ppStream.lastId);
  // Drop the socket and keep the page away while a session settles.
  blockReconnects = true;
  await routes[0].close();
  await page.locator('[data-testid=stream-state]').filter({ hasText: 'reconnecting' }).waitFor();
  sessions.push(await trade());
  blockReconnects = false;
  await page.locator('[data-testid=stream-state]').filter({ hasText: 'live' }).waitFor({ timeout: 20000 });
  // What a client that never disconnected reads from `before` on (Node's own WebSocket).
  const reference = await new Promise((resolve, reject) => {
    const got = [];
    const ws = new WebSocket(`${info.url.replace('http', 'ws')}/v1/stream?after_id=${before}`);
    const timer = setTimeout(() => { ws.close(); resolve(got); }, 2500);
    ws.onmessage = (m) => got.push(JSON.parse(m.data).id);
    ws.onerror = (e) => { clearTimeout(timer); reject(new Error(e.message ?? 'websocket error')); };
  });
  const last = reference[reference.length - 1];
  assert.ok(reference.length >= 2, `events were published while the page was away (${reference})`);
  await page.waitForFunction((id) => window.ppStream.lastId >= id, last, { timeout: 10000 });
  const ids = await page.evaluate(() => window.ppStream.ids);
  const after = ids.filter((id) => id > before && id <= last);
  assert.deepEqual(after, reference, 'the page saw exactly the events after its last id, in order');
  assert.ok(routes.length >= 2, 'the page reconnected');
  await page.close();
});

function flipZ(vrfProofHex, share) {
  // A share is 132 bytes: kind, version, index, Γ (32), proof = version, A1, A2, z. Flip
  // the lowest bit of z's first byte: still a canonical scalar, no longer a valid response.
  const at = (share * 132 + 3 + 32 + 1 + 64) * 2;
  const byte = (parseInt(vrfProofHex.slice(at, at + 2), 16) ^ 1).toString(16).padStart(2, '0');
  return vrfProofHex.slice(0, at) + byte + vrfProofHex.slice(at + 2);
}

test('a session verifies in the browser, and a tampered DLEQ proof fails', async () => {
  const { session_id: id } = sessions[sessions.length - 1];
  const page = await newPage();
  await page.goto(`/#/sessions/${id}`);
  await page.getByRole('button', { name: 'Verify in the browser' }).click();
  const verdict = page.locator('[data-testid=verify-result]');
  await verdict.waitFor();
  assert.match(await verdict.innerText(), /Verified/);
  // One price level in the batch: the maximum volume alone set the price.
  assert.equal(await page.locator('[data-testid=price-rule]').innerText(), 'maximum volume');
  const steps = await page.locator('[data-testid=verify-steps] li').allInnerTexts();
  assert.ok(steps.filter((s) => /DLEQ proof/.test(s)).length >= 3, steps.join('\n'));
  assert.ok(steps.every((s) => s.startsWith('✔')), steps.join('\n'));
  await shot(page, 'session');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(200);
  await shot(page, 'session-phone');
  await page.close();

  const bad = await newPage();
  await bad.route(`**/v1/sessions/${id}/audit`, async (route) => {
    const response = await route.fetch();
    const json = await response.json();
    json.vrf_proof = flipZ(json.vrf_proof, 1);
    await route.fulfill({ response, json });
  });
  await bad.goto(`/#/sessions/${id}`);
  await bad.getByRole('button', { name: 'Verify in the browser' }).click();
  await bad.locator('[data-testid=verify-result]').waitFor();
  assert.match(await bad.locator('[data-testid=verify-result]').innerText(), /failed/);
  const failed = (await bad.locator('[data-testid=verify-steps] li').allInnerTexts()).filter((s) => s.startsWith('✘'));
  assert.ok(failed.some((s) => /executor \d+ DLEQ proof/.test(s) && /does not verify/.test(s)), failed.join('\n'));
  await shot(bad, 'session-tampered');
  await bad.close();
});

test('the sessions list and the executors page show the system', async () => {
  const page = await newPage();
  await page.goto('/#/sessions');
  await page.locator('[data-testid=sessions-table] tbody tr').nth(sessions.length - 1).waitFor();
  for (const { session_id: id } of sessions) {
    const rule = page.locator(`[data-testid=sessions-table] tr:has(a[href="#/sessions/${id}"]) [data-testid=price-rule]`);
    assert.equal(await rule.innerText(), 'maximum volume', `session ${id}'s price rule`);
  }
  await shot(page, 'sessions');
  await page.goto('/#/executors');
  await page.locator('[data-testid=executors-table] tbody tr').nth(4).waitFor();
  assert.equal(await page.locator('[data-testid=executors-table] tbody tr').count(), 5);
  // Every node's reputation is shown; those that answered valid shares stand above the prior.
  const reputations = (await page.locator('[data-testid=reputation]').allInnerTexts()).map(Number);
  assert.equal(reputations.length, 5);
  assert.ok(reputations.every((r) => Number.isInteger(r) && r >= 0 && r <= 1000), `${reputations}`);
  assert.ok(reputations.filter((r) => r > 500).length >= 3, `${reputations}`);
  // Honest executors: no answer failed to verify, and the page says so.
  await page.locator('[data-testid=no-invalid]').waitFor();
  await shot(page, 'executors');
  await page.close();
  // The light scheme, when the system prefers it.
  const light = await newPage();
  await light.emulateMedia({ colorScheme: 'light' });
  await light.goto('/#/market');
  await light.locator('.uplot canvas').first().waitFor();
  await shot(light, 'market-light');
  await light.close();
});

test('the trader view shows only that trader\'s orders', async () => {
  const [me, other] = info.traders;
  const page = await newPage();
  await page.goto('/#/trader');
  // The key with the profile the CLI's `register` keeps beside it: the user id is filled in.
  const profile = `${me.key_file}.profile.json`;
  writeFileSync(profile, JSON.stringify({ format: 'phantompool-trader-profile', version: 1, server: info.url, user_id: me.id }));
  await page.locator('[data-testid=key-file]').setInputFiles([me.key_file, profile]);
  await page.waitForFunction((id) => document.querySelector('[data-testid=user-id]').value === String(id), me.id);
  await page.getByRole('button', { name: 'Open my account' }).click();
  await page.locator('[data-testid=orders-table] tbody tr').first().waitFor();
  const rows = page.locator('[data-testid=orders-table] tbody tr');
  const owners = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.user)));
  const orders = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.dataset.order)));
  assert.ok(owners.length >= sessions.length && owners.every((u) => u === me.id), `owners ${owners}`);
  for (const s of sessions) {
    assert.ok(orders.includes(s.buy_order), `own order ${s.buy_order} shown`);
    assert.ok(!orders.includes(s.sell_order), `the other trader's order ${s.sell_order} not shown`);
  }
  assert.equal(await page.locator('[data-testid=me-id]').innerText(), String(me.id));
  assert.ok(await page.locator('[data-testid=trades-table] tbody tr').count() >= sessions.length);
  await page.locator('[data-testid=stream-state]').filter({ hasText: 'live' }).waitFor();
  await shot(page, 'trader');
  // A wrong user id for this key: the server refuses the signature, the page says so.
  await page.reload();
  await page.locator('[data-testid=key-file]').setInputFiles(me.key_file);
  await page.locator('[data-testid=user-id]').fill(String(other.id));
  await page.getByRole('button', { name: 'Open my account' }).click();
  await page.locator('[role=alert]').waitFor();
  assert.match(await page.locator('[role=alert]').innerText(), /unauthenticated/);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !/401/.test(e)));
  await page.close();
});

test('the pages work from the keyboard', async () => {
  const page = await newPage();
  await page.goto('/#/market');
  await page.locator('[data-testid=market-table]').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  // Skip link, then the navigation in order: Market, Sessions, Executors.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Executors');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=executors-table]').waitFor();
  assert.equal(new URL(page.url()).hash, '#/executors');
  // On a session page the verify button is reached and pressed without a mouse.
  const { session_id: id } = sessions[0];
  await page.goto(`/#/sessions/${id}`);
  const button = page.getByRole('button', { name: 'Verify in the browser' });
  await button.waitFor();
  await button.focus();
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=verify-result]').filter({ hasText: 'Verified' }).waitFor();
  await page.close();
});

test('no page logged a console error', () => {
  assert.deepEqual(consoleErrors, []);
});
