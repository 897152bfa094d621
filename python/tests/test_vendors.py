"""Vendor snippets: every case of tests/vectors/vectors.json section `vendors` byte for byte
(built by the generator with Python's json, hmac and PyJWT), through a text secret, its bytes,
a Signer and a Keyring; every error case's code; the hash of each hash vendor against the
standard library's hmac over what that vendor signs; and every hash case of `explain_vendor`."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, Callable, get_args

import jwt as pyjwt
import pytest

import userhash
from conftest import VECTORS
from userhash import JwtPresetName, PresetName, widget

VENDORS: dict[str, Any] = VECTORS["vendors"]
KEYED: set[str] = {"zendesk"}  # the profiles whose JWT header names the key


def key_bytes(case: dict[str, Any]) -> bytes:
    """The HMAC key as the vendor reads its dashboard secret: Pylon's is hex."""
    text: str = case["secret_text"]
    return bytes.fromhex(text) if case["preset"] == "pylon" else text.encode()


def signers(case: dict[str, Any]) -> list[userhash.Signer | userhash.Keyring | str | bytes]:
    """Every kind of key the case's snippet can be made with: a keyring always (its primary key
    and id), and for a profile whose JWT names no key, the secret's text and bytes and a Signer."""
    raw = key_bytes(case)
    keyring = userhash.Keyring(case["key_id"], raw)
    keyring.add("retired", "another secret", not_after=1)
    if case["preset"] in KEYED:
        return [keyring]
    return [case["secret_text"], raw, userhash.Signer(raw), keyring]


@pytest.mark.parametrize("case", VENDORS["cases"], ids=lambda c: c["name"])
def test_vector_byte_for_byte(case: dict[str, Any]) -> None:
    ttl, now = case.get("ttl"), case["now"]
    for signer in signers(case):
        script = widget.script(signer, case["preset"], case["app_id"], case["user"], nonce=case["nonce"],
                               ttl=ttl, now=now)
        assert script.encode() == case["script"].encode(), case["name"]
        as_json = widget.json(signer, case["preset"], case["app_id"], case["user"], ttl=ttl, now=now)
        assert as_json.encode() == case["json"].encode(), case["name"]


# Where each hash vendor's page carries the hash, and what it signs (docs/vendors-research.md).
HASH_AT: dict[str, tuple[Callable[[Any], str], str]] = {
    "intercom": (lambda page: page["user_hash"], "id"),
    "chatwoot": (lambda page: page[1]["identifier_hash"], "id"),
    "crisp": (lambda page: page[2][1], "email"),
    "helpscout": (lambda page: page["signature"], "email"),
    "front": (lambda page: page["userHash"], "id"),
    "pylon": (lambda page: page["chat_settings"]["email_hash"], "email"),
}
HASH_CASES = [c for c in VENDORS["cases"] if c["preset"] in HASH_AT and c["user"] is not None]


@pytest.mark.parametrize("case", HASH_CASES, ids=lambda c: c["name"])
def test_each_hash_is_the_stdlib_hmac_of_what_the_vendor_signs(case: dict[str, Any]) -> None:
    hash_of, signs = HASH_AT[case["preset"]]
    message = case["user"][signs].encode()  # the email exactly as given: no lowercasing
    expected = hmac.new(key_bytes(case), message, hashlib.sha256).hexdigest()
    page = json.loads(widget.json(case["secret_text"], case["preset"], case["app_id"], case["user"]))
    assert hash_of(page) == expected


def test_every_hash_vendor_has_a_case() -> None:
    assert {c["preset"] for c in HASH_CASES} == set(HASH_AT)


JWT_CASES = [c for c in VENDORS["cases"] if c["token"] is not None]


@pytest.mark.parametrize("case", JWT_CASES, ids=lambda c: c["name"])
def test_the_token_inside_is_pyjwts(case: dict[str, Any]) -> None:
    keyring = userhash.Keyring(case["key_id"], case["secret_text"])
    as_json = widget.json(keyring, case["preset"], case["app_id"], case["user"], ttl=case.get("ttl"), now=case["now"])
    assert case["token"] in as_json
    claims = pyjwt.decode(case["token"], case["secret_text"], algorithms=["HS256"], options={"verify_exp": False})
    assert claims["iat"] == case["now"]
    assert claims.get("exp") == (None if case["preset"] == "featurebase" else case["now"] + (case.get("ttl") or 3600))
    if case["preset"] in KEYED:
        assert pyjwt.get_unverified_header(case["token"])["kid"] == case["key_id"]


def test_snippets_issue_their_jwts_now_by_default() -> None:
    keyring = userhash.Keyring("current", "your_secret_key")
    token = json.loads(widget.json(keyring, "zendesk", user={"id": "user123"}))
    claims = pyjwt.decode(token, "your_secret_key", algorithms=["HS256"])  # checks exp against the clock
    assert claims["exp"] - claims["iat"] == 3600


