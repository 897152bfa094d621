"""Where failed verifications go: the ``logging`` logger ``"userhash"`` and the keyring's
``on_failure`` callable. The user id and hash prefix come from the client, so the log record
carries them escaped (no control character reaches a log line); the event keeps them raw."""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from userhash._values import FailureEvent

logger = logging.getLogger("userhash")


def escaped(text: str) -> str:
    """``text`` with backslashes and non-printable characters escaped as ``repr`` does."""
    return text if text.isprintable() and "\\" not in text else repr(text)[1:-1]


def report(fields: tuple[Any, ...], on_failure: Optional[Callable[[FailureEvent], object]]) -> None:
    """Logs a failure's fields at WARNING (also as ``extra``), then calls ``on_failure``."""
    if logger.isEnabledFor(logging.WARNING):
        outcome, reason, key_id, user_id, prefix = fields
        detail = (f" [{reason}]" if reason else "") + (f" (key {key_id})" if key_id else "")
        extra = {"outcome": outcome, "reason": reason, "key_id": key_id}
        extra.update(user_id=escaped(user_id), hash_prefix=escaped(prefix))
        logger.warning(
            "verification failed: %s%s for user id %r, presented %r", outcome, detail, user_id,
            prefix + "…" if prefix else "", extra=extra,
        )
    if on_failure is not None:
        on_failure(FailureEvent._make(fields))
