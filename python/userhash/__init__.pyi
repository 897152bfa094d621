from collections.abc import Iterable
from typing import final

__version__: str

_Secret = str | bytes
_UserId = str | bytes | int
_Hash = str | bytes

__all__ = [
    "SecretError",
    "Signer",
    "UserIdError",
    "UserIdTypeError",
    "UserhashError",
    "__version__",
    "generate_secret",
    "sign",
    "verify",
]

class UserhashError(Exception):
    """Base of every userhash error; ``code`` is the stable, language-independent code."""

    code: str
    def __init__(self, message: str, code: str) -> None: ...

class SecretError(UserhashError, ValueError):
    """The secret is empty, has surrounding whitespace, is not UTF-8 or is not set."""

class UserIdError(UserhashError, ValueError):
    """The user id is empty, not valid Unicode, or an integer out of the 128-bit range."""

class UserIdTypeError(UserhashError, TypeError):
    """The user id is not a ``str``, ``bytes`` or ``int``."""

@final
class Signer:
    """Signs and verifies user ids with one secret; build it once and share it."""

    def __new__(cls, secret: _Secret) -> Signer: ...
    @staticmethod
    def from_env(name: str) -> Signer:
        """Reads the secret, as text, from the environment variable ``name``."""
    def sign(self, user_id: _UserId) -> str:
        """The 64-character lowercase hex HMAC-SHA256 of ``user_id``."""
    def verify(self, user_id: _UserId, hash: _Hash) -> bool:
        """Whether ``hash`` (either hex case) is the hash of ``user_id``; wrong hashes are ``False``."""
    def sign_many(self, user_ids: Iterable[_UserId]) -> list[str]:
        """Hashes of every id, in order; large batches are signed with the GIL released."""

def sign(secret: _Secret, user_id: _UserId) -> str:
    """One-off ``Signer(secret).sign(user_id)``."""

def verify(secret: _Secret, user_id: _UserId, hash: _Hash) -> bool:
    """One-off ``Signer(secret).verify(user_id, hash)``."""

def generate_secret() -> str:
    """A new random secret: 64 hex characters from the operating system's CSPRNG."""
