#!/usr/bin/env python3
"""The batch digest and VRF seed of docs/auction.md (section 11), written from the
specification alone (Python's hashlib, nothing shared with src/auction), to seal golden
replay inputs and to produce the documented test vectors.

    replay_draw.py vectors            print the test vectors of docs/auction.md
    replay_draw.py seal FILE...       recompute vrf.batch_digest and vrf.seed in place

`seal` rewrites only those two fields (a textual replacement, so the file's layout stays
as written); files named error_draw_* are left alone (they test the check), and so are
files that are not whole sessions (the inputs that test the parser).
"""
import hashlib
import json
import re
import struct
import sys

BATCH_LABEL = b"PhantomPool/auction/batch-digest/v1"
SEED_LABEL = b"PhantomPool/auction/vrf-seed/v1"


def frame(data: bytes) -> bytes:
    return struct.pack("<I", len(data)) + data


def batch_digest(entries):
    """entries: (order id: str, ciphertext hash: 32 bytes) in batch order."""
    h = hashlib.blake2b(digest_size=32)
    h.update(frame(BATCH_LABEL))
    for order_id, ct_hash in entries:
        assert len(ct_hash) == 32
        h.update(frame(order_id.encode()) + ct_hash)
    h.update(struct.pack("<Q", len(entries)))
    return h.digest()


def vrf_seed(symbol: str, session: int, previous: bytes, digest: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=32)
    h.update(frame(SEED_LABEL) + frame(symbol.encode()) + struct.pack("<Q", session))
    h.update(previous + digest)
    return h.digest()


def vectors():
    empty = batch_digest([])
    two = batch_digest([("o1", bytes(range(32))), ("o2", bytes([0xff] * 32))])
    print("batch_digest([]) =", empty.hex())
    print("batch_digest([(o1, 00..1f), (o2, ff*32)]) =", two.hex())
    print("vrf_seed(SOL/USDC, 1, 0*32, batch_digest([])) =",
          vrf_seed("SOL/USDC", 1, bytes(32), empty).hex())
    print("vrf_seed(SOL/USDC, 42, 11*32, the two-order digest) =",
          vrf_seed("SOL/USDC", 42, bytes([0x11] * 32), two).hex())


def seal(path):
    text = open(path).read()
    try:
        doc = json.loads(text)
        doc["vrf"]["previous_output"], doc["session"]["number"], doc["orders"]
    except (ValueError, KeyError, TypeError):
        return
    pair = doc["pair"] if isinstance(doc["pair"], str) else doc["pair"]["symbol"]
    entries = [(o["id"], bytes.fromhex(o["ciphertext_hash"])) for o in doc["orders"]]
    digest = batch_digest(entries)
    seed = vrf_seed(pair, doc["session"]["number"], bytes.fromhex(doc["vrf"]["previous_output"]),
                    digest)
    text = re.sub(r'"batch_digest": "[0-9a-f]*"', '"batch_digest": "%s"' % digest.hex(), text, 1)
    text = re.sub(r'"seed": "[0-9a-f]*"', '"seed": "%s"' % seed.hex(), text, 1)
    open(path, "w").write(text)


if __name__ == "__main__":
    if sys.argv[1:2] == ["vectors"]:
        vectors()
    elif sys.argv[1:2] == ["seal"]:
        for p in sys.argv[2:]:
            if "/error_draw_" not in p and not p.split("/")[-1].startswith("error_draw_"):
                seal(p)
    else:
        sys.exit(__doc__)
