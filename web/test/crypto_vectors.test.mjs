// The JS port against vectors computed by the C++ itself at test time (build/bin/web_vectors,
// tests/web/web_vectors.cc): batch digests and VRF seeds as auction/session_draw.cc computes
// them, a VRF over a fresh 3-of-5 DKG with all five shares, and request signatures as
// api/request_signature.cc signs them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ed25519 } from '@noble/curves/ed25519.js';
import * as vrf from '../src/crypto/vrf.js';
import { signingString, domainSeparated, parseKeyFile, REQUEST_SIGNATURE_DOMAIN } from '../src/crypto/sign.js';

const bin = process.env.PP_WEB_VECTORS_BIN;
assert.ok(bin, 'PP_WEB_VECTORS_BIN must name build/bin/web_vectors');
const vectors = JSON.parse(execFileSync(bin, { encoding: 'utf8' }));
const hex = vrf.bytesToHex, bytes = vrf.hexToBytes;

test('batch digests and VRF seeds match auction/session_draw', () => {
  assert.equal(vectors.draws.length, 4);
  for (const d of vectors.draws) {
    const digest = vrf.batchDigest(d.orders);
    assert.equal(hex(digest), d.batch_digest, `${d.orders.length} orders`);
    const seed = vrf.vrfSeed(d.pair, BigInt(d.session_number), bytes(d.previous_vrf_output), digest);
    assert.equal(hex(seed), d.vrf_seed);
  }
});

test('VRF shares of every executor verify, and every quorum gives the C++ output', () => {
  for (const v of vectors.vrf) {
    const keys = vrf.parsePublicKeySet(bytes(v.public_key_set));
    const seed = bytes(v.seed);
    const shares = v.shares.map((s) => bytes(s));
    assert.equal(shares.length, 5);
    for (const pick of [[0, 1, 2], [2, 3, 4], [0, 2, 4], [4, 1, 3, 0]]) {
      const r = vrf.verifyVrf(keys, seed, pick.map((k) => shares[k]));
      assert.ok(r.shares.every((s) => s.ok), JSON.stringify(r.shares));
      assert.equal(hex(r.output), v.vrf_output, `quorum ${pick}`);
    }
    // A share checked against another executor's key fails; two valid shares are not enough.
    const wrong = shares[0].slice();
    wrong[2] = 2;
    assert.equal(vrf.verifyVrf(keys, seed, [wrong]).shares[0].ok, false);
    assert.equal(vrf.verifyVrf(keys, seed, shares.slice(0, 2)).output, null);
  }
});

test('request signatures match api/request_signature and verify under the domain', () => {
  for (const s of vectors.request_signatures) {
    const msg = signingString(s.method, s.target, s.body, s.user_id, s.timestamp_ms, bytes(s.nonce));
    assert.equal(msg, s.signing_string);
    const key = parseKeyFile(JSON.stringify({ format: 'phantompool-trader-key', version: 1, seed: s.seed, public_key: s.public_key }));
    // Ed25519 is deterministic: the same bytes as libsodium.
    const sig = ed25519.sign(domainSeparated(REQUEST_SIGNATURE_DOMAIN, msg), key.seed);
    assert.equal(hex(sig), s.signature);
  }
});
