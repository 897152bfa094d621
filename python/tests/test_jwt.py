"""HS256 JWTs on a Keyring: every case of tests/vectors/vectors.json sections `jwt.issue` (the
bytes PyJWT makes), `jwt.verify` (the outcome of each token, adversarial ones included) and
the JWT cases of `explain_vendor`; PyJWT both ways (it verifies our tokens with the right key
and refuses them with a wrong one; its tokens verify with ours); failures reported as a hash's
are; bad arguments."""

from __future__ import annotations

import logging
import time
from typing import Any, get_args

import jwt as pyjwt
import pytest

import userhash
from conftest import VECTORS
from userhash import JwtPresetName, widget

JWT: dict[str, Any] = VECTORS["jwt"]
SECRET = "your_secret_key"
T0 = 1_767_225_600


@pytest.mark.parametrize("case", JWT["issue"], ids=lambda c: c["name"])
def test_issued_tokens_are_pyjwts_bytes(case: dict[str, Any]) -> None:
    keyring = userhash.Keyring(case["key_id"], case["secret_text"])
    token = keyring.issue_jwt(case["preset"], case["user"], expires_at=case["exp"], now=case["iat"])
    assert token == case["token"]
    if case["exp"] is not None:
        ttl = keyring.issue_jwt(case["preset"], case["user"], ttl=case["exp"] - case["iat"], now=case["iat"])
        assert ttl == case["token"]
    checked = keyring.verify_jwt(case["preset"], token, now=case["iat"])
    assert checked.verified and checked and checked.outcome == "verified"
    assert (checked.key_id, checked.reason) == (case["key_id"], None)
    assert checked.claims == case["claims"]


def keyring(case: dict[str, Any], **kwargs: Any) -> userhash.Keyring:
    primary, *others = case["keys"]
    keys = userhash.Keyring(primary["id"], primary["secret_text"], **kwargs)
    for key in others:
        keys.add(key["id"], key["secret_text"], not_after=key["not_after"])
    return keys


@pytest.mark.parametrize("case", JWT["verify"], ids=lambda c: c["name"])
def test_each_token_has_the_vectors_outcome(case: dict[str, Any]) -> None:
    for token in (case["token"], case["token"].encode()):
        checked = keyring(case).verify_jwt(case["preset"], token, leeway=case["leeway"], now=case["now"])
        assert (checked.outcome, checked.reason, checked.key_id) == (case["outcome"], case["reason"], case["key_id"])
        assert checked.outcome in userhash.JwtVerification.OUTCOMES
        assert bool(checked) is checked.verified is (case["outcome"] == "verified")
        # The claims of an authentic token only, as PyJWT reads them.
        if case["key_id"] is None:
            assert checked.claims is None
        else:
            secret = next(k["secret_text"] for k in case["keys"] if k["id"] == case["key_id"])
            assert checked.claims == pyjwt.decode(case["token"], secret, algorithms=["HS256"],
                                                  options={"verify_exp": False, "verify_iat": False})


def test_the_vectors_cover_every_outcome() -> None:
    assert {c["outcome"] for c in JWT["verify"]} == set(userhash.JwtVerification.OUTCOMES)


def test_none_is_missing() -> None:
    checked = userhash.Keyring("k", SECRET).verify_jwt("intercom-jwt", None)
    assert (checked.outcome, checked.claims, bool(checked)) == ("missing", None, False)


# Our tokens through PyJWT, and PyJWT's through ours, for each JWT vendor at the current time.
USER: widget.User = {"id": "user123", "name": "Jo Smith", "email": "Jo.Smith@Example.com",
                     "profile_picture_url": "https://cdn.example.com/jo.png"}
CLAIMS: dict[str, dict[str, Any]] = {
    "intercom-jwt": {"user_id": "user123", "email": "Jo.Smith@Example.com", "name": "Jo Smith"},
    "zendesk": {"scope": "user", "external_id": "user123", "name": "Jo Smith", "email": "Jo.Smith@Example.com"},
    "canny": {"id": "user123", "email": "Jo.Smith@Example.com", "name": "Jo Smith",
              "avatarURL": "https://cdn.example.com/jo.png"},
    "featurebase": {"userId": "user123", "email": "Jo.Smith@Example.com", "name": "Jo Smith",
                    "profilePicture": "https://cdn.example.com/jo.png"},
}
FIELDS = {"intercom-jwt": ("id", "name", "email"), "zendesk": ("id", "name", "email")}


