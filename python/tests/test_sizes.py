"""A size that an argument claims (its ``__len__``) never drives an allocation: a lying
object is used like any other, and the process lives. Each case runs in a child interpreter,
since the failure it guards against aborts the process."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import SEED_SECRET, oracle
from userhash import widget

SIGN_MANY = """
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
    key = SEED_SECRET.encode()
    assert json.loads(child(SIGN_MANY, claimed)) == [oracle(key, b"user123"), oracle(key, b"42")]


# The widget's user and metadata mappings are read through Python's own items() and keys().
WIDGET = """
import collections.abc, sys
from userhash import widget

class Liar(collections.abc.Mapping):
    def __init__(self, items):
        self.items_ = items

    def __getitem__(self, key):
        return self.items_[key]

    def __iter__(self):
        return iter(self.items_)

    def __len__(self):
        return int(sys.argv[1])

print(widget.json(sys.argv[2], "hal", "app", Liar({"id": "u", "metadata": Liar({"a": 1})})))
"""


@pytest.mark.parametrize("claimed", [sys.maxsize, 2**40])
def test_widget_mappings_ignore_a_huge_len(claimed: int) -> None:
    expected = widget.json(SEED_SECRET, "hal", "app", {"id": "u", "metadata": {"a": 1}})
    assert child(WIDGET, claimed) == expected + "\n"


def child(script: str, claimed: int) -> str:
    run = subprocess.run([sys.executable, "-c", script, str(claimed), SEED_SECRET],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout
