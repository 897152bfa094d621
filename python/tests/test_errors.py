"""What is refused, with which exception class and which stable code."""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Callable
from typing import Any

import pytest

import userhash
from conftest import ROOT, SEED_SECRET, oracle
from userhash import widget

SIGNER = userhash.Signer(SEED_SECRET)


def test_hierarchy() -> None:
    assert issubclass(userhash.SecretError, userhash.UserhashError)
    assert issubclass(userhash.SecretError, ValueError)
    assert issubclass(userhash.UserIdError, userhash.UserhashError)
    assert issubclass(userhash.UserIdError, ValueError)
    assert issubclass(userhash.UserIdTypeError, userhash.UserhashError)
    assert issubclass(userhash.UserIdTypeError, TypeError)
    assert not issubclass(userhash.UserIdTypeError, ValueError)
    assert userhash.UserIdError.__module__ == "userhash"


@pytest.mark.parametrize(
    "bad, type_name",
    [(None, "NoneType"), (1.5, "float"), (True, "bool"), (False, "bool"), ([1], "list"),
     (bytearray(b"user123"), "bytearray"), (object(), "object")],
)
def test_user_id_of_wrong_type(bad: Any, type_name: str) -> None:
    for call in (SIGNER.sign, lambda uid: userhash.sign(SEED_SECRET, uid),
                 lambda uid: SIGNER.verify(uid, "0" * 64), lambda uid: SIGNER.sign_many([uid])):
        with pytest.raises(userhash.UserIdTypeError) as info:
            call(bad)
        assert info.value.code == "invalid_user_id_type"
        assert isinstance(info.value, TypeError)
        assert str(info.value) == f"the user id must be a string, bytes or an integer, not {type_name}"


def test_empty_user_id() -> None:
    for empty in ("", b""):
        with pytest.raises(userhash.UserIdError) as info:
            SIGNER.sign(empty)
        assert info.value.code == "empty_user_id"
        # An invalid id is an error even when the hash is wrong too: never a quiet False.
        with pytest.raises(userhash.UserIdError):
            SIGNER.verify(empty, "nope")


def test_lone_surrogate_is_a_value_error() -> None:
    with pytest.raises(ValueError) as info:
        SIGNER.sign("user\udc80")
    assert isinstance(info.value, userhash.UserIdError)
    assert info.value.code == "user_id_not_unicode"
    assert "surrogate" in str(info.value)


def test_empty_batch_and_error_inside_a_batch() -> None:
    assert SIGNER.sign_many([]) == []
    with pytest.raises(userhash.UserIdError) as info:
        SIGNER.sign_many(["a"] * 100 + [""])
    assert info.value.code == "empty_user_id"
    with pytest.raises(ZeroDivisionError):
        SIGNER.sign_many(1 // n for n in (1, 0))
    with pytest.raises(TypeError):
        SIGNER.sign_many(42)  # type: ignore[arg-type]


def test_sign_many_refuses_a_single_id() -> None:
    # Iterating "user123" would sign "u", "s", "e"…; iterating b"42" would sign 52 and 50.
    for single in ("user123", b"42"):
        with pytest.raises(TypeError, match="not a single str or bytes: use sign"):
            SIGNER.sign_many(single)


@pytest.mark.parametrize(
    "n", [0, 7, -1, 2**63 - 1, 2**63, -(2**63) - 1, 2**127 - 1, -(2**127)]
)
def test_integer_ids_hash_their_decimal_text(n: int) -> None:
    assert SIGNER.sign(n) == oracle(SEED_SECRET.encode(), str(n).encode())


def test_int_subclass_uses_its_value() -> None:
    import enum

    class Plan(enum.IntEnum):
        PRO = 7

    assert SIGNER.sign(Plan.PRO) == SIGNER.sign(7)


@pytest.mark.parametrize("n", [2**127, -(2**127) - 1, 2**128, 10**100])
def test_integer_out_of_range(n: int) -> None:
    with pytest.raises(userhash.UserIdError) as info:
        SIGNER.sign(n)
    assert info.value.code == "user_id_out_of_range"
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "secret, code",
    [("", "empty_secret"), (b"", "empty_secret"), (" your_secret_key", "secret_whitespace"),
     ("your_secret_key\n", "secret_whitespace"), ("key\udc80", "secret_not_utf8")],
)
def test_bad_secret(secret: str | bytes, code: str) -> None:
    for call in (lambda: userhash.Signer(secret), lambda: userhash.sign(secret, "user123"),
                 lambda: userhash.verify(secret, "user123", "0" * 64)):
        with pytest.raises(userhash.SecretError) as info:
            call()
        assert info.value.code == code
        assert isinstance(info.value, ValueError)


