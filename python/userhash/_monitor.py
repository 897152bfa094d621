"""Where failed verifications go: the ``logging`` logger ``"userhash"`` and the keyring's
``on_failure`` callable. The user id and hash prefix come from the client, so the log record
carries them escaped (no control character reaches a log line); the event keeps them raw."""

from __future__ import annotations

import logging
from dataclasses import asdict
from typing import Any, Callable, Optional

from userhash._values import FailureEvent

logger = logging.getLogger("userhash")


def escaped(text: str) -> str:
    """``text`` with backslashes and non-printable characters escaped as ``repr`` does."""
    return text if text.isprintable() and "\\" not in text else repr(text)[1:-1]


def report(fields: tuple[Any, ...], on_failure: Optional[Callable[[FailureEvent], object]]) -> None:
    """Logs the failure at WARNING (its fields as ``extra``), then calls ``on_failure``."""
    event = FailureEvent(*fields)
    if logger.isEnabledFor(logging.WARNING):
        detail = (f" [{event.reason}]" if event.reason else "") + (f" (key {event.key_id})" if event.key_id else "")
        extra = {**asdict(event), "user_id": escaped(event.user_id), "hash_prefix": escaped(event.hash_prefix)}
        logger.warning(
            "verification failed: %s%s for user id %r, presented %r", event.outcome, detail,
            event.user_id, event.hash_prefix + "…" if event.hash_prefix else "", extra=extra,
        )
    if on_failure is not None:
        on_failure(event)
