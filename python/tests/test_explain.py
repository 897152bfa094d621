"""explain names each known mistake, table-driven (the table of
crates/userhash/tests/explain.rs). The "wrong" hashes are made the way the mistaken code
would make them: the standard library's hmac over the mistaken bytes."""

from __future__ import annotations

import base64
import re

import pytest

import userhash
from conftest import ROOT, oracle

KEY = b"your_secret_key"
RIGHT = oracle(KEY, b"user123")

# Expected code, the id the page sends, the hash it sends, the email if known.
CASES: list[tuple[str, str | bytes, str, str | None]] = [
    ("verified", "user123", RIGHT, None),
    ("missing_hash", "user123", "", None),
    ("hash_whitespace", "user123", RIGHT + "\n", None),
    ("uppercase_hash", "user123", RIGHT.upper(), None),
    ("truncated_hash", "user123", RIGHT[:40], None),
    ("malformed_hash", "user123", "not a hash", None),
    ("id_whitespace", "user123", oracle(KEY, b"user123\n"), None),
    ("id_whitespace", "user123", oracle(KEY, b" user123"), None),
    ("id_whitespace", " user123 ", oracle(KEY, b"user123"), None),
    ("id_case", "User123", oracle(KEY, b"user123"), None),
    ("id_case", "abc", oracle(KEY, b"ABC"), None),
    ("id_number_format", "42", oracle(KEY, b"42.0"), None),
    ("id_number_format", "42.0", oracle(KEY, b"42"), None),
    ("id_number_format", "42", oracle(KEY, b"042"), None),
    ("email_instead_of_id", "user123", oracle(KEY, b"jo@example.com"), "jo@example.com"),
    ("secret_whitespace", "user123", oracle(KEY + b"\n", b"user123"), None),
    ("secret_whitespace", "user123", oracle(KEY + b"\r\n", b"user123"), None),
    ("unknown", "user123", oracle(b"another key", b"user123"), None),
]


@pytest.mark.parametrize(("code", "user_id", "presented", "email"), CASES)
def test_each_known_mistake_is_named(code: str, user_id: str | bytes, presented: str, email: str | None) -> None:
    keyring = userhash.Keyring("current", KEY)
    for finding in (
        keyring.explain(user_id, presented, email=email),
        userhash.explain(KEY, user_id, presented, email=email),
        userhash.explain(KEY.decode(), user_id, presented.encode(), email=email.encode() if email else None),
    ):
        assert finding.code == code, finding.message
        assert finding.code in userhash.Finding.CODES
        assert "your_secret_key" not in finding.message
        assert "your_secret_key" not in repr(finding)


def test_the_table_covers_every_code_but_the_keyring_and_encoding_ones() -> None:
    covered = {case[0] for case in CASES}
    assert set(userhash.Finding.CODES) - covered == {"other_key", "retired_key", "secret_encoding"}


def test_secret_meant_as_hex_or_base64() -> None:
    hex_text = b"deadbeefcafe0123"
    assert userhash.explain(hex_text, "u", oracle(bytes.fromhex(hex_text.decode()), b"u")).code == "secret_encoding"
    # The server decoded nothing but the vendor meant the bytes: the reverse direction.
    assert userhash.explain(bytes.fromhex("deadbeefcafe0123"), "u", oracle(hex_text, b"u")).code == "secret_encoding"
    b64_text = base64.b64encode(b"secret-key-bytes")
    assert userhash.explain(b64_text, "u", oracle(b"secret-key-bytes", b"u")).code == "secret_encoding"


def test_other_and_retired_keys_of_a_keyring() -> None:
    keyring = userhash.Keyring("new", "new")
    keyring.add("old", "old", not_after=100)
    old_hash = oracle(b"old", b"u")
    assert keyring.explain("u", old_hash, now=99).code == "other_key"
    assert keyring.explain("u", old_hash, now=100).code == "retired_key"
    assert keyring.explain("u", oracle(b"old", b"U"), now=99).code == "id_case"


def test_finding_is_a_value() -> None:
    finding = userhash.explain(KEY, "user123", RIGHT)
    assert finding == userhash.explain(KEY, "user123", RIGHT)
    assert repr(finding).startswith("Finding(code='verified', message='the hash is right")
    assert str(finding).startswith("verified: ")
    assert hash(finding) == hash(userhash.explain(KEY, "user123", RIGHT))
    with pytest.raises(AttributeError):
        finding.code = "x"  # type: ignore[misc]


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
