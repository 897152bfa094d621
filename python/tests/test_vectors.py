"""Every case of tests/vectors/vectors.json through every entry point, checked against
both the file and stdlib hmac."""

from __future__ import annotations

import string
from typing import Any, Union

import pytest

import userhash
from conftest import VECTORS, oracle

SIGN_CASES: list[dict[str, Any]] = VECTORS["sign"]
VERIFY_CASES: list[dict[str, Any]] = VECTORS["verify"]

Secret = Union[str, bytes]
UserId = Union[str, bytes, int]


def secrets_of(case: dict[str, Any]) -> list[Secret]:
    """The secret as raw bytes and, when the file says it is usable as text, as str."""
    forms: list[Secret] = [bytes.fromhex(case["secret_hex"])]
    if "secret_text" in case:
        forms.append(case["secret_text"])
    return forms


def ids_of(case: dict[str, Any]) -> list[UserId]:
    """The id as bytes, and as str and int when the file gives those forms."""
    forms: list[UserId] = [bytes.fromhex(case["user_id_hex"])]
    if "user_id_text" in case:
        forms.append(case["user_id_text"])
    if "user_id_int" in case:
        forms.append(int(case["user_id_int"]))
    return forms


def case_id(case: dict[str, Any]) -> str:
    return f"{case.get('group', 'verify')}: {case['name']}"


def test_the_file_has_cases() -> None:
    assert len(SIGN_CASES) >= 80
    assert len(VERIFY_CASES) >= 20
    assert {"rfc4231", "seed", "unicode", "non-utf8", "integer"} <= {c["group"] for c in SIGN_CASES}


@pytest.mark.parametrize("case", SIGN_CASES, ids=case_id)
def test_stdlib_hmac_agrees_with_the_file(case: dict[str, Any]) -> None:
    expected = oracle(bytes.fromhex(case["secret_hex"]), bytes.fromhex(case["user_id_hex"]))
    assert case["hash"] == expected


@pytest.mark.parametrize("case", SIGN_CASES, ids=case_id)
def test_sign(case: dict[str, Any]) -> None:
    for secret in secrets_of(case):
        for user_id in ids_of(case):
            assert userhash.sign(secret, user_id) == case["hash"], (type(secret), type(user_id))


@pytest.mark.parametrize("case", SIGN_CASES, ids=case_id)
def test_signer_sign(case: dict[str, Any]) -> None:
    for secret in secrets_of(case):
        signer = userhash.Signer(secret)
        for user_id in ids_of(case):
            assert signer.sign(user_id) == case["hash"], (type(secret), type(user_id))


@pytest.mark.parametrize("case", SIGN_CASES, ids=case_id)
def test_verify(case: dict[str, Any]) -> None:
    flipped = case["hash"][:-1] + ("0" if case["hash"][-1] != "0" else "1")
    for secret in secrets_of(case):
        signer = userhash.Signer(secret)
        for user_id in ids_of(case):
            for hash_ in (case["hash"], case["hash"].upper(), case["hash"].encode()):
                assert userhash.verify(secret, user_id, hash_) is True
                assert signer.verify(user_id, hash_) is True
            assert userhash.verify(secret, user_id, flipped) is False
            assert signer.verify(user_id, flipped) is False


def test_sign_many_over_the_whole_file() -> None:
    # One batch per secret, mixing id types, long enough to take the GIL-released path.
    by_secret: dict[bytes, list[dict[str, Any]]] = {}
    for case in SIGN_CASES:
        by_secret.setdefault(bytes.fromhex(case["secret_hex"]), []).append(case)
    checked = 0
    for secret, cases in by_secret.items():
        ids = [form for case in cases for form in ids_of(case)]
        expected = [case["hash"] for case in cases for _ in ids_of(case)]
        repeated = ids * (1 + 64 // len(ids))
        assert userhash.Signer(secret).sign_many(repeated) == expected * (1 + 64 // len(ids))
        assert userhash.Signer(secret).sign_many(iter(ids)) == expected
        checked += len(ids)
    assert checked >= len(SIGN_CASES)


def oracle_accepts(case: dict[str, Any]) -> bool:
    """Stdlib's answer: a 64-digit hex string whose bytes are the HMAC."""
    candidate: str = case["hash"]
    if len(candidate) != 64 or any(c not in string.hexdigits for c in candidate):
        return False
    digest = oracle(bytes.fromhex(case["secret_hex"]), bytes.fromhex(case["user_id_hex"]))
    return bytes.fromhex(candidate) == bytes.fromhex(digest)


@pytest.mark.parametrize("case", VERIFY_CASES, ids=case_id)
def test_verify_candidates(case: dict[str, Any]) -> None:
    assert oracle_accepts(case) is case["valid"]
    for secret in secrets_of(case):
        signer = userhash.Signer(secret)
        for user_id in ids_of(case):
            for candidate in (case["hash"], case["hash"].encode()):
                assert userhash.verify(secret, user_id, candidate) is case["valid"]
                assert signer.verify(user_id, candidate) is case["valid"]
