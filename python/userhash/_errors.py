"""The exception hierarchy. The native module raises these with the core's message and code."""

from userhash._contract import ErrorCode


class UserhashError(Exception):
    """Base of every userhash error; ``code`` is the stable, language-independent code."""

    code: ErrorCode

    def __init__(self, message: str, code: ErrorCode) -> None:
        super().__init__(message)
        self.code = code

    def __reduce__(self) -> "tuple[type[UserhashError], tuple[str, ErrorCode]]":
        return type(self), (str(self), self.code)


class SecretError(UserhashError, ValueError):
    """The secret is empty, has surrounding whitespace, is not UTF-8 or is not set."""


class UserIdError(UserhashError, ValueError):
    """The user id is empty, not valid Unicode, or an integer out of the 128-bit range."""


class UserIdTypeError(UserhashError, TypeError):
    """The user id is not a ``str``, ``bytes`` or ``int`` (``bool``, ``float`` and ``None`` included)."""


class KeyringError(UserhashError, ValueError):
    """A keyring key id is empty or taken twice, or a key's window is empty."""


class TimestampError(UserhashError, ValueError):
    """A time in seconds (token expiry, ttl, leeway, key window, ``created_at``) is negative,
    or 10^11 or more: a millisecond value where Unix seconds are expected."""


class WidgetError(UserhashError, ValueError):
    """A widget configuration field breaks its rule (docs/spec.md, section 5)."""


for _cls in (UserhashError, SecretError, UserIdError, UserIdTypeError, KeyringError, TimestampError, WidgetError):
    _cls.__module__ = "userhash"
del _cls
