"""Benchmark rows for scripts/bench (format in scripts/bench_report.py).

`stdlib` is the seed's snippet, hmac.new(k, m, hashlib.sha256).hexdigest(), with the key and
id already bytes; userhash gets the id as `str`, as an application has it. Every figure is
the median of REPEATS timed runs (timeit), with half the min-max spread.
"""

from __future__ import annotations

import hashlib
import hmac
import statistics
import threading
import time
import timeit
import userhash

SECRET = "your_secret_key"
REPEATS = 15
BATCH = 1000
BIG_BATCH = 100_000


def row(operation: str, id_bytes: int, runs_ns: list[float]) -> None:
    median = statistics.median(runs_ns)
    spread = (max(runs_ns) - min(runs_ns)) / 2
    print(f"row\tpython\t{operation}\t{id_bytes}\t{median:.1f}\t{spread:.1f}", flush=True)


def interleaved(cases: dict[str, tuple[str, int, int]], env: dict[str, object]) -> dict[str, list[float]]:
    """ns per item for each case (statement, calls per run, items per call), one figure per
    run. The cases take turns run by run, so a change in machine load hits them alike."""
    timers = {name: (timeit.Timer(stmt, globals=env), calls, items)
              for name, (stmt, calls, items) in cases.items()}
    for timer, calls, _ in timers.values():
        timer.timeit(max(1, calls // 10))  # warm-up
    runs: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(REPEATS):
        for name, (timer, calls, items) in timers.items():
            runs[name].append(timer.timeit(calls) / calls / items * 1e9)
    return runs


def make_id(n: int, length: int) -> str:
    return f"{n:0{length}d}" if length <= 20 else f"{n:020d}" + "u" * (length - 20)


def sign_many_threads(signer: userhash.Signer, ids: list[str]) -> dict[int, list[float]]:
    """Wall-clock ns per id to sign `ids` with sign_many on 1 thread, or split over 2."""

    def run(threads: int) -> None:
        workers = [threading.Thread(target=signer.sign_many, args=(ids[i::threads],))
                   for i in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    runs: dict[int, list[float]] = {1: [], 2: []}
    for threads in runs:
        run(threads)  # warm-up
    for _ in range(REPEATS):
        for threads, figures in runs.items():
            start = time.perf_counter()
            run(threads)
            figures.append((time.perf_counter() - start) / len(ids) * 1e9)
    return runs


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
        calls = 100_000 if length == 7 else 25_000
        runs = interleaved({
            "stdlib": ("hmac.new(k, m, hashlib.sha256).hexdigest()", calls, 1),
            "sign_keyed": ("signer.sign(uid)", calls, 1),
            "sign_oneshot": ("userhash.sign(secret, uid)", calls, 1),
            "verify": ("signer.verify(uid, h)", calls, 1),
            "sign_many_item": ("signer.sign_many(ids)", calls // BATCH, BATCH),
        }, env)
        for operation, figures in runs.items():
            row(operation, length, figures)

    runs = sign_many_threads(signer, [make_id(n, 7) for n in range(BIG_BATCH)])
    row("sign_many_100k_1thread", 7, runs[1])
    row("sign_many_100k_2threads", 7, runs[2])
    jwt_rows()


def jwt_rows() -> None:
    """The intercom-jwt token issued and verified by userhash and by PyJWT, the reference."""
    import jwt  # PyJWT, installed next to the wheel by scripts/bench.d/30-python.sh

    keyring = userhash.Keyring("current", SECRET)
    user = {"id": "user123", "email": "jo@example.com", "name": "Jo Smith"}
    # An exp far ahead, so that PyJWT, which reads the real clock, checks it as userhash does.
    iat, exp = 1767225600, 4000000000
    claims = {"user_id": "user123", "email": "jo@example.com", "name": "Jo Smith", "iat": iat, "exp": exp}
    token = keyring.issue_jwt("intercom-jwt", user, now=iat, expires_at=exp)
    assert jwt.encode(claims, SECRET, algorithm="HS256") == token
    library = f"PyJWT {jwt.__version__}"
    env = {"jwt": jwt, "keyring": keyring, "user": user, "claims": claims, "token": token,
           "secret": SECRET, "iat": iat, "exp": exp}
    runs = interleaved({
        "jwt_issue": ('keyring.issue_jwt("intercom-jwt", user, now=iat, expires_at=exp)', 20_000, 1),
        f"jwt_issue:{library}": ('jwt.encode(claims, secret, algorithm="HS256")', 20_000, 1),
        "jwt_verify": ('keyring.verify_jwt("intercom-jwt", token, now=iat)', 20_000, 1),
        f"jwt_verify:{library}": ('jwt.decode(token, secret, algorithms=["HS256"])', 20_000, 1),
    }, env)
    for operation, figures in runs.items():
        row(operation, 0, figures)


if __name__ == "__main__":
    main()