def user_for(preset: str) -> widget.User:
    fields = FIELDS.get(preset, tuple(USER))
    return {k: v for k, v in USER.items() if k in fields}  # type: ignore[return-value]


def test_every_jwt_vendor_is_covered() -> None:
    assert set(CLAIMS) == set(get_args(JwtPresetName))


@pytest.mark.parametrize("preset", list(CLAIMS))
def test_pyjwt_verifies_our_tokens_and_refuses_a_wrong_key(preset: JwtPresetName) -> None:
    now = int(time.time())
    has_exp = preset != "featurebase"
    keyring = userhash.Keyring("app_64f0d2c3", SECRET)
    token = keyring.issue_jwt(preset, user_for(preset), ttl=600 if has_exp else None)
    claims = pyjwt.decode(token, SECRET, algorithms=["HS256"], options={"require": ["iat"]})
    expected = {**CLAIMS[preset], "iat": claims["iat"], **({"exp": claims["iat"] + 600} if has_exp else {})}
    assert claims == expected and abs(claims["iat"] - now) <= 5
    assert list(claims) == list(expected)  # the profile's claim order
    header = pyjwt.get_unverified_header(token)
    assert header == {"alg": "HS256", "typ": "JWT", **({"kid": "app_64f0d2c3"} if preset == "zendesk" else {})}
    with pytest.raises(pyjwt.InvalidSignatureError):
        pyjwt.decode(token, "another secret", algorithms=["HS256"])
    assert keyring.verify_jwt(preset, token).claims == claims


@pytest.mark.parametrize("preset", list(CLAIMS))
def test_pyjwts_tokens_verify_with_ours(preset: JwtPresetName) -> None:
    now = int(time.time())
    headers = {"kid": "current"} if preset == "zendesk" else None
    claims = {**CLAIMS[preset], "iat": now, "exp": now + 600}
    token = pyjwt.encode(claims, SECRET, algorithm="HS256", headers=headers)
    keyring = userhash.Keyring("current", SECRET)
    checked = keyring.verify_jwt(preset, token)
    assert (checked.outcome, checked.key_id, checked.claims) == ("verified", "current", claims)
    assert keyring.verify_jwt(preset, token, now=now + 600).outcome == "expired"
    assert keyring.verify_jwt(preset, token, now=now + 600, leeway=1).verified
    wrong = pyjwt.encode(claims, "another secret", algorithm="HS256", headers=headers)
    assert keyring.verify_jwt(preset, wrong).outcome == "mismatch"
    hs512 = pyjwt.encode(claims, SECRET, algorithm="HS512", headers=headers)
    assert (keyring.verify_jwt(preset, hs512).reason) == "jwt_header"


def test_issue_errors() -> None:
    keyring = userhash.Keyring("current", SECRET)
    user: widget.User = {"id": "user123"}
    cases: list[tuple[Any, str]] = [
        (lambda: keyring.issue_jwt("crisp", user), "not_a_jwt_profile"),  # type: ignore[arg-type]
        (lambda: keyring.issue_jwt("drift", user), "unknown_preset"),  # type: ignore[arg-type]
        (lambda: keyring.issue_jwt("featurebase", user, ttl=60), "field_not_in_preset"),
        (lambda: keyring.issue_jwt("intercom-jwt", {"id": ""}), "empty_user_id"),
        (lambda: keyring.issue_jwt("intercom-jwt", {"id": "u", "email": "no"}), "invalid_email"),
        (lambda: keyring.issue_jwt("intercom-jwt", {"id": "u", "phone": "+15551234567"}), "field_not_in_preset"),
        (lambda: keyring.issue_jwt("intercom-jwt", user, expires_at=T0 * 1000), "timestamp_in_milliseconds"),
        (lambda: keyring.issue_jwt("intercom-jwt", user, now=-1), "invalid_timestamp"),
        (lambda: keyring.issue_jwt("intercom-jwt", user, ttl=-1), "invalid_timestamp"),
    ]
    for call, code in cases:
        with pytest.raises(userhash.UserhashError) as info:
            call()
        assert info.value.code == code
        # not_a_jwt_profile is of the contract's category "token": a plain UserhashError.
        assert isinstance(info.value, ValueError) is (code != "not_a_jwt_profile")
    with pytest.raises(TypeError, match="at most one of ttl= and expires_at="):
        keyring.issue_jwt("intercom-jwt", user, ttl=60, expires_at=T0)
    with pytest.raises(TypeError, match="needs the user dict"):
        keyring.issue_jwt("intercom-jwt", None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="the preset must be str, not NoneType"):
        keyring.issue_jwt(None, user)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="the ttl must be an int"):
        keyring.issue_jwt("intercom-jwt", user, ttl=60.0)  # type: ignore[arg-type]
    with pytest.raises(userhash.UserIdTypeError):
        keyring.issue_jwt("intercom-jwt", {"id": 1.5})  # type: ignore[typeddict-item]


