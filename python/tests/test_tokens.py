"""v1 tokens on every vector of tests/vectors/vectors.json (section `token`): each check at
its `now` and `leeway`, which puts every case at the documented boundary, and every
rejection. The vectors' tokens were made by the generator with Python's hmac."""

from __future__ import annotations

from typing import Any

import pytest

import userhash
from conftest import SEED_SECRET, VECTORS

TOKENS: dict[str, Any] = VECTORS["token"]
REJECTION_NOW = 1_767_225_599


def keyring_for(case: dict[str, Any]) -> userhash.Keyring:
    return userhash.Keyring("current", bytes.fromhex(case["secret_hex"]))


def ids_of(case: dict[str, Any]) -> list[str | bytes]:
    ids: list[str | bytes] = [bytes.fromhex(case["user_id_hex"])]
    if "user_id_text" in case:
        ids.append(case["user_id_text"])
    return ids


def test_the_vectors_cover_the_boundary() -> None:
    assert len(TOKENS["cases"]) >= 7 and len(TOKENS["rejections"]) >= 14
    for case in TOKENS["cases"]:
        nows = {(int(c["now"]) - int(c["leeway"]), c["outcome"]) for c in case["checks"]}
        expires_at = int(case["expires_at"])
        assert (expires_at - 1, "verified") in nows and (expires_at, "expired") in nows


@pytest.mark.parametrize("case", TOKENS["cases"], ids=lambda c: c["name"])
def test_issued_token_is_the_vector(case: dict[str, Any]) -> None:
    keyring = keyring_for(case)
    for user_id in ids_of(case):
        assert keyring.issue_token(user_id, expires_at=int(case["expires_at"])) == case["token"]
    if "secret_text" in case:
        text_keyring = userhash.Keyring("current", case["secret_text"])
        assert text_keyring.issue_token(ids_of(case)[0], expires_at=int(case["expires_at"])) == case["token"]


@pytest.mark.parametrize("case", TOKENS["cases"], ids=lambda c: c["name"])
def test_token_checks_at_the_boundary(case: dict[str, Any]) -> None:
    keyring = keyring_for(case)
    for user_id in ids_of(case):
        for check in case["checks"]:
            for token in (case["token"], case["token"].encode()):
                result = keyring.verify_token(user_id, token, leeway=check["leeway"], now=int(check["now"]))
                assert result.outcome == check["outcome"], (check, user_id)
                assert result.key_id == "current"
                assert bool(result) is (check["outcome"] == "verified")


@pytest.mark.parametrize("rejection", TOKENS["rejections"], ids=lambda r: r["name"])
def test_rejection(rejection: dict[str, Any]) -> None:
    keyring = userhash.Keyring("current", SEED_SECRET)
    result = keyring.verify_token("user123", rejection["token"], now=REJECTION_NOW)
    assert (result.outcome, result.reason) == (rejection["outcome"], rejection["reason"])


def test_a_missing_token_is_missing_not_skipped() -> None:
    keyring = userhash.Keyring("current", SEED_SECRET)
    assert keyring.verify_token("user123", None).outcome == "missing"
    assert not keyring.verify_token("user123", "")


def test_ttl_counts_from_now() -> None:
    import time

    keyring = userhash.Keyring("current", SEED_SECRET)
    before = int(time.time())
    token = keyring.issue_token("user123", ttl=3600)
    after = int(time.time())
    expires_at = int(token.split(".")[1])
    assert before + 3600 <= expires_at <= after + 3600
    assert keyring.verify_token("user123", token)
    assert keyring.verify_token("user123", token, now=expires_at - 1)
    assert keyring.verify_token("user123", token, now=expires_at).outcome == "expired"
    assert keyring.verify_token("user123", token, now=expires_at, leeway=1)
    assert keyring.verify_token("user124", token).outcome == "mismatch"


def test_a_previous_key_verifies_tokens_until_its_not_after() -> None:
    old = userhash.Keyring("old", "old-secret")
    token = old.issue_token("user123", expires_at=2_000_000_000)
    keyring = userhash.Keyring("new", "new-secret")
    keyring.add("old", "old-secret", not_after=1_800_000_000)
    assert keyring.verify_token("user123", token, now=1_799_999_999).key_id == "old"
    assert keyring.verify_token("user123", token, now=1_800_000_000).outcome == "expired"


def test_argument_errors() -> None:
    keyring = userhash.Keyring("current", SEED_SECRET)
    with pytest.raises(TypeError, match="exactly one of ttl= and expires_at="):
        keyring.issue_token("u")
    with pytest.raises(TypeError, match="exactly one"):
        keyring.issue_token("u", ttl=1, expires_at=1)
    for bad, code in [({"expires_at": -1}, "invalid_timestamp"), ({"ttl": -1}, "invalid_timestamp"),
                      ({"expires_at": 10**11}, "timestamp_in_milliseconds"),
                      ({"expires_at": 2**63}, "timestamp_in_milliseconds"),
                      ({"expires_at": -(2**63) - 1}, "invalid_timestamp"),
                      ({"ttl": 10**11}, "timestamp_in_milliseconds"), ({"ttl": 2**63}, "timestamp_in_milliseconds")]:
        with pytest.raises(userhash.TimestampError) as info:
            keyring.issue_token("u", **bad)
        assert info.value.code == code, bad
        assert code != "timestamp_in_milliseconds" or "seconds, not milliseconds" in str(info.value)
    with pytest.raises(userhash.TimestampError):
        keyring.verify_token("u", "v1.1.x", leeway=-1)
    with pytest.raises(TypeError):
        keyring.verify_token("u", "v1.1.x", leeway=1.5)  # type: ignore[arg-type]
    with pytest.raises(userhash.UserIdError):
        keyring.issue_token("", expires_at=1)
    assert keyring.issue_token("u", expires_at=10**11 - 1).startswith("v1.99999999999.")
