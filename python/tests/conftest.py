"""Shared fixtures: the repository's vectors file and the stdlib oracle.

The suite runs against the installed package; USERHASH_ROOT names the repository checkout
(default: two levels above this directory, when run in place).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(os.environ.get("USERHASH_ROOT", Path(__file__).resolve().parents[2]))
VECTORS: dict[str, Any] = json.loads((ROOT / "tests/vectors/vectors.json").read_text())

SEED_SECRET = "your_secret_key"


def oracle(secret: bytes, user_id: bytes) -> str:
    """The seed's snippet: the expected hash, from Python's own hmac."""
    return hmac.new(secret, user_id, hashlib.sha256).hexdigest()


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
