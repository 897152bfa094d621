"""Where failed verifications go: the ``logging`` logger ``"userhash"`` and the keyring's
``on_failure`` callable. The native keyring calls :func:`report` with the core's event.

The event holds the outcome, the reason code, the key id, the user id and at most the first
8 characters of what was presented: never the secret, never the whole hash or token.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

logger = logging.getLogger("userhash")


def report(event: Any, on_failure: Optional[Callable[[Any], object]]) -> None:
    """Logs ``event`` at WARNING (its fields as ``extra``), then calls ``on_failure``."""
    if logger.isEnabledFor(logging.WARNING):
        detail = f" [{event.reason}]" if event.reason else ""
        if event.key_id:
            detail += f" (key {event.key_id})"
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
                "user_id": event.user_id,
                "hash_prefix": event.hash_prefix,
            },
        )
    if on_failure is not None:
        on_failure(event)
