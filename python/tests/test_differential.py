"""Differential testing against the standard library's hmac (issue 9): random secrets and
ids (any bytes, lengths up to 1 MiB, random Unicode strings including astral characters),
through every signing entry point. A bounded, seeded sample here; `benches/differential.py N`
runs millions."""

from __future__ import annotations

import hashlib
import hmac
import random

import userhash

SEED = 20261121
CASES = 3000


def random_text(rng: random.Random, length: int) -> str:
    """Any Unicode scalar value (no lone surrogates: they have no UTF-8 form). Long strings
    repeat a random chunk of up to 4096 characters, to keep the sample fast."""
    if length > 4096:
        chunk = random_text(rng, 4096)
        return (chunk * (length // 4096 + 1))[:length]
    out = []
    for _ in range(length):
        point = rng.choice((rng.randrange(0x80), rng.randrange(0x800), rng.randrange(0x10000), rng.randrange(0x110000)))
        if 0xD800 <= point <= 0xDFFF:
            point -= 0x1000
        out.append(chr(point))
    return "".join(out)


def random_length(rng: random.Random) -> int:
    """Mostly short, around SHA-256's block boundaries, sometimes up to 1 MiB."""
    kind = rng.randrange(10)
    if kind < 6:
        return rng.randrange(1, 130)
    if kind < 9:
        return rng.randrange(1, 5000)
    return rng.randrange(1, 1 << 20)


def test_random_cases_match_stdlib_hmac() -> None:
    rng = random.Random(SEED)
    mismatches = []
    big = 0
    for index in range(CASES):
        secret: str | bytes
        user_id: str | bytes
        if rng.random() < 0.5:
            secret = rng.randbytes(rng.choice((1, random_length(rng) % 300 + 1, random_length(rng))))
            secret_bytes = secret
        else:
            secret = random_text(rng, rng.randrange(1, 80)).strip() or "k"
            secret_bytes = secret.encode()
        if rng.random() < 0.5:
            user_id = rng.randbytes(random_length(rng))
            id_bytes = user_id
        else:
            user_id = random_text(rng, random_length(rng) // 4 + 1)
            id_bytes = user_id.encode()
        big += len(id_bytes) > 65536
        expected = hmac.new(secret_bytes, id_bytes, hashlib.sha256).hexdigest()
        signer = userhash.Signer(secret)
        got = (userhash.sign(secret, user_id), signer.sign(user_id), signer.sign_many([user_id])[0])
        if got != (expected,) * 3 or not signer.verify(user_id, expected.upper()):
            mismatches.append(index)
        if index % 50 == 0:
            keyring = userhash.Keyring("k", secret)
            if keyring.sign(user_id) != expected or keyring.verify_detailed(user_id, expected).outcome != "verified":
                mismatches.append(index)
    assert mismatches == []
    assert big > 10, "the sample includes ids of more than 64 KiB"


def test_random_integer_ids_match_their_decimal_text() -> None:
    rng = random.Random(SEED + 1)
    signer = userhash.Signer(b"\x00key")
    for _ in range(2000):
        n = rng.randrange(-(2**127), 2**127)
        assert signer.sign(n) == hmac.new(b"\x00key", str(n).encode(), hashlib.sha256).hexdigest()
