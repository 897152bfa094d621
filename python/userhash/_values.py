"""The value objects built in Python: what ``explain`` concluded and what monitoring is told
(a ``Verification`` is native: it is on the hot path; an event is a tuple, quick to build)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, NamedTuple, get_args

from userhash._contract import ErrorCode, FailureOutcome, FindingCode


@dataclass(frozen=True)
class Finding:
    """What ``explain`` concluded: a stable ``code`` and a ``message`` for a developer."""

    CODES: ClassVar[tuple[FindingCode, ...]] = get_args(FindingCode)
    code: FindingCode
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class FailureEvent(NamedTuple):
    """A failed verification as monitoring sees it: never the secret, never the whole hash."""

    outcome: FailureOutcome
    reason: ErrorCode | None
    key_id: str | None
    user_id: str
    hash_prefix: str


Finding.__module__ = FailureEvent.__module__ = "userhash"
