"""Many threads signing with one shared Signer give exactly the serial results."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

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
