"""Differential testing of userhash against the standard library's hmac, for millions of cases.

    python differential.py N [--seed S] [--max-len BYTES]

Each case draws a secret and an id, either as random bytes or as a random Unicode string (any
scalar value, astral planes included), with lengths mostly short, often around SHA-256's
64-byte block, and up to 1 MiB; the secret is text or bytes, the id text, bytes or an int.
Every case is signed by userhash.sign, Signer.sign, Signer.sign_many (batches), and verified
with Signer.verify, and compared with hmac.new(secret, id, sha256).hexdigest(). Prints
cases/s and the mismatches (with the seed and case number to replay them); exits 1 on any.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import random
import sys
import time

import userhash

BATCH = 256


def random_text(rng: random.Random, length: int) -> str:
    if length > 4096:  # long strings repeat a random chunk: drawing 1 Mi characters is slow
        chunk = random_text(rng, 4096)
        return (chunk * (length // 4096 + 1))[:length]
    points = []
    for _ in range(length):
        plane = rng.random()
        point = rng.randrange(0x80) if plane < 0.4 else rng.randrange(0x800) if plane < 0.6 else (
            rng.randrange(0x10000) if plane < 0.85 else rng.randrange(0x110000))
        if 0xD800 <= point <= 0xDFFF:  # lone surrogates have no UTF-8 form
            point -= 0x1000
        points.append(point)
    return "".join(map(chr, points))


def random_length(rng: random.Random, max_len: int) -> int:
    kind = rng.random()
    if kind < 0.5:
        return rng.randrange(1, 130)
    if kind < 0.8:
        return rng.choice((55, 56, 63, 64, 65, 119, 120, 127, 128, 129)) + rng.randrange(-1, 2)
    if kind < 0.995:
        return rng.randrange(1, 5000)
    return rng.randrange(1, max_len + 1)


def draw(rng: random.Random, max_len: int) -> tuple[str | bytes, bytes, str | bytes | int, bytes]:
    if rng.random() < 0.5:
        secret_bytes = rng.randbytes(random_length(rng, max_len))
        secret: str | bytes = secret_bytes
    else:
        secret = random_text(rng, rng.randrange(1, 100)).strip() or "k"
        secret_bytes = secret.encode()
    kind = rng.random()
    user_id: str | bytes | int
    if kind < 0.45:
        user_id = id_bytes = rng.randbytes(random_length(rng, max_len))
    elif kind < 0.95:
        user_id = random_text(rng, max(1, random_length(rng, max_len) // 3))
        id_bytes = user_id.encode()
    else:
        user_id = rng.randrange(-(2**127), 2**127)
        id_bytes = str(user_id).encode()
    return secret, secret_bytes, user_id, id_bytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", type=int)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--max-len", type=int, default=1 << 20)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    mismatches = 0
    start = time.perf_counter()
    done = 0
    while done < args.cases:
        # One secret per batch: the batch goes through sign_many as well.
        secret, secret_bytes, _, _ = draw(rng, args.max_len)
        signer = userhash.Signer(secret)
        batch = [draw(rng, args.max_len)[2:] for _ in range(min(BATCH, args.cases - done))]
        expected = [hmac.new(secret_bytes, id_bytes, hashlib.sha256).hexdigest() for _, id_bytes in batch]
        many = signer.sign_many([user_id for user_id, _ in batch])
        for index, ((user_id, _), want) in enumerate(zip(batch, expected)):
            got = (signer.sign(user_id), many[index], userhash.sign(secret, user_id) if index % 16 == 0 else want)
            if got != (want, want, want) or not signer.verify(user_id, want):
                mismatches += 1
                print(f"MISMATCH seed={args.seed} case={done + index}: id {user_id!r:.80} expected {want} got {got}")
        done += len(batch)
        if done % (BATCH * 400) == 0:
            rate = done / (time.perf_counter() - start)
            print(f"... {done} cases, {rate:,.0f} cases/s, {mismatches} mismatches", file=sys.stderr)
    elapsed = time.perf_counter() - start
    print(f"{done} cases in {elapsed:.1f} s ({done / elapsed:,.0f} cases/s), seed {args.seed}: "
          f"{mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
