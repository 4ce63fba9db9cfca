// In-browser audit of a session's draw, ported from the C++ that produced it:
//   auction/session_draw.h       batch digest and VRF seed (BLAKE2b-256, framed)
//   crypto/threshold/vrf.h       H = FromUniformBytes(SHA-512(label || 0 || seed)), shares Γ_i
//                                with DLEQ proofs bound to the key set, Lagrange at 0, output hash
//   crypto/dleq_proof.h          the Chaum–Pedersen transcript and equations
//   crypto/threshold/public_key_set.h   the key set's wire format
// Every function returns data or throws an Error naming what is wrong: the page shows it.
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { Transcript, ORDER, bytesToBigLE, u64le } from './transcript.js';

const Point = ristretto255.Point;
const enc = new TextEncoder();

export const VRF_LABEL = 'phantompool/threshold-vrf/v1';
const HASH_TO_GROUP_LABEL = 'phantompool/threshold-vrf/v1/hash-to-group';
const DLEQ_DOMAIN = 'phantompool/dleq-proof/v1';
const BATCH_DIGEST_LABEL = 'PhantomPool/auction/batch-digest/v1';
const VRF_SEED_LABEL = 'PhantomPool/auction/vrf-seed/v1';
export const SHARE_SIZE = 3 + 32 + 97;

export function hexToBytes(hex, what = 'hex') {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || /[^0-9a-f]/i.test(hex)) {
    throw new Error(`${what}: not hex`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(2 * i, 2), 16);
  return out;
}
export const bytesToHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
export const equalBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

function u32le(v) {
  return new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);
}
function frame32(h, text) {
  const b = enc.encode(text);
  h.update(u32le(b.length)).update(b);
}

// batch_digest = BLAKE2b-256(frame(label) || Σ frame(order id) || ciphertext hash || u64le(n))
export function batchDigest(orders) {
  const h = blake2b.create({ dkLen: 32 });
  frame32(h, BATCH_DIGEST_LABEL);
  for (const o of orders) {
    frame32(h, String(o.order_id));
    const ch = hexToBytes(o.ciphertext_hash, `order ${o.order_id} ciphertext_hash`);
    if (ch.length !== 32) throw new Error(`order ${o.order_id}: ciphertext_hash is not 32 bytes`);
    h.update(ch);
  }
  h.update(u64le(orders.length));
  return h.digest();
}

export function vrfSeed(pairSymbol, sessionNumber, previousOutput, digest) {
  const h = blake2b.create({ dkLen: 32 });
  frame32(h, VRF_SEED_LABEL);
  frame32(h, pairSymbol);
  h.update(u64le(sessionNumber)).update(previousOutput).update(digest);
  return h.digest();
}

function decodePoint(bytes, what, allowIdentity = false) {
  let p;
  try {
    p = Point.fromBytes(bytes);
  } catch {
    throw new Error(`${what}: not a canonical ristretto255 encoding`);
  }
  if (!allowIdentity && p.is0()) throw new Error(`${what}: the identity`);
  return p;
}

// Wire format v1: 0x11 || 1 || t || n || qualified (u32le) || transcript hash (32) || PK || VK_1..n
export function parsePublicKeySet(bytes) {
  if (bytes.length < 8 || bytes[0] !== 0x11 || bytes[1] !== 1) {
    throw new Error('public_key_set: not a version 1 key set');
  }
  const t = bytes[2], n = bytes[3];
  if (bytes.length !== 72 + 32 * n) throw new Error('public_key_set: wrong length');
  if (t < 1 || t > n) throw new Error('public_key_set: bad threshold');
  const transcriptHash = bytes.slice(8, 40);
  const publicKey = decodePoint(bytes.slice(40, 72), 'public_key_set.public_key');
  const vks = [];
  for (let j = 0; j < n; j++) {
    vks.push(decodePoint(bytes.slice(72 + 32 * j, 104 + 32 * j), `verification_keys[${j}]`));
  }
  return { t, n, transcriptHash, publicKey, verificationKeys: vks };
}

// 0x21 || 1 || index || Γ_i (32) || proof: 1 || A1 || A2 || z
export function parseVrfShare(bytes, what = 'vrf_share') {
  if (bytes.length !== SHARE_SIZE) throw new Error(`${what}: must be ${SHARE_SIZE} bytes`);
  if (bytes[0] !== 0x21 || bytes[1] !== 1) throw new Error(`${what}: not a version 1 VRF share`);
  const proof = bytes.subarray(35);
  if (proof[0] !== 1) throw new Error(`${what}.proof: unsupported version ${proof[0]}`);
  const z = bytesToBigLE(proof.subarray(65, 97));
  if (z >= ORDER) throw new Error(`${what}.proof.z: not a canonical scalar`);
  return {
    index: bytes[2],
    gamma: decodePoint(bytes.subarray(3, 35), `${what}.gamma`),
    A1: decodePoint(proof.subarray(1, 33), `${what}.proof.A1`),
    A2: decodePoint(proof.subarray(33, 65), `${what}.proof.A2`),
    z,
  };
}

// The session's vrf_proof column: the serialized shares, concatenated.
export function splitShares(bytes) {
  if (bytes.length === 0 || bytes.length % SHARE_SIZE !== 0) {
    throw new Error(`vrf_proof: ${bytes.length} bytes is not a whole number of shares`);
  }
  const out = [];
  for (let k = 0; k < bytes.length; k += SHARE_SIZE) out.push(bytes.slice(k, k + SHARE_SIZE));
  return out;
}

