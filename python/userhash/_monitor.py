"""Where failed verifications go: the ``logging`` logger ``"userhash"`` and the keyring's
``on_failure`` callable. The native keyring calls :func:`report` with the core's event.

The event holds the outcome, the reason code, the key id, the user id and at most the first
8 characters of what was presented: never the secret, never the whole hash or token. The
user id and the presented characters come from the client, so the log record carries them
escaped (no CR, LF or other control character reaches a log line); the event keeps them raw.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

logger = logging.getLogger("userhash")


def escaped(text: str) -> str:
    """``text`` with backslashes and every non-printable character (C0 and C1 controls, line
    and paragraph separators …) escaped as ``repr`` does, without the quotes."""
    if text.isprintable() and "\\" not in text:
        return text
    return repr(text)[1:-1]


def report(event: Any, on_failure: Optional[Callable[[Any], object]]) -> None:
    """Logs ``event`` at WARNING (its fields as ``extra``), then calls ``on_failure``."""
    if logger.isEnabledFor(logging.WARNING):
        detail = f" [{event.reason}]" if event.reason else ""
        if event.key_id:
            detail += f" (key {event.key_id})"
        # %r escapes the message's copies; the record's attributes are escaped too, so that a
        # format such as "%(user_id)s" cannot start a line either.
        logger.warning(
            "verification failed: %s%s for user id %r, presented %r",
            event.outcome,
            detail,
            event.user_id,
            event.hash_prefix + "…" if event.hash_prefix else "",
            extra={
                "outcome": event.outcome,
                "reason": event.reason,
                "key_id": event.key_id,
                "user_id": escaped(event.user_id),
                "hash_prefix": escaped(event.hash_prefix),
            },
        )
    if on_failure is not None:
        on_failure(event)
