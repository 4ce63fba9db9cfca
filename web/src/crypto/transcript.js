// The Fiat–Shamir transcript of src/crypto/transcript.cc, ported byte for byte.
//
// BLAKE2b-512 over frame("dom-sep", "phantompool/transcript/v1") || frame("protocol", P) || ...
// where frame(label, msg) = u64le(|label|) || label || u64le(|msg|) || msg. A challenge is
// squeezed from a copy of the state (tag "challenge:"+label, u64le(out length), u64le(block))
// and then absorbed back under the label "challenge:"+label.
import { blake2b } from '@noble/hashes/blake2.js';
import { ristretto255 } from '@noble/curves/ed25519.js';

const enc = new TextEncoder();
export const ORDER = ristretto255.Point.Fn.ORDER;

export function u64le(v) {
  const out = new Uint8Array(8);
  let x = BigInt(v);
  for (let i = 0; i < 8; i++) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
}

export function bytesToBigLE(bytes) {
  let x = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]);
  return x;
}

export function bigToBytesLE(x, n = 32) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) { out[i] = Number(x & 0xffn); x >>= 8n; }
  return out;
}

const asBytes = (m) => (typeof m === 'string' ? enc.encode(m) : m);

export class Transcript {
  constructor(protocol) {
    this.h = blake2b.create({ dkLen: 64 });
    this.framed('dom-sep', 'phantompool/transcript/v1');
    this.framed('protocol', protocol);
  }
  framed(label, message) {
    const l = asBytes(label), m = asBytes(message);
    this.h.update(u64le(l.length)).update(l).update(u64le(m.length)).update(m);
  }
  appendMessage(label, message) { this.framed(label, message); }
  appendU64(label, v) { this.framed(label, u64le(v)); }
  appendPoint(label, point) { this.framed(label, point.toBytes()); }
  appendScalar(label, s) { this.framed(label, bigToBytesLE(s)); }
  challengeBytes(label, n) {
    const out = new Uint8Array(n);
    const tag = enc.encode('challenge:' + label);
    for (let done = 0, block = 0; done < n; block++) {
      const copy = this.h.clone();
      copy.update(tag).update(u64le(n)).update(u64le(block));
      const d = copy.digest();
      const take = Math.min(64, n - done);
      out.set(d.subarray(0, take), done);
      done += take;
    }
    this.framed('challenge:' + label, out);
    return out;
  }
  // 64 bytes reduced modulo ℓ (decaf_255_scalar_decode_long: little-endian).
  challengeScalar(label) {
    return bytesToBigLE(this.challengeBytes(label, 64)) % ORDER;
  }
}
