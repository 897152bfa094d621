"""The secret never shows: not in repr, messages, pickles; from_env and generate_secret."""

from __future__ import annotations

import copy
import os
import pickle
import string
from collections.abc import Iterator

import pytest

import userhash
from conftest import oracle

SECRET = "s3cr3t-do-not-print"


@pytest.fixture
def env_secret() -> Iterator[str]:
    name = "USERHASH_TEST_SECRET"
    os.environ[name] = SECRET
    yield name
    del os.environ[name]


def test_repr_is_redacted() -> None:
    signer = userhash.Signer(SECRET)
    assert repr(signer) == "Signer(<redacted>)"
    assert str(signer) == "Signer(<redacted>)"
    assert SECRET not in repr(signer)


def test_signer_cannot_be_pickled_or_copied() -> None:
    signer = userhash.Signer(SECRET)
    with pytest.raises(TypeError):
        pickle.dumps(signer)
    with pytest.raises(TypeError):
        copy.deepcopy(signer)


@pytest.mark.parametrize("secret", [SECRET + "\n", " " + SECRET, "\udc80" + SECRET])
def test_secret_errors_do_not_contain_the_secret(secret: str) -> None:
    with pytest.raises(userhash.SecretError) as info:
        userhash.Signer(secret)
    assert "s3cr3t" not in str(info.value)
    assert "s3cr3t" not in repr(info.value)


def test_user_id_errors_do_not_contain_the_secret() -> None:
    with pytest.raises(userhash.UserhashError) as info:
        userhash.sign(SECRET, "")
    assert "s3cr3t" not in str(info.value)


def test_from_env(env_secret: str) -> None:
    signer = userhash.Signer.from_env(env_secret)
    assert signer.sign("user123") == oracle(SECRET.encode(), b"user123")


def test_from_env_missing() -> None:
    os.environ.pop("USERHASH_TEST_UNSET", None)
    with pytest.raises(userhash.SecretError) as info:
        userhash.Signer.from_env("USERHASH_TEST_UNSET")
    assert info.value.code == "missing_env"
    assert "USERHASH_TEST_UNSET" in str(info.value)


def test_from_env_refuses_a_trailing_newline(env_secret: str) -> None:
    os.environ[env_secret] = SECRET + "\n"
    with pytest.raises(userhash.SecretError) as info:
        userhash.Signer.from_env(env_secret)
    assert info.value.code == "secret_whitespace"
    assert "s3cr3t" not in str(info.value)


def test_from_env_refuses_non_utf8(env_secret: str) -> None:
    os.environb[env_secret.encode()] = b"caf\xe9"
    with pytest.raises(userhash.SecretError) as info:
        userhash.Signer.from_env(env_secret)
    assert info.value.code == "secret_not_utf8"


def test_generate_secret() -> None:
    first, second = userhash.generate_secret(), userhash.generate_secret()
    assert len(first) == 64
    assert set(first) <= set(string.hexdigits.lower()[:16])
    assert first != second
    # Usable as a text secret, like a vendor-issued key.
    assert userhash.sign(first, "user123") == oracle(first.encode(), b"user123")


def test_keyring_repr_and_errors_never_show_a_secret(caplog: pytest.LogCaptureFixture) -> None:
    keyring = userhash.Keyring("current", SECRET)
    keyring.add("previous", SECRET + "-old", not_after=1)
    assert repr(keyring) == "Keyring(primary_id='current', key_ids=('current', 'previous'), secrets=<redacted>)"
    texts = [repr(keyring), str(keyring)]
    for bad in (lambda: keyring.add("previous", SECRET), lambda: keyring.add("x", SECRET + "\n"),
                lambda: keyring.add("y", SECRET, not_before=5, not_after=5),
                lambda: userhash.widget.script(SECRET, "nope", "app"),  # type: ignore[arg-type]
                lambda: userhash.widget.script(keyring, "tau", "app", {"id": "u", "email": SECRET})):
        with pytest.raises(userhash.UserhashError) as info:
            bad()
        texts += [str(info.value), repr(info.value)]
    with caplog.at_level("DEBUG", logger="userhash"):
        keyring.verify("u", "0" * 64)
        keyring.verify_token("u", "v1.1." + "0" * 64)
    texts += [r.getMessage() for r in caplog.records] + [caplog.text]
    texts += [repr(userhash.explain(SECRET, "u", oracle((SECRET + "\n").encode(), b"u")))]
    assert len(caplog.records) == 2
    for text in texts:
        assert "s3cr3t" not in text, text
