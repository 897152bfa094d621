from collections.abc import Callable, Iterable
from typing import Any, ClassVar, final

from userhash import widget as widget
from userhash._contract import ErrorCode, JwtPresetName as JwtPresetName, Outcome, PresetName as PresetName
# The exception classes and the dataclasses are plain Python, typed where they are defined.
from userhash._errors import KeyringError, SecretError, TimestampError, UserhashError
from userhash._errors import UserIdError, UserIdTypeError, WidgetError
from userhash._values import FailureEvent, Finding
from userhash.widget import User

__version__: str

_Secret = str | bytes
_UserId = str | bytes | int
_Hash = str | bytes
_OnFailure = Callable[[FailureEvent], object] | None

__all__ = [
    "FailureEvent", "Finding", "JwtPresetName", "JwtVerification", "Keyring", "KeyringError", "PresetName",
    "SecretError", "Signer", "TimestampError", "UserIdError", "UserIdTypeError", "UserhashError",
    "Verification", "WidgetError", "__version__", "explain", "generate_secret", "sign", "verify", "widget",
]

@final
class Signer:
    """Signs and verifies user ids with one secret; build it once and share it."""

    def __new__(cls, secret: _Secret) -> Signer: ...
    @staticmethod
    def from_env(name: str) -> Signer:
        """Reads the secret, as text, from the environment variable ``name``."""
    def sign(self, user_id: _UserId) -> str:
        """The 64-character lowercase hex HMAC-SHA256 of ``user_id``."""
    def verify(self, user_id: _UserId, hash: _Hash | None) -> bool:
        """Whether ``hash`` is the hash of ``user_id``; a wrong, malformed or missing one is ``False``."""
    def sign_many(self, user_ids: Iterable[_UserId]) -> list[str]:
        """Hashes of every id, in order; large batches are signed with the GIL released."""

def sign(secret: _Secret, user_id: _UserId) -> str:
    """One-off ``Signer(secret).sign(user_id)``."""

def verify(secret: _Secret, user_id: _UserId, hash: _Hash | None) -> bool:
    """One-off ``Signer(secret).verify(user_id, hash)``."""

def generate_secret() -> str:
    """A new random secret: 64 hex characters from the operating system's CSPRNG."""

def explain(secret: _Secret, user_id: _UserId, hash: _Hash | None, *, email: _Hash | None = None) -> Finding:
    """Why ``hash`` does or does not verify for ``user_id`` under ``secret``."""

@final
class Verification:
    """The outcome of a verification; true only when verified."""

    OUTCOMES: ClassVar[tuple[Outcome, ...]]
    @property
    def outcome(self) -> Outcome:
        """One of ``Verification.OUTCOMES``."""
    @property
    def key_id(self) -> str | None:
        """The id of the key that matched (verified or expired)."""
    @property
    def reason(self) -> ErrorCode | None:
        """The error code saying why the input is malformed."""
    def __bool__(self) -> bool: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

@final
class JwtVerification:
    """The outcome of checking a JWT (``Keyring.verify_jwt``), and the claims of an authentic
    one; true only when verified."""

    OUTCOMES: ClassVar[tuple[Outcome, ...]]
    @property
    def outcome(self) -> Outcome:
        """One of ``JwtVerification.OUTCOMES`` (those of ``Verification``)."""
    @property
    def key_id(self) -> str | None:
        """The id of the key whose MAC matched (verified or expired)."""
    @property
    def reason(self) -> ErrorCode | None:
        """The error code saying why the token is malformed."""
    @property
    def verified(self) -> bool:
        """Whether the token verified."""
    @property
    def claims(self) -> dict[str, Any] | None:
        """The claims of an authentic token (verified or expired) as a new ``dict`` on each
        access, read by :mod:`json`; ``None`` otherwise."""
    def __bool__(self) -> bool: ...

@final
class Keyring:
    """Signs with the primary key; verifies with every key valid at the time."""

    def __new__(cls, primary_id: str, secret: _Secret, *, on_failure: _OnFailure = None) -> Keyring: ...
    @staticmethod
    def from_env(*, on_failure: _OnFailure = None) -> Keyring:
        """``USERHASH_SECRET`` as key ``"current"``, and ``USERHASH_PREVIOUS_SECRET`` as ``"previous"``
        until ``USERHASH_PREVIOUS_SECRET_NOT_AFTER`` when set."""
    def add(self, id: str, secret: _Secret, *, not_before: int | None = None, not_after: int | None = None) -> None:
        """Adds a key that verifies within ``[not_before, not_after)`` but never signs."""
    @property
    def primary_id(self) -> str: ...
    @property
    def key_ids(self) -> tuple[str, ...]: ...
    def sign(self, user_id: _UserId) -> str:
        """The widget hash of ``user_id`` under the primary key."""
    def verify(self, user_id: _UserId, hash: _Hash | None) -> bool:
        """Whether ``hash`` verifies now; failures are logged and reported."""
    def verify_detailed(self, user_id: _UserId, hash: _Hash | None, *, now: int | None = None) -> Verification:
        """The outcome of checking ``hash`` at Unix second ``now`` (default: now)."""
    def issue_token(self, user_id: _UserId, *, ttl: int | None = None, expires_at: int | None = None) -> str:
        """A ``v1`` token expiring ``ttl`` seconds from now or at ``expires_at`` (exactly one)."""
    def verify_token(
        self, user_id: _UserId, token: _Hash | None, *, leeway: int = 0, now: int | None = None
    ) -> Verification:
        """The outcome of checking a ``v1`` token, ``leeway`` seconds tolerated after expiry."""
    def explain(
        self,
        user_id: _UserId,
        hash: _Hash | None,
        *,
        email: _Hash | None = None,
        now: int | None = None,
        preset: PresetName | None = None,
    ) -> Finding:
        """Why ``hash`` does or does not verify for ``user_id`` under this keyring: a hash of
        ``preset``'s vendor (default: the generic preset; an email vendor's needs ``email``)."""
    def issue_jwt(
        self,
        preset: JwtPresetName,
        user: User,
        *,
        ttl: int | None = None,
        expires_at: int | None = None,
        now: int | None = None,
    ) -> str:
        """A JWT of ``preset``'s vendor for ``user``, signed by the primary key, issued at ``now``
        (default: now) and expiring ``ttl`` seconds later or at ``expires_at`` (at most one;
        with neither, the token has no ``exp``)."""
    def verify_jwt(
        self, preset: JwtPresetName, token: _Hash | None, *, leeway: int = 0, now: int | None = None
    ) -> JwtVerification:
        """The outcome of checking a JWT of ``preset``'s vendor at ``now``, with ``leeway``
        seconds for clock skew; failures are logged and reported."""
    def explain_jwt(
        self, preset: JwtPresetName, token: _Hash | None, *, leeway: int = 0, now: int | None = None
    ) -> Finding:
        """Why a JWT of ``preset``'s vendor does or does not verify under this keyring."""
