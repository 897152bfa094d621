"""Widget snippets: every vector of tests/vectors/vectors.json (section `widget`) byte for
byte, through a secret, a Signer and a Keyring; every error vector's code; and what the
Python conversion adds (int ids, None fields, unknown fields, metadata types). The vectors'
snippets were built by the generator with Python's json module and hmac."""

from __future__ import annotations

import json
import re
from typing import Any, Callable

import pytest

import userhash
from conftest import SEED_SECRET, VECTORS, oracle
from userhash import widget

WIDGET: dict[str, Any] = VECTORS["widget"]
ERROR_CODES = {case["error"] for case in WIDGET["errors"]}


def signers(secret: str) -> list[userhash.Signer | userhash.Keyring | str | bytes]:
    keyring = userhash.Keyring("new", secret)
    keyring.add("old", "another secret", not_after=1)
    return [secret, secret.encode(), userhash.Signer(secret), keyring]


@pytest.mark.parametrize("case", WIDGET["cases"], ids=lambda c: c["name"])
def test_vector_byte_for_byte(case: dict[str, Any]) -> None:
    for signer in signers(case["secret_text"]):
        script = widget.script(
            signer, case["preset"], case["app_id"], case["user"],
            nonce=case.get("nonce"), global_name=case.get("global"),
        )
        assert script.encode() == case["script"].encode()
        as_json = widget.json(signer, case["preset"], case["app_id"], case["user"], global_name=case.get("global"))
        assert as_json.encode() == case["json"].encode()


@pytest.mark.parametrize("case", WIDGET["cases"], ids=lambda c: c["name"])
def test_the_hash_is_the_stdlib_hmac_and_the_json_parses_back(case: dict[str, Any]) -> None:
    parsed = json.loads(widget.json(case["secret_text"], case["preset"], case["app_id"], case["user"]))
    assert parsed["appId"] == case["app_id"]
    if case["user"] is None:
        assert parsed == {"appId": case["app_id"]}
        return
    expected = oracle(case["secret_text"].encode(), case["user"]["id"].encode())
    found = parsed["user"]["hash"] if case["preset"] == "tau" else parsed["userHash"]
    assert found == expected


# The class of each code (the README's table); all of them are ValueErrors.
ERROR_CLASS = {"empty_user_id": userhash.UserIdError, "invalid_timestamp": userhash.TimestampError,
               "timestamp_in_milliseconds": userhash.TimestampError}


@pytest.mark.parametrize("case", WIDGET["errors"], ids=lambda c: c["name"])
def test_error_vector(case: dict[str, Any]) -> None:
    calls: list[Callable[[], str]] = [lambda: widget.script(case["secret_text"], case["preset"], case["app_id"], case["user"],
                                   nonce=case.get("nonce"), global_name=case.get("global"))]
    if "nonce" not in case:  # the JSON alone has no nonce
        calls.append(lambda: widget.json(case["secret_text"], case["preset"], case["app_id"], case["user"],
                                         global_name=case.get("global")))
    for call in calls:
        with pytest.raises(userhash.UserhashError) as info:
            call()
        assert info.value.code == case["error"], case["name"]
        assert type(info.value) is ERROR_CLASS.get(case["error"], userhash.WidgetError)
        assert isinstance(info.value, ValueError)


def test_every_widget_error_code_has_a_vector() -> None:
    widget_codes = {"unknown_preset", "empty_app_id", "invalid_email", "invalid_phone", "invalid_url",
                    "invalid_metadata", "invalid_global_name", "invalid_nonce", "field_not_in_preset"}
    assert widget_codes <= ERROR_CODES
    assert widget_codes <= set(userhash._native.ERROR_CODES)  # type: ignore[attr-defined]


