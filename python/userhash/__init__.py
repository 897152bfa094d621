"""Identity-verification hashes for chat widgets: ``hex(HMAC-SHA256(secret, user_id))``.

A Rust core behind a thin binding; see the README for the full API.
"""

from userhash._errors import SecretError, UserhashError, UserIdError, UserIdTypeError
from userhash._native import Signer, __version__, generate_secret, sign, verify

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
