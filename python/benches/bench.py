"""Benchmark rows for scripts/bench (format in scripts/bench_report.py).

`stdlib` is the seed's snippet, hmac.new(k, m, hashlib.sha256).hexdigest(), with the key and
id already bytes; userhash gets the id as `str`, as an application has it. Every figure is
the median of REPEATS timed runs (timeit.repeat), with half the min-max spread.
"""

from __future__ import annotations

import hashlib
import hmac
import statistics
import threading
import time
import timeit
from typing import Callable

import userhash

SECRET = "your_secret_key"
REPEATS = 15
BATCH = 1000
BIG_BATCH = 100_000


def row(operation: str, id_bytes: int, runs_ns: list[float]) -> None:
    median = statistics.median(runs_ns)
    spread = (max(runs_ns) - min(runs_ns)) / 2
    print(f"row\tpython\t{operation}\t{id_bytes}\t{median:.1f}\t{spread:.1f}", flush=True)


def per_call(stmt: str, env: dict[str, object], calls: int, items: int = 1) -> list[float]:
    """ns per item of `stmt` (which handles `items` items), one figure per timed run."""
    timer = timeit.Timer(stmt, globals=env)
    timer.timeit(max(1, calls // 10))  # warm-up
    return [t / calls / items * 1e9 for t in timer.repeat(repeat=REPEATS, number=calls)]


def make_id(n: int, length: int) -> str:
    return f"{n:0{length}d}" if length <= 20 else f"{n:020d}" + "u" * (length - 20)


def wall_per_item(work: Callable[[], None], items: int) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) / items * 1e9


def sign_many_threads(signer: userhash.Signer, ids: list[str], threads: int) -> list[float]:
    chunks = [ids[i::threads] for i in range(threads)]

    def run() -> None:
        workers = [threading.Thread(target=signer.sign_many, args=(c,)) for c in chunks]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    run()  # warm-up
    return [wall_per_item(run, len(ids)) for _ in range(REPEATS)]


def main() -> None:
    signer = userhash.Signer(SECRET)
    key = SECRET.encode()
    for length in (7, 256):
        uid = make_id(1234567, length)
        assert len(uid.encode()) == length
        digest = hmac.new(key, uid.encode(), hashlib.sha256).hexdigest()
        assert signer.sign(uid) == userhash.sign(SECRET, uid) == digest
        ids = [make_id(n, length) for n in range(BATCH)]
        env = {"hmac": hmac, "hashlib": hashlib, "userhash": userhash, "signer": signer,
               "k": key, "m": uid.encode(), "uid": uid, "secret": SECRET, "h": digest, "ids": ids}
        calls = 200_000 if length == 7 else 50_000
        row("stdlib", length, per_call("hmac.new(k, m, hashlib.sha256).hexdigest()", env, calls))
        row("sign_keyed", length, per_call("signer.sign(uid)", env, calls))
        row("sign_oneshot", length, per_call("userhash.sign(secret, uid)", env, calls))
        row("verify", length, per_call("signer.verify(uid, h)", env, calls))
        row("sign_many_item", length, per_call("signer.sign_many(ids)", env, calls // BATCH, BATCH))

    big = [make_id(n, 7) for n in range(BIG_BATCH)]
    row("sign_many_100k_1thread", 7, sign_many_threads(signer, big, 1))
    row("sign_many_100k_2threads", 7, sign_many_threads(signer, big, 2))


if __name__ == "__main__":
    main()
