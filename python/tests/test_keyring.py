"""Keyrings: a rotation walked end to end, detailed outcomes, construction errors, from_env.
Every expected hash comes from the standard library's hmac (conftest.oracle)."""

from __future__ import annotations

import pytest

import userhash
from conftest import SEED_SECRET, oracle

T0 = 1_767_225_600
DAY = 24 * 60 * 60


def test_a_rotation_walked_end_to_end() -> None:
    # Before the rotation: the old key alone signs every page.
    before = userhash.Keyring("2026-05", "old-secret")
    old_hash = before.sign("user123")
    assert old_hash == oracle(b"old-secret", b"user123")

    # Rotate: the new key signs; the old one still verifies for 24 hours.
    during = userhash.Keyring("2026-11", "new-secret")
    during.add("2026-05", "old-secret", not_after=T0 + DAY)
    assert during.primary_id == "2026-11"
    assert during.key_ids == ("2026-11", "2026-05")
    new_hash = during.sign("user123")
    assert new_hash == oracle(b"new-secret", b"user123") != old_hash

    def at(hash_value: str, now: int) -> tuple[str, str | None]:
        result = during.verify_detailed("user123", hash_value, now=now)
        return result.outcome, result.key_id

    assert at(new_hash, T0) == ("verified", "2026-11")
    assert at(old_hash, T0) == ("verified", "2026-05")
    assert at(old_hash, T0 + DAY - 1) == ("verified", "2026-05")
    assert at(old_hash, T0 + DAY) == ("expired", "2026-05")
    assert at(old_hash, T0 + 365 * DAY) == ("expired", "2026-05")
    assert at(new_hash, T0 + 365 * DAY) == ("verified", "2026-11")
    assert at(oracle(b"old-secret", b"user124"), T0) == ("mismatch", None)

    # After: the old key is gone from the configuration; its hashes are plain mismatches.
    after = userhash.Keyring("2026-11", "new-secret")
    assert after.verify_detailed("user123", old_hash, now=T0).outcome == "mismatch"
    assert after.verify("user123", new_hash)


def test_the_current_time_is_the_default_clock() -> None:
    keyring = userhash.Keyring("new", "new-secret")
    keyring.add("retired", "old-secret", not_after=1)  # retired in 1970
    keyring.add("future", "next-secret", not_before=10**11 - 1)  # the last valid second
    assert keyring.verify_detailed("u", oracle(b"old-secret", b"u")).outcome == "expired"
    assert keyring.verify_detailed("u", oracle(b"next-secret", b"u")).outcome == "expired"
    assert not keyring.verify("u", oracle(b"old-secret", b"u"))
    assert keyring.verify("u", oracle(b"new-secret", b"u"))


def test_not_before_delays_a_key() -> None:
    keyring = userhash.Keyring("a", "a")
    keyring.add("b", b"b", not_before=T0)
    b_hash = oracle(b"b", b"u")
    assert keyring.verify_detailed("u", b_hash, now=T0 - 1).outcome == "expired"
    assert keyring.verify_detailed("u", b_hash, now=T0) == keyring.verify_detailed("u", b_hash, now=T0 + 1)
    assert keyring.verify_detailed("u", b_hash, now=T0).key_id == "b"


def test_detailed_outcomes() -> None:
    keyring = userhash.Keyring("k", SEED_SECRET)
    right = oracle(SEED_SECRET.encode(), b"u")

    def check(hash_value: str | bytes | None) -> tuple[str, str | None, str | None]:
        result = keyring.verify_detailed("u", hash_value, now=T0)
        return result.outcome, result.key_id, result.reason

    assert check(right) == ("verified", "k", None)
    assert check(right.upper().encode()) == ("verified", "k", None)
    assert check("") == ("missing", None, None)
    assert check(None) == ("missing", None, None)
    assert check(b"") == ("missing", None, None)
    assert check("   ") == ("malformed", None, "hash_wrong_length")
    assert check(right + " ") == ("malformed", None, "hash_wrong_length")
    assert check("z" * 64) == ("malformed", None, "hash_not_hex")
    assert check("0" * 64) == ("mismatch", None, None)
    assert not keyring.verify("u", None), "a missing hash never passes"
    assert not keyring.verify("u", "")


def test_verification_is_an_immutable_value() -> None:
    keyring = userhash.Keyring("k", SEED_SECRET)
    verified = keyring.verify_detailed("u", oracle(SEED_SECRET.encode(), b"u"))
    malformed = keyring.verify_detailed("u", "xyz")
    assert bool(verified) is True and bool(malformed) is False
    assert repr(verified) == "Verification(outcome='verified', key_id='k', reason=None)"
    assert repr(malformed) == "Verification(outcome='malformed', key_id=None, reason='hash_wrong_length')"
    assert verified == keyring.verify_detailed("u", oracle(SEED_SECRET.encode(), b"u"))
    assert verified != malformed
    assert len({verified, keyring.verify_detailed("u", oracle(SEED_SECRET.encode(), b"u")), malformed}) == 2
    with pytest.raises(AttributeError):
        verified.outcome = "verified"  # type: ignore[misc]
    assert userhash.Verification.OUTCOMES == ("verified", "missing", "malformed", "mismatch", "expired")


