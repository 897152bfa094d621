"""Threads: a shared Signer or Keyring gives exactly the serial results, and long work and
waits for the keyring's lock release the GIL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Optional, Tuple

import pytest

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


def other_thread_ran_during(call: Callable[[], object]) -> bool:
    """Whether another Python thread, started as ``call`` is, got the GIL before ``call``
    returned. The switch interval is set far longer than the test, so no thread is made to
    drop the GIL: the other thread runs during the call only if the call releases it."""
    import sys
    import threading

    go, ran = threading.Event(), threading.Event()

    def run() -> None:
        go.wait()
        ran.set()

    other = threading.Thread(target=run)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(30)
    other.start()
    try:
        go.set()
        call()
        return ran.is_set()
    finally:
        sys.setswitchinterval(interval)
        other.join()


LONG = "u" * (4 << 20)


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """No log record of the failures below: each would hold a user id of megabytes."""
    import logging

    monkeypatch.setattr(logging.getLogger("userhash"), "disabled", True)


@pytest.mark.parametrize(
    "name, call",
    [("Signer.sign", lambda: userhash.Signer(SEED_SECRET).sign(LONG)),
     ("Signer.sign_many", lambda: userhash.Signer(SEED_SECRET).sign_many([LONG, LONG])),
     ("Keyring.verify", lambda: userhash.Keyring("k", SEED_SECRET).verify(LONG, "0" * 64)),
     ("explain", lambda: userhash.explain(SEED_SECRET, LONG, "0" * 64))],
)
@pytest.mark.usefixtures("quiet")
def test_long_work_releases_the_gil(name: str, call: Callable[[], object]) -> None:
    # sign_many weighs a batch by its bytes too: two long ids release the GIL as one does.
    assert other_thread_ran_during(call), name


@pytest.mark.usefixtures("quiet")
def test_a_keyring_call_waits_for_the_lock_without_the_gil() -> None:
    """A short call that finds the keyring locked waits with the GIL released: here behind
    an ``add`` that waits for a long ``explain`` (std's RwLock lets no new reader in while a
    writer waits). The explain of a 48 MiB id takes about half a second on a release build,
    well past the two 0.1 s sleeps."""
    import threading
    import time

    keyring = userhash.Keyring("k", SEED_SECRET)
    explaining = threading.Thread(target=keyring.explain, args=("u" * (48 << 20), "0" * 64))
    adding = threading.Thread(target=keyring.add, args=("old", "old-secret"))
    explaining.start()
    time.sleep(0.1)
    adding.start()
    time.sleep(0.1)
    assert explaining.is_alive() and adding.is_alive()
    assert other_thread_ran_during(lambda: keyring.sign("user123"))
    explaining.join()
    adding.join()
    assert keyring.key_ids == ("k", "old")
