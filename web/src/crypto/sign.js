// The API's request signature (include/phantompool/api/request_signature.h), in the browser:
//   msg = "PP-REQUEST-V1\n" METHOD "\n" TARGET "\n" hex(SHA-256(body)) "\n" USER "\n" TS "\n" hex(nonce)
//   sig = Ed25519(seed, "phantompool/request-signature/v1" || 0x00 || msg)   (order/trader_key.cc)
// The key file (order/trader_key_file.h) is read into memory only and never sent anywhere.
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, equalBytes } from './vrf.js';

const enc = new TextEncoder();
export const REQUEST_SIGNATURE_DOMAIN = 'phantompool/request-signature/v1';

export function signingString(method, target, body, userId, timestampMs, nonce) {
  return `PP-REQUEST-V1\n${method}\n${target}\n${bytesToHex(sha256(enc.encode(body)))}\n` +
    `${userId}\n${timestampMs}\n${bytesToHex(nonce)}`;
}

export function domainSeparated(domain, message) {
  const d = enc.encode(domain), m = enc.encode(message);
  const out = new Uint8Array(d.length + 1 + m.length);
  out.set(d, 0);
  out.set(m, d.length + 1);
  return out;
}

// Strict, like ReadTraderKeyFile: exactly these keys, the public key must match the seed.
export function parseKeyFile(text) {
  let j;
  try { j = JSON.parse(text); } catch { throw new Error('the key file is not JSON'); }
  const keys = Object.keys(j ?? {}).sort().join(',');
  if (keys !== 'format,public_key,seed,version') throw new Error('the key file has unexpected fields');
  if (j.format !== 'phantompool-trader-key' || j.version !== 1) throw new Error('not a version 1 trader key file');
  const seed = hexToBytes(j.seed, 'seed');
  const publicKey = hexToBytes(j.public_key, 'public_key');
  if (seed.length !== 32 || publicKey.length !== 32) throw new Error('seed and public_key must be 32 bytes');
  if (!equalBytes(ed25519.getPublicKey(seed), publicKey)) throw new Error('public_key does not match the seed');
  return { seed, publicKey, publicKeyHex: j.public_key };
}

// The four values, for headers or for the stream's query.
export function signRequest(key, userId, method, target, body = '', now = Date.now()) {
  const nonce = crypto.getRandomValues(new Uint8Array(16));
  const msg = signingString(method, target, body, userId, now, nonce);
  const sig = ed25519.sign(domainSeparated(REQUEST_SIGNATURE_DOMAIN, msg), key.seed);
  return { user: String(userId), ts: String(now), nonce: bytesToHex(nonce), sig: bytesToHex(sig) };
}