export function vrfBase(seed) {
  const h = sha512.create();
  h.update(enc.encode(HASH_TO_GROUP_LABEL)).update(new Uint8Array([0])).update(seed);
  return ristretto255_hasher.deriveToCurve(h.digest());
}

const mul = (P, k) => (k === 0n ? Point.ZERO : P.multiply(k));

// DleqProof::Verify with the transcript of VerifyVrfShare.
export function verifyShare(keys, seed, share, H = vrfBase(seed)) {
  if (share.index < 1 || share.index > keys.n) {
    return { ok: false, why: `index ${share.index} outside 1..${keys.n}` };
  }
  const t = new Transcript(VRF_LABEL);
  t.appendMessage('key-set', keys.transcriptHash);
  t.appendMessage('seed', seed);
  t.appendU64('executor', share.index);
  const G = Point.BASE, VK = keys.verificationKeys[share.index - 1];
  t.appendMessage('dom-sep', DLEQ_DOMAIN);
  t.appendPoint('B1', G);
  t.appendPoint('P1', VK);
  t.appendPoint('B2', H);
  t.appendPoint('P2', share.gamma);
  t.appendPoint('A1', share.A1);
  t.appendPoint('A2', share.A2);
  const c = t.challengeScalar('c');
  const ok1 = mul(G, share.z).equals(share.A1.add(mul(VK, c)));
  const ok2 = mul(H, share.z).equals(share.A2.add(mul(share.gamma, c)));
  return ok1 && ok2
    ? { ok: true, why: 'DLEQ proof verifies' }
    : { ok: false, why: `DLEQ proof does not verify for participant ${share.index}` };
}

function modInv(a) {
  let [r0, r1, s0, s1] = [((a % ORDER) + ORDER) % ORDER, ORDER, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % ORDER) + ORDER) % ORDER;
}

// λ_i(0) = Π_{j≠i} j / (j − i)
export function lagrangeAtZero(indices) {
  return indices.map((i) => {
    let num = 1n, den = 1n;
    for (const j of indices) {
      if (j === i) continue;
      num = (num * BigInt(j)) % ORDER;
      den = (den * (((BigInt(j) - BigInt(i)) % ORDER) + ORDER)) % ORDER;
    }
    return (num * modInv(den)) % ORDER;
  });
}

export function vrfOutputHash(seed, gamma) {
  const t = new Transcript(VRF_LABEL);
  t.appendMessage('dom-sep', 'phantompool/threshold-vrf/v1/output');
  t.appendMessage('seed', seed);
  t.appendPoint('gamma', gamma);
  return t.challengeBytes('output', 32);
}

// VerifyVrf: every share checked; t valid shares with distinct indices combined.
// Returns { shares: [{index, ok, why}], output: Uint8Array | null, why }.
export function verifyVrf(keys, seed, shareBytesList) {
  const H = vrfBase(seed);
  const results = [];
  const valid = new Map();
  shareBytesList.forEach((bytes, k) => {
    let share;
    try {
      share = parseVrfShare(bytes, `shares[${k}]`);
    } catch (e) {
      results.push({ position: k, index: bytes[2], ok: false, why: e.message });
      return;
    }
    const r = verifyShare(keys, seed, share, H);
    if (r.ok && valid.has(share.index)) {
      results.push({ position: k, index: share.index, ok: false, why: 'a second share of this participant' });
      return;
    }
    results.push({ position: k, index: share.index, ...r });
    if (r.ok) valid.set(share.index, share);
  });
  if (valid.size < keys.t) {
    return { shares: results, output: null, why: `${valid.size} valid shares of the ${keys.t} needed` };
  }
  const chosen = [...valid.keys()].sort((a, b) => a - b).slice(0, keys.t);
  const lambdas = lagrangeAtZero(chosen);
  let gamma = Point.ZERO;
  chosen.forEach((i, k) => { gamma = gamma.add(mul(valid.get(i).gamma, lambdas[k])); });
  return { shares: results, output: vrfOutputHash(seed, gamma), used: chosen, why: 'combined' };
}

// The whole check the session page runs: every input recomputed from what the API serves.
// `audit` is GET /v1/sessions/{id}/audit, `batch` is GET /v1/sessions/{id}/batch.
export function auditSession(audit, batch) {
  const steps = [];
  const step = (name, ok, detail) => { steps.push({ name, ok, detail }); return ok; };
  const draw = audit.draw;
  const digest = batchDigest(batch.orders);
  step('batch digest', equalBytes(digest, hexToBytes(draw.batch_digest)),
    `recomputed from ${batch.orders.length} orders: ${bytesToHex(digest)}`);
  const seed = vrfSeed(audit.pair, audit.session_number, hexToBytes(draw.previous_vrf_output), digest);
  step('VRF seed', equalBytes(seed, hexToBytes(draw.vrf_seed)) && equalBytes(seed, hexToBytes(audit.vrf_seed)),
    `(pair, session number, previous output, batch digest) → ${bytesToHex(seed)}`);
  const keys = parsePublicKeySet(hexToBytes(draw.public_key_set));
  let result;
  try {
    result = verifyVrf(keys, seed, splitShares(hexToBytes(audit.vrf_proof)));
  } catch (e) {
    step('VRF shares', false, e.message);
    return { ok: false, steps, shares: [] };
  }
  for (const s of result.shares) step(`executor ${s.index} DLEQ proof`, s.ok, s.why);
  const expected = hexToBytes(audit.vrf_output);
  step('VRF output', result.output !== null && equalBytes(result.output, expected),
    result.output ? `Lagrange over executors ${result.used.join(', ')} → ${bytesToHex(result.output)}` : result.why);
  return { ok: steps.every((s) => s.ok), steps, shares: result.shares };
}