# The class of each code: every snippet error here is a WidgetError (a ValueError).
@pytest.mark.parametrize("case", VENDORS["errors"], ids=lambda c: c["name"])
def test_error_vector(case: dict[str, Any]) -> None:
    keyring = userhash.Keyring(case["key_id"], case["secret_text"])
    keys: list[userhash.Signer | userhash.Keyring | str] = (
        [case["secret_text"], userhash.Signer(case["secret_text"])] if case.get("bare_secret") else [keyring])
    for key in keys:
        for call in (widget.script, widget.json):
            if call is widget.json and case["error"] == "no_snippet":
                continue  # the JSON is the token alone: Canny has one, not a snippet
            with pytest.raises(userhash.WidgetError) as info:
                call(key, case["preset"], case["app_id"], case["user"], ttl=case.get("ttl"), now=case["now"])
            assert info.value.code == case["error"], case["name"]
            assert isinstance(info.value, ValueError)


def test_a_bad_text_secret_is_read_as_its_profile_reads_it() -> None:
    with pytest.raises(userhash.SecretError) as info:
        widget.json("not hex", "pylon", "app", {"id": "u", "email": "jo@example.com"})
    assert info.value.code == "invalid_secret_hex"
    # Any other vendor takes the same text as its UTF-8 bytes.
    crisp = json.loads(widget.json("00ff", "crisp", user={"id": "u", "email": "jo@example.com"}))
    assert crisp[2][1] == hmac.new(b"00ff", b"jo@example.com", hashlib.sha256).hexdigest()
    with pytest.raises(userhash.SecretError) as info:
        widget.json("key\n", "crisp", user={"id": "u", "email": "jo@example.com"})
    assert info.value.code == "secret_whitespace"


def test_bad_arguments() -> None:
    user: widget.User = {"id": "u", "email": "jo@example.com"}
    with pytest.raises(TypeError, match="the preset must be str, not NoneType"):
        widget.json("k", None, user=user)  # type: ignore[arg-type]
    with pytest.raises(userhash.WidgetError) as info:
        widget.json("k", "drift", user=user)  # type: ignore[arg-type]
    assert info.value.code == "unknown_preset"
    with pytest.raises(TypeError, match="the ttl must be an int"):
        widget.json("k", "intercom-jwt", "app", user, ttl=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="now must be an int"):
        widget.json("k", "intercom-jwt", "app", user, now="1767225600")  # type: ignore[arg-type]
    with pytest.raises(userhash.TimestampError) as ts:
        widget.json("k", "intercom-jwt", "app", user, ttl=-1)
    assert ts.value.code == "invalid_timestamp"
    with pytest.raises(userhash.TimestampError) as ts:
        widget.json("k", "intercom-jwt", "app", user, now=1767225600000)
    assert ts.value.code == "timestamp_in_milliseconds"
    with pytest.raises(TypeError, match="Signer"):
        widget.json(None, "crisp", user=user)  # type: ignore[arg-type]


def test_the_preset_literals_are_the_cores_presets() -> None:
    user: widget.User = {"id": "u", "email": "jo@example.com"}
    for preset in get_args(PresetName):
        try:
            widget.json(userhash.Keyring("k", "s"), preset, user=user)
        except userhash.WidgetError as err:  # a preset the core does not know is unknown_preset
            assert err.code in ("empty_app_id", "no_snippet"), preset
    assert set(get_args(JwtPresetName)) <= set(get_args(PresetName))


# explain for the hash vendors (the JWT cases are in test_jwt.py).
EXPLAIN: list[dict[str, Any]] = [c for c in VECTORS["explain_vendor"]["cases"] if c["token"] is None]


@pytest.mark.parametrize("case", EXPLAIN, ids=lambda c: c["name"])
def test_explain_names_the_vendor_mistake(case: dict[str, Any]) -> None:
    # `profile_secret` is read as the profile reads it: Pylon's hex, decoded.
    secret = case["secret_text"] if case["secret_text"] is not None else bytes.fromhex(case["profile_secret"])
    events: list[userhash.FailureEvent] = []
    keyring = userhash.Keyring("current", secret, on_failure=events.append)
    finding = keyring.explain(case["user_id_text"], case["hash"], email=case["email"], now=case["now"],
                              preset=case["preset"])
    assert finding.code == case["finding"], finding.message
    assert "your_secret_key" not in finding.message
    assert (events == []) == case["verifies"]


def test_explain_of_an_email_vendor_needs_the_email() -> None:
    with pytest.raises(userhash.WidgetError) as info:
        userhash.Keyring("k", "s").explain("user123", "0" * 64, preset="crisp")
    assert info.value.code == "missing_email"
    with pytest.raises(userhash.WidgetError) as info:
        userhash.Keyring("k", "s").explain("user123", "0" * 64, preset="zendesk")
    assert info.value.code == "field_not_in_preset"  # a JWT vendor: explain_jwt