def test_verify_errors() -> None:
    keyring = userhash.Keyring("current", SECRET)
    with pytest.raises(userhash.UserhashError) as info:
        keyring.verify_jwt("intercom", "a.b.c")  # type: ignore[arg-type]
    assert info.value.code == "not_a_jwt_profile"
    with pytest.raises(TypeError, match="the hash must be str, bytes or None"):
        keyring.verify_jwt("intercom-jwt", 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="the leeway must be an int"):
        keyring.verify_jwt("intercom-jwt", "a.b.c", leeway=1.5)  # type: ignore[arg-type]
    with pytest.raises(userhash.TimestampError):
        keyring.verify_jwt("intercom-jwt", "a.b.c", leeway=-1)


def test_failures_are_logged_and_reported_as_for_hashes(caplog: pytest.LogCaptureFixture) -> None:
    events: list[userhash.FailureEvent] = []
    keys = userhash.Keyring("current", SECRET, on_failure=events.append)
    token = keys.issue_jwt("zendesk", {"id": "user123"}, expires_at=T0 + 60, now=T0)
    with caplog.at_level(logging.WARNING, logger="userhash"):
        assert keys.verify_jwt("zendesk", token, now=T0)
        assert keys.verify_jwt("zendesk", token, now=T0 + 60).outcome == "expired"
        assert keys.verify_jwt("zendesk", token[:-2] + "AA", now=T0).outcome == "mismatch"
        assert keys.verify_jwt("zendesk", "", now=T0).outcome == "missing"
    # The token's identity claim as the user id (as stated: it is not authenticated).
    assert events == [
        userhash.FailureEvent("expired", None, "current", "user123", token[:8]),
        userhash.FailureEvent("mismatch", None, None, "user123", token[:8]),
        userhash.FailureEvent("missing", None, None, "", ""),
    ]
    assert [r.outcome for r in caplog.records] == ["expired", "mismatch", "missing"]  # type: ignore[attr-defined]
    assert SECRET not in caplog.text and token not in caplog.text


def test_a_result_is_immutable_and_its_claims_a_new_dict() -> None:
    keyring = userhash.Keyring("current", SECRET)
    token = keyring.issue_jwt("intercom-jwt", {"id": "user123"}, now=T0)
    checked = keyring.verify_jwt("intercom-jwt", token, now=T0)
    assert repr(checked) == ("JwtVerification(outcome='verified', key_id='current', reason=None, "
                             "claims={'user_id': 'user123', 'iat': 1767225600})")
    assert checked.claims == checked.claims and checked.claims is not checked.claims
    with pytest.raises(AttributeError):
        checked.outcome = "mismatch"  # type: ignore[misc]
    with pytest.raises(TypeError):
        userhash.JwtVerification()  # no constructor: only verify_jwt makes one


# explain for the JWT vendors (the hash cases are in test_vendors.py).
EXPLAIN: list[dict[str, Any]] = [c for c in VECTORS["explain_vendor"]["cases"] if c["token"] is not None]


@pytest.mark.parametrize("case", EXPLAIN, ids=lambda c: c["name"])
def test_explain_names_the_jwt_mistake(case: dict[str, Any]) -> None:
    events: list[userhash.FailureEvent] = []
    keys = userhash.Keyring("current", case["secret_text"], on_failure=events.append)
    finding = keys.explain_jwt(case["preset"], case["token"], now=case["now"])
    assert finding.code == case["finding"], finding.message
    assert finding.code in userhash.Finding.CODES
    assert case["secret_text"] not in finding.message
    assert (events == []) == case["verifies"]  # probing through explain is monitored


def test_every_explain_vendor_case_is_run() -> None:
    from test_vendors import EXPLAIN as HASH_CASES

    assert len(EXPLAIN) + len(HASH_CASES) == len(VECTORS["explain_vendor"]["cases"])
