"""Every case of tests/vectors/errors.json that Python can express: the same stable code
as every other language, or (for huge inputs) the stdlib hash."""

from __future__ import annotations

import json
import os
from typing import Any, Callable

import pytest

import userhash
from conftest import ROOT, SEED_SECRET, oracle

ERRORS: dict[str, Any] = json.loads((ROOT / "tests/vectors/errors.json").read_text())

# Python takes a secret as str or bytes only; the hex and base64 decoders are not exposed.
CALLS_PYTHON_LACKS = {"secret_from_hex", "secret_from_base64"}


def value(spec: dict[str, Any]) -> Any:
    """The Python value an input spec describes (the schema is in errors.json)."""
    if "text" in spec:
        return spec["text"]
    if "bytes_hex" in spec:
        return bytes.fromhex(spec["bytes_hex"])
    if "int" in spec:
        return int(spec["int"])
    if "float" in spec:
        return float(spec["float"])
    if "bool" in spec:
        return bool(spec["bool"])
    if "null" in spec:
        return None
    if "utf16" in spec:
        units = spec["utf16"]
        return b"".join(u.to_bytes(2, "little") for u in units).decode("utf-16-le", "surrogatepass")
    if "repeat" in spec:
        return spec["repeat"] * spec["count"]
    raise AssertionError(f"unknown input spec {spec}")


def calls(case: dict[str, Any]) -> list[Callable[[], object]]:
    """Every Python entry point that performs the case's call."""
    call = case["call"]
    secret = case["secret"]
    user_id = value(case["user_id"])
    if call == "signer_from_env":
        return [lambda: userhash.Signer.from_env(secret["env"]).sign(user_id)]
    secret = value(secret)
    if call == "verify":
        return [lambda: userhash.verify(secret, user_id, case["hash"]),
                lambda: userhash.Signer(secret).verify(user_id, case["hash"])]
    assert call in ("sign", "signer"), call
    return [lambda: userhash.sign(secret, user_id),
            lambda: userhash.Signer(secret).sign(user_id),
            lambda: userhash.Signer(secret).sign_many([user_id])[0]]


CASES = [c for c in ERRORS["cases"] if "python" in c.get("applies_to", ["python"])]


def test_python_runs_every_case_it_can_express() -> None:
    skipped = [c["name"] for c in CASES if c["call"] in CALLS_PYTHON_LACKS]
    assert len(CASES) - len(skipped) >= 17
    assert all(c["call"] in CALLS_PYTHON_LACKS for c in ERRORS["cases"] if c["name"] in skipped)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["call"] not in CALLS_PYTHON_LACKS], ids=lambda c: c["name"]
)
def test_error_case(case: dict[str, Any]) -> None:
    os.environ.pop(case["secret"].get("env", "USERHASH_UNUSED"), None)
    for call in calls(case):
        if "code" in case:
            with pytest.raises(userhash.UserhashError) as info:
                call()
            assert info.value.code == case["code"], case["name"]
        else:
            assert call() == case["hash"]
    if "hash" in case and "code" not in case:
        secret, user_id = value(case["secret"]), value(case["user_id"])
        assert oracle(secret.encode(), user_id.encode()) == case["hash"]


@pytest.mark.parametrize("case", ERRORS["verify_false"], ids=lambda c: c["name"])
def test_verify_false(case: dict[str, Any]) -> None:
    assert userhash.verify(SEED_SECRET, "user123", case["hash"]) is False
    assert userhash.Signer(SEED_SECRET).verify("user123", case["hash"].encode()) is False