def test_ids_are_converted_like_the_signer() -> None:
    keyring = userhash.Keyring("k", SEED_SECRET)
    assert keyring.sign(42) == oracle(SEED_SECRET.encode(), b"42")
    assert keyring.sign(b"\xff\x00") == oracle(SEED_SECRET.encode(), b"\xff\x00")
    assert keyring.verify_detailed(42, oracle(SEED_SECRET.encode(), b"42"))
    with pytest.raises(userhash.UserIdError) as info:
        keyring.verify_detailed("", "x")
    assert info.value.code == "empty_user_id"
    with pytest.raises(userhash.UserIdTypeError):
        keyring.sign(None)  # type: ignore[arg-type]
    with pytest.raises(userhash.UserIdTypeError):
        keyring.verify(True, "x")


def test_construction_errors() -> None:
    keyring = userhash.Keyring("a", "a")

    def code(call: object) -> str:
        assert callable(call)
        with pytest.raises(userhash.UserhashError) as info:
            call()
        return info.value.code

    assert code(lambda: keyring.add("a", "b")) == "duplicate_key_id"
    assert code(lambda: keyring.add("", "b")) == "empty_key_id"
    assert code(lambda: userhash.Keyring("", "a")) == "empty_key_id"
    assert code(lambda: keyring.add("c", "c", not_before=T0, not_after=T0)) == "invalid_key_window"
    assert code(lambda: keyring.add("c", "c ", not_after=T0)) == "secret_whitespace"
    assert code(lambda: keyring.add("c", "c", not_after=-1)) == "invalid_timestamp"
    assert code(lambda: keyring.add("c", "c", not_before=-1)) == "invalid_timestamp"
    for millis in (10**11, 1_767_225_600_000, 2**63 - 1, 2**63):
        assert code(lambda: keyring.add("c", "c", not_after=millis)) == "timestamp_in_milliseconds"
    assert code(lambda: keyring.verify_detailed("u", "x", now=-(2**63) - 1)) == "invalid_timestamp"
    assert code(lambda: keyring.verify_detailed("u", "x", now=2**63)) == "timestamp_in_milliseconds"
    assert code(lambda: userhash.Keyring("a", "")) == "empty_secret"
    assert keyring.key_ids == ("a",), "a failed add leaves the keyring as it was"
    for error_class in (userhash.KeyringError, userhash.TimestampError):
        assert issubclass(error_class, ValueError) and issubclass(error_class, userhash.UserhashError)
    with pytest.raises(userhash.KeyringError):
        keyring.add("a", "b")
    with pytest.raises(TypeError, match="not_after must be an int"):
        keyring.add("c", "c", not_after=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="now must be an int"):
        keyring.verify_detailed("u", "x", now=True)
    with pytest.raises(TypeError, match="the key id must be str"):
        keyring.add(b"c", "c")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="on_failure must be callable"):
        userhash.Keyring("a", "a", on_failure="print")  # type: ignore[arg-type]


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USERHASH_SECRET", "new-secret")
    monkeypatch.delenv("USERHASH_PREVIOUS_SECRET", raising=False)
    monkeypatch.delenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER", raising=False)
    assert userhash.Keyring.from_env().key_ids == ("current",)

    monkeypatch.setenv("USERHASH_PREVIOUS_SECRET", "old-secret")
    with pytest.raises(userhash.SecretError) as info:
        userhash.Keyring.from_env()
    assert info.value.code == "missing_env"
    assert "USERHASH_PREVIOUS_SECRET_NOT_AFTER" in str(info.value)

    monkeypatch.setenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER", "tomorrow")
    with pytest.raises(userhash.TimestampError):
        userhash.Keyring.from_env()

    monkeypatch.setenv("USERHASH_PREVIOUS_SECRET_NOT_AFTER", str(T0))
    keyring = userhash.Keyring.from_env()
    assert keyring.key_ids == ("current", "previous")
    old_hash = oracle(b"old-secret", b"user123")
    assert keyring.sign("user123") == oracle(b"new-secret", b"user123")
    assert keyring.verify_detailed("user123", old_hash, now=T0 - 1).key_id == "previous"
    assert keyring.verify_detailed("user123", old_hash, now=T0).outcome == "expired"

    monkeypatch.delenv("USERHASH_SECRET")
    with pytest.raises(userhash.SecretError, match="USERHASH_SECRET"):
        userhash.Keyring.from_env()


def test_a_keyring_cannot_be_pickled() -> None:
    import pickle

    with pytest.raises(TypeError):
        pickle.dumps(userhash.Keyring("k", SEED_SECRET))
