"""Many threads signing with one shared Signer give exactly the serial results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Optional, Tuple

import userhash
from conftest import SEED_SECRET, oracle

IDS: list[str | int] = [f"user-{n}" for n in range(2000)] + list(range(2000))


def test_many_threads_match_serial() -> None:
    signer = userhash.Signer(SEED_SECRET)
    serial = [oracle(SEED_SECRET.encode(), str(uid).encode()) for uid in IDS]
    chunks = [IDS[i : i + 250] for i in range(0, len(IDS), 250)]

    def work(chunk: list[str | int]) -> tuple[list[str], list[str], list[bool]]:
        batch = signer.sign_many(chunk)
        one_by_one = [signer.sign(uid) for uid in chunk]
        checks = [signer.verify(uid, h) for uid, h in zip(chunk, one_by_one)]
        return batch, one_by_one, checks

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, chunks * 4))

    for index, (batch, one_by_one, checks) in enumerate(results):
        expected = serial[(index % len(chunks)) * 250 :][:250]
        assert batch == expected
        assert one_by_one == expected
        assert all(checks)


Row = Tuple[int, str, str, bool, Optional[str], str]


def test_threads_hammering_one_keyring_and_one_signer() -> None:
    """One shared Keyring (two keys, failure hook) and Signer: every thread gets the serial
    results, and each thread's failures are reported to it, not to a neighbour."""
    import threading

    signer = userhash.Signer(SEED_SECRET)
    reported: dict[int, list[str]] = {}

    def on_failure(event: userhash.FailureEvent) -> None:
        reported.setdefault(threading.get_ident(), []).append(event.user_id)

    keyring = userhash.Keyring("new", SEED_SECRET, on_failure=on_failure)
    keyring.add("old", "old-secret", not_after=2_000_000_000)
    # Some ids long enough that the GIL is released while they are hashed.
    ids: list[str | bytes] = [f"user-{n}" for n in range(300)] + [bytes([n]) * 40_000 for n in range(1, 9)]
    new = [oracle(SEED_SECRET.encode(), uid if isinstance(uid, bytes) else uid.encode()) for uid in ids]
    old = [oracle(b"old-secret", uid if isinstance(uid, bytes) else uid.encode()) for uid in ids]

    def work(offset: int) -> tuple[int, list[Row]]:
        out: list[Row] = []
        for index in range(len(ids)):
            i = (index + offset) % len(ids)
            uid = ids[i]
            out.append((i, signer.sign(uid), keyring.sign(uid), signer.verify(uid, new[i]),
                        keyring.verify_detailed(uid, old[i], now=1_900_000_000).key_id,
                        keyring.verify_detailed(uid, new[i][::-1], now=1_900_000_000).outcome))
        return threading.get_ident(), out

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(0, 16 * 37, 37)))
    for _ident, out in results:
        for i, by_signer, by_keyring, verified, old_key, reversed_outcome in out:
            assert (by_signer, by_keyring, verified, old_key, reversed_outcome) == (
                new[i], new[i], True, "old", "mismatch")
    # Every mismatch was reported exactly once, on the thread that verified.
    assert sum(len(v) for v in reported.values()) == 16 * len(ids)
    for ident, out in results:
        assert len(reported[ident]) % len(ids) == 0