def test_whitespace_in_a_bytes_secret_is_the_key() -> None:
    key = b"your_secret_key\n"
    assert userhash.sign(key, "user123") == oracle(key, b"user123")


@pytest.mark.parametrize("secret", [None, 42, bytearray(b"key"), ["key"]])
def test_secret_of_wrong_type(secret: Any) -> None:
    with pytest.raises(TypeError, match="the secret must be str or bytes, not "):
        userhash.Signer(secret)
    with pytest.raises(TypeError, match="the secret must be str or bytes, not "):
        userhash.sign(secret, "user123")


KEYRING = userhash.Keyring("k", SEED_SECRET)
HASH_CHECKS: dict[str, Callable[[Any], object]] = {
    "verify": lambda h: userhash.verify(SEED_SECRET, "user123", h),
    "Signer.verify": lambda h: SIGNER.verify("user123", h),
    "Keyring.verify": lambda h: KEYRING.verify("user123", h),
    "Keyring.verify_detailed": lambda h: KEYRING.verify_detailed("user123", h),
    "Keyring.verify_token": lambda h: KEYRING.verify_token("user123", h),
    "explain": lambda h: userhash.explain(SEED_SECRET, "user123", h),
    "Keyring.explain": lambda h: KEYRING.explain("user123", h),
}


@pytest.mark.parametrize("bad, type_name", [(42, "int"), (bytearray(b"0" * 64), "bytearray"), (["0"], "list")])
@pytest.mark.parametrize("check", HASH_CHECKS)
def test_hash_of_wrong_type(check: str, bad: Any, type_name: str) -> None:
    with pytest.raises(TypeError, match=f"^the hash must be str, bytes or None, not {type_name}"):
        HASH_CHECKS[check](bad)


def test_a_missing_hash_is_false_everywhere() -> None:
    assert userhash.verify(SEED_SECRET, "user123", None) is False
    assert SIGNER.verify("user123", None) is False
    assert KEYRING.verify("user123", None) is False
    assert KEYRING.verify_detailed("user123", None).outcome == "missing"
    assert KEYRING.verify_token("user123", None).outcome == "missing"
    # The id is still checked: an invalid one raises, whatever the hash.
    with pytest.raises(userhash.UserIdError):
        SIGNER.verify("", None)


def test_undecodable_hash_is_just_wrong() -> None:
    assert SIGNER.verify("user123", "\udc80" * 64) is False


def test_exceptions_pickle_with_their_code() -> None:
    with pytest.raises(userhash.UserIdError) as info:
        SIGNER.sign("")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is userhash.UserIdError
    assert (str(copy), copy.code) == (str(info.value), "empty_user_id")


RAISED_CODES = {
    "empty_secret", "secret_whitespace", "secret_not_utf8", "missing_env", "empty_user_id",
    "invalid_user_id_type", "user_id_not_unicode", "user_id_out_of_range",
    "empty_key_id", "duplicate_key_id", "invalid_key_window", "invalid_timestamp",
    "unknown_preset", "empty_app_id", "invalid_email", "invalid_phone", "invalid_url",
    "invalid_metadata", "invalid_global_name", "invalid_nonce", "field_not_in_preset",
    "timestamp_in_milliseconds", "invalid_secret_hex", "missing_email", "missing_key_id",
    "not_a_jwt_profile", "no_snippet",
}


# The exception class of each category of contract.json; every other category's codes are
# plain UserhashErrors (the hash and token ones are outcomes, never raised).
CATEGORY = {e["code"]: e["category"] for e in json.loads((ROOT / "contract.json").read_text())["errors"]}
CLASS_OF_CATEGORY: dict[str, type[userhash.UserhashError]] = {
    "secret": userhash.SecretError, "user_id": userhash.UserIdError, "user_id_type": userhash.UserIdTypeError,
    "keyring": userhash.KeyringError, "timestamp": userhash.TimestampError, "widget": userhash.WidgetError,
}


