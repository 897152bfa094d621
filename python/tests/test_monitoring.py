"""Failed verifications go to the logging logger "userhash" (WARNING, the event's fields as
`extra`) and to the keyring's on_failure callable, and never carry the secret or the whole
hash or token."""

from __future__ import annotations

import io
import logging
import pickle

import pytest

import userhash
from conftest import oracle

SECRET = "monitoring-secret-4f1c9a"
T0 = 1_767_225_600
FIELDS = ("outcome", "reason", "key_id", "user_id", "hash_prefix")


def fields(event: userhash.FailureEvent) -> tuple[object, ...]:
    return tuple(getattr(event, name) for name in FIELDS)


def test_every_failure_is_logged_and_reported(caplog: pytest.LogCaptureFixture) -> None:
    events: list[userhash.FailureEvent] = []
    keyring = userhash.Keyring("new", SECRET, on_failure=events.append)
    keyring.add("old", "old-secret", not_after=T0)
    right = oracle(SECRET.encode(), b"user123")
    old = oracle(b"old-secret", b"user123")
    wrong = oracle(SECRET.encode(), b"user124")
    token = keyring.issue_token("user123", expires_at=T0)
    with caplog.at_level(logging.WARNING, logger="userhash"):
        assert keyring.verify_detailed("user123", right, now=T0)
        assert keyring.verify("user123", right)
        assert not keyring.verify_detailed("user123", None, now=T0)
        assert not keyring.verify_detailed("user123", "abc", now=T0)
        assert not keyring.verify_detailed("user123", wrong, now=T0)
        assert not keyring.verify_detailed("user123", old, now=T0)
        assert not keyring.verify("user123", wrong)
        assert keyring.verify_token("user123", token, now=T0 - 1)
        assert not keyring.verify_token("user123", token, now=T0)
    expected = [
        ("missing", None, None, "user123", ""),
        ("malformed", "hash_wrong_length", None, "user123", "abc"),
        ("mismatch", None, None, "user123", wrong[:8]),
        ("expired", None, "old", "user123", old[:8]),
        ("mismatch", None, None, "user123", wrong[:8]),
        ("expired", None, "new", "user123", token[:8]),
    ]
    assert [fields(e) for e in events] == expected
    assert [tuple(getattr(r, name) for name in FIELDS) for r in caplog.records] == expected
    assert all(r.levelno == logging.WARNING and r.name == "userhash" for r in caplog.records)
    assert caplog.records[3].getMessage() == (
        f"verification failed: expired (key old) for user id 'user123', presented '{old[:8]}…'"
    )
    assert caplog.records[1].getMessage() == (
        "verification failed: malformed [hash_wrong_length] for user id 'user123', presented 'abc…'"
    )
    for text in [r.getMessage() for r in caplog.records] + [repr(e) for e in events] + [caplog.text]:
        assert SECRET not in text and "old-secret" not in text
        for full in (right, old, wrong, token, token.split(".")[2]):
            assert full not in text
    assert repr(events[0]) == "FailureEvent(outcome='missing', reason=None, key_id=None, user_id='user123', hash_prefix='')"


def test_an_event_is_an_immutable_value() -> None:
    events: list[userhash.FailureEvent] = []
    userhash.Keyring("k", SECRET, on_failure=events.append).verify("u", "")
    event = events[0]
    assert event == userhash.FailureEvent("missing", None, None, "u", "")
    assert hash(event) == hash(userhash.FailureEvent("missing", None, None, "u", ""))
    assert pickle.loads(pickle.dumps(event)) == event
    with pytest.raises(AttributeError):
        event.user_id = "x"  # type: ignore[misc]


def test_without_a_callback_failures_are_still_logged(caplog: pytest.LogCaptureFixture) -> None:
    keyring = userhash.Keyring("k", SECRET)
    with caplog.at_level(logging.WARNING, logger="userhash"):
        keyring.verify("user\xe9", "0" * 64)
    assert [(r.outcome, r.user_id, r.hash_prefix) for r in caplog.records] == [  # type: ignore[attr-defined]
        ("mismatch", "user\xe9", "00000000")]


def test_non_utf8_ids_are_reported_readably() -> None:
    events: list[userhash.FailureEvent] = []
    userhash.Keyring("k", SECRET, on_failure=events.append).verify(b"\xffu", "")
    assert events[0].user_id == "\ufffdu"


def test_a_raising_callback_propagates_and_the_keyring_still_works() -> None:
    def boom(event: userhash.FailureEvent) -> None:
        raise RuntimeError(f"monitoring down ({event.outcome})")

    keyring = userhash.Keyring("k", SECRET, on_failure=boom)
    with pytest.raises(RuntimeError, match=r"monitoring down \(mismatch\)"):
        keyring.verify("u", "0" * 64)
    assert keyring.verify("u", oracle(SECRET.encode(), b"u"))


def test_a_callback_may_use_the_keyring_again() -> None:
    keyring: userhash.Keyring
    seen: list[tuple[str, ...]] = []

    def on_failure(event: userhash.FailureEvent) -> None:
        # Re-entering (even adding a key) does not deadlock: the lock is released by now.
        if "late" not in keyring.key_ids:
            keyring.add("late", "late-secret")
        seen.append(keyring.key_ids)

    keyring = userhash.Keyring("k", SECRET, on_failure=on_failure)
    late_hash = oracle(b"late-secret", b"u")
    assert not keyring.verify("u", late_hash)
    assert seen == [("k", "late")]
    assert keyring.verify_detailed("u", late_hash).key_id == "late"


def test_a_cycle_through_the_callback_is_collected() -> None:
    import gc
    import weakref

    class Holder:
        keyring: userhash.Keyring

        def report(self, event: userhash.FailureEvent) -> None:
            pass

    holder = Holder()
    holder.keyring = userhash.Keyring("k", SECRET, on_failure=holder.report)
    ref = weakref.ref(holder)
    del holder
    gc.collect()
    assert ref() is None


@pytest.mark.parametrize("user_id", ["victim\nINFO fake line", "victim\r\nINFO fake", "a\x85b\u2028c\x1b[2J"])
def test_a_hostile_user_id_logs_as_one_line(user_id: str) -> None:
    events: list[userhash.FailureEvent] = []
    presented = "\nINFO x"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    # A plain-text format that shows the record's attributes as well as the message.
    handler.setFormatter(logging.Formatter("%(levelname)s %(user_id)s %(hash_prefix)s %(message)s"))
    logger = logging.getLogger("userhash")
    logger.addHandler(handler)
    try:
        userhash.Keyring("k", SECRET, on_failure=events.append).verify(user_id, presented)
    finally:
        logger.removeHandler(handler)
    shown_id, shown_hash = repr(user_id)[1:-1], repr(presented)[1:-1]
    message = (f"verification failed: malformed [hash_wrong_length] for user id {user_id!r},"
               f" presented {presented + '…'!r}")
    assert stream.getvalue() == f"WARNING {shown_id} {shown_hash} {message}\n"
    assert stream.getvalue()[:-1].isprintable()  # one line, no control character
    assert (events[0].user_id, events[0].hash_prefix) == (user_id, presented)  # the event stays raw


def test_backslashes_are_escaped_so_escapes_cannot_be_forged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="userhash"):
        userhash.Keyring("k", SECRET).verify("a\\nb", "0" * 64)
    assert caplog.records[0].user_id == "a\\\\nb"  # type: ignore[attr-defined]
