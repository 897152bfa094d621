"""A size that an argument claims (its ``__len__``) never drives an allocation: a lying
object is signed like any other iterable, and the process lives. Each case runs in a child
interpreter, since the failure it guards against aborts the process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SEED_SECRET, oracle

CHILD = """
import json, sys
import userhash

class Liar:
    def __len__(self):
        return int(sys.argv[1])

    def __iter__(self):
        return iter(["user123", 42])

print(json.dumps(userhash.Signer(sys.argv[2]).sign_many(Liar())))
"""


@pytest.mark.parametrize("claimed", [sys.maxsize, 2**40, 2**34])
def test_sign_many_ignores_a_huge_len(claimed: int) -> None:
    child = subprocess.run([sys.executable, "-c", CHILD, str(claimed), SEED_SECRET],
                           capture_output=True, text=True, timeout=60)
    assert child.returncode == 0, child.stderr[-2000:]
    key = SEED_SECRET.encode()
    assert json.loads(child.stdout) == [oracle(key, b"user123"), oracle(key, b"42")]
