// The JS port against the C++ side's committed golden vectors (tests/golden/threshold_v1.txt,
// written by tests/crypto/threshold/golden_test.cc): the stored VRF shares must verify and
// combine to the stored output, and one flipped bit in any proof must be caught.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as vrf from '../src/crypto/vrf.js';

const golden = Object.fromEntries(
  readFileSync(fileURLToPath(new URL('../../tests/golden/threshold_v1.txt', import.meta.url)), 'utf8')
    .trim().split('\n').map((l) => l.split(' ')));
const keys = vrf.parsePublicKeySet(vrf.hexToBytes(golden.public_key_set));
const seed = vrf.hexToBytes(golden.vrf_seed);
const shares = Object.keys(golden).filter((k) => k.startsWith('vrf_share_')).map((k) => vrf.hexToBytes(golden[k]));

test('golden VRF shares verify and combine to the golden output', () => {
  assert.equal(keys.t, 3);
  assert.ok(shares.length >= 3);
  const r = vrf.verifyVrf(keys, seed, shares);
  for (const s of r.shares) assert.ok(s.ok, s.why);
  assert.equal(vrf.bytesToHex(r.output), golden.vrf_output);
});

test('a flipped bit in any share proof is caught', () => {
  for (let k = 0; k < shares.length; k++) {
    for (const at of [40, 70, 100, 131]) {
      const bad = shares.map((s) => s.slice());
      bad[k][at] ^= 1;
      const r = vrf.verifyVrf(keys, seed, bad);
      assert.equal(r.shares[k].ok, false, `share ${k} byte ${at}`);
      assert.equal(r.output, null);
    }
  }
});