def class_of(code: str) -> type[userhash.UserhashError]:
    return CLASS_OF_CATEGORY.get(CATEGORY[code], userhash.UserhashError)


def user(**fields: Any) -> Any:
    return {"id": "u", **fields}


# One call that raises each code Python raises.
RAISE: dict[str, Callable[[], object]] = {
    "empty_secret": lambda: userhash.Signer(""),
    "secret_whitespace": lambda: userhash.Signer("key\n"),
    "secret_not_utf8": lambda: userhash.Signer("key\udc80"),
    "missing_env": lambda: userhash.Signer.from_env("USERHASH_TEST_NEVER_SET"),
    "empty_user_id": lambda: SIGNER.sign(""),
    "invalid_user_id_type": lambda: SIGNER.sign(None),  # type: ignore[arg-type]
    "user_id_not_unicode": lambda: SIGNER.sign("\udc80"),
    "user_id_out_of_range": lambda: SIGNER.sign(2**127),
    "empty_key_id": lambda: userhash.Keyring("", SEED_SECRET),
    "duplicate_key_id": lambda: userhash.Keyring("k", SEED_SECRET).add("k", SEED_SECRET),
    "invalid_key_window": lambda: userhash.Keyring("k", SEED_SECRET).add("o", "o", not_before=2, not_after=1),
    "invalid_timestamp": lambda: KEYRING.issue_token("u", ttl=-1),
    "timestamp_in_milliseconds": lambda: KEYRING.issue_token("u", expires_at=10**12),
    "unknown_preset": lambda: widget.json(SIGNER, "drift", "app"),  # type: ignore[arg-type]
    "empty_app_id": lambda: widget.json(SIGNER, "tau", ""),
    "invalid_email": lambda: widget.json(SIGNER, "tau", "app", user(email="nobody")),
    "invalid_phone": lambda: widget.json(SIGNER, "tau", "app", user(phone="555")),
    "invalid_url": lambda: widget.json(SIGNER, "tau", "app", user(profile_picture_url="ftp://x")),
    "invalid_metadata": lambda: widget.json(SIGNER, "hal", "app", user(metadata={"k": 1.5})),
    "invalid_global_name": lambda: widget.json(SIGNER, "generic", "app", global_name="1x"),
    "invalid_nonce": lambda: widget.script(SIGNER, "tau", "app", nonce="<"),
    "field_not_in_preset": lambda: widget.json(SIGNER, "hal", "app", user(phone="+15551234567")),
    "invalid_secret_hex": lambda: widget.json("not hex", "pylon", "app", user(email="jo@example.com")),
    "missing_email": lambda: widget.json(SIGNER, "crisp", user=user()),
    "missing_key_id": lambda: widget.json(SIGNER, "zendesk", user=user()),
    "not_a_jwt_profile": lambda: KEYRING.issue_jwt("crisp", user()),  # type: ignore[arg-type]
    "no_snippet": lambda: widget.script(KEYRING, "canny", user=user()),
}


def test_each_raised_code_has_a_call_that_raises_it() -> None:
    assert set(RAISE) == RAISED_CODES


@pytest.mark.parametrize("code", sorted(RAISE))
def test_the_class_of_an_error_is_its_contract_category(code: str) -> None:
    with pytest.raises(userhash.UserhashError) as info:
        RAISE[code]()
    assert info.value.code == code
    assert type(info.value) is class_of(code), CATEGORY[code]


def test_readme_documents_the_codes_python_raises(root: Any) -> None:
    from userhash import _native  # type: ignore[attr-defined]  # private, no stub

    readme = (root / "python/README.md").read_text()
    documented = dict(re.findall(r"^\| `([a-z_0-9]+)` \| `(\w+Error)` \|", readme, re.M))
    assert RAISED_CODES <= set(documented)
    assert set(documented) <= set(_native.ERROR_CODES), "the README names a code the core lacks"
    for code, class_name in documented.items():
        assert class_name == class_of(code).__name__, code