def test_an_int_id_is_its_decimal_text() -> None:
    by_int = widget.json(SEED_SECRET, "tau", "app", {"id": 42})
    assert by_int == widget.json(SEED_SECRET, "tau", "app", {"id": "42"})
    assert json.loads(by_int)["user"] == {"id": "42", "hash": oracle(SEED_SECRET.encode(), b"42")}


def test_none_fields_are_left_out() -> None:
    user: widget.User = {"id": "user123", "name": None, "email": None, "phone": None,
                         "profile_picture_url": None, "created_at": None}
    assert widget.json(SEED_SECRET, "tau", "app", user) == widget.json(SEED_SECRET, "tau", "app", {"id": "user123"})
    assert widget.json(SEED_SECRET, "hal", "app", {"id": "u", "metadata": None}) == widget.json(
        SEED_SECRET, "hal", "app", {"id": "u"})


def test_metadata_values_and_order() -> None:
    text = widget.json(SEED_SECRET, "hal", "app", {"id": "u", "metadata": {"b": 1, "a": "x", "é": True, "c": None, "d": False}})
    expected_meta = {"a": "x", "b": 1, "c": None, "d": False, "é": True}
    assert text.endswith(json.dumps(expected_meta, ensure_ascii=False, separators=(",", ":")) + "}")


@pytest.mark.parametrize("metadata", [{"a": 1.5}, {"a": [1]}, {"a": {"b": 1}}, {1: "x"}, {"a": 2**63}, ["a"], "a=1"])
def test_metadata_that_is_not_flat(metadata: Any) -> None:
    with pytest.raises(userhash.WidgetError) as info:
        widget.json(SEED_SECRET, "hal", "app", {"id": "u", "metadata": metadata})
    assert info.value.code == "invalid_metadata"


@pytest.mark.parametrize("created_at, code", [
    (1.5, "invalid_timestamp"), ("1701967378", "invalid_timestamp"), (True, "invalid_timestamp"),
    (-1, "invalid_timestamp"), (-(2**63) - 1, "invalid_timestamp"),
    (1701967378000, "timestamp_in_milliseconds"), (2**63, "timestamp_in_milliseconds")])
def test_created_at_must_be_int_seconds(created_at: Any, code: str) -> None:
    with pytest.raises(userhash.TimestampError) as info:
        widget.json(SEED_SECRET, "tau", "app", {"id": "u", "created_at": created_at})
    assert info.value.code == code


def test_wrong_types_and_unknown_fields() -> None:
    with pytest.raises(TypeError, match="unknown widget user field 'profilePictureUrl'"):
        widget.json(SEED_SECRET, "tau", "app", {"id": "u", "profilePictureUrl": "https://x"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs an 'id'"):
        widget.json(SEED_SECRET, "tau", "app", {"name": "Jo"})  # type: ignore[arg-type]
    with pytest.raises(userhash.UserIdTypeError):
        widget.json(SEED_SECRET, "tau", "app", {"id": 1.0})  # type: ignore[arg-type]
    with pytest.raises(userhash.UserIdTypeError):
        widget.json(SEED_SECRET, "tau", "app", {"id": b"u"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="name must be str"):
        widget.json(SEED_SECRET, "tau", "app", {"id": "u", "name": 5})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="user must be a dict"):
        widget.json(SEED_SECRET, "tau", "app", "user123")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Signer"):
        widget.json(None, "tau", "app")  # type: ignore[arg-type]
    with pytest.raises(userhash.SecretError):
        widget.script("key\n", "tau", "app")


def test_no_field_can_close_the_script_element() -> None:
    hostile = "</script><script>alert(1)</script><!-- \u2028\u2029 & >"
    script = widget.script(SEED_SECRET, "generic", "</script>", {"id": hostile, "name": hostile},
                           nonce="n0nce", global_name="window.a.b")
    body = script[len('<script nonce="n0nce">'):-len("</script>")]
    assert not re.search(r"[<>&\u2028\u2029]", body)
    assert json.loads(body[len("window.a.b = "):-1])["name"] == hostile
