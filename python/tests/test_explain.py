"""explain names each known mistake: every case of tests/vectors/vectors.json (section
`explain`), whose "wrong" hashes the generator made the way the mistaken code makes them (the
standard library's hmac over the mistaken bytes)."""

from __future__ import annotations

import re
from typing import Any

import pytest

import userhash
from conftest import ROOT, VECTORS, oracle

CASES: list[dict[str, Any]] = VECTORS["explain"]["cases"]
KEY = b"your_secret_key"
RIGHT = oracle(KEY, b"user123")


def secret(key: dict[str, Any]) -> str | bytes:
    """The key's text form when it has one, else its bytes."""
    return key["secret_text"] if key["secret_text"] is not None else bytes.fromhex(key["secret_hex"])


def keyring(case: dict[str, Any]) -> userhash.Keyring:
    """The case's keys in order, the first one primary."""
    primary, *others = case["keys"]
    assert primary["not_after"] is None
    keys = userhash.Keyring(primary["id"], secret(primary))
    for key in others:
        keys.add(key["id"], secret(key), not_after=key["not_after"])
    return keys


def findings(case: dict[str, Any]) -> list[userhash.Finding]:
    """The keyring's finding and, for a single key, the one-off explain's with the secret's
    bytes and (when it has one) its text, the other arguments then as bytes."""
    user_id, presented, email = case["user_id_text"], case["hash"], case["email"]
    found = [keyring(case).explain(user_id, presented, email=email, now=case["now"])]
    if len(case["keys"]) == 1:
        (key,) = case["keys"]
        found.append(userhash.explain(bytes.fromhex(key["secret_hex"]), user_id, presented, email=email))
        if key["secret_text"] is not None:
            as_bytes = email.encode() if email else None
            found.append(userhash.explain(key["secret_text"], user_id.encode(), presented.encode(), email=as_bytes))
    return found


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_each_known_mistake_is_named(case: dict[str, Any]) -> None:
    for finding in findings(case):
        assert finding.code == case["finding"], finding.message
        assert finding.code in userhash.Finding.CODES
        for key in case["keys"]:
            for shown in (finding.message, repr(finding)):
                assert key["secret_hex"] not in shown
                assert key["secret_text"] is None or key["secret_text"] not in shown


def test_the_vectors_name_every_finding() -> None:
    vendor_cases = VECTORS["explain_vendor"]["cases"]  # run in test_vendors.py and test_jwt.py
    assert {case["finding"] for case in CASES + vendor_cases} == set(userhash.Finding.CODES)


def test_finding_is_a_value() -> None:
    finding = userhash.explain(KEY, "user123", RIGHT)
    assert finding == userhash.explain(KEY, "user123", RIGHT)
    assert repr(finding).startswith("Finding(code='verified', message='the hash is right")
    assert str(finding).startswith("verified: ")
    assert hash(finding) == hash(userhash.explain(KEY, "user123", RIGHT))
    with pytest.raises(AttributeError):
        finding.code = "unknown"  # type: ignore[misc]


def test_a_keyring_explain_that_does_not_verify_is_reported(caplog: pytest.LogCaptureFixture) -> None:
    # Probing through explain shows in monitoring like any failed verification.
    events: list[userhash.FailureEvent] = []
    keyring = userhash.Keyring("current", KEY, on_failure=events.append)
    with caplog.at_level("DEBUG", logger="userhash"):
        assert keyring.explain("user123", "0" * 64).code == "unknown"
        assert keyring.explain("user123", None).code == "missing_hash"
        assert keyring.explain("user123", RIGHT).code == "verified"
    reported = [("mismatch", "user123", "00000000"), ("missing", "user123", "")]
    assert [(e.outcome, e.user_id, e.hash_prefix) for e in events] == reported
    assert [(r.outcome, r.user_id, r.hash_prefix) for r in caplog.records] == reported  # type: ignore[attr-defined]


def test_the_one_off_explain_has_no_keyring_and_reports_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("DEBUG", logger="userhash"):
        assert userhash.explain(KEY, "user123", "0" * 64).code == "unknown"
    assert caplog.records == []


def test_invalid_input_still_raises() -> None:
    with pytest.raises(userhash.UserIdError):
        userhash.explain(KEY, "", RIGHT)
    with pytest.raises(userhash.SecretError):
        userhash.explain("key\n", "u", RIGHT)
    with pytest.raises(TypeError, match="email"):
        userhash.explain(KEY, "u", RIGHT, email=42)  # type: ignore[arg-type]


def test_readme_documents_every_finding_code() -> None:
    readme = (ROOT / "python/README.md").read_text()
    section = readme.split("## Debugging a mismatch")[1].split("\n## ")[0]
    for code in userhash.Finding.CODES:
        assert re.search(rf"`{code}`", section), code
