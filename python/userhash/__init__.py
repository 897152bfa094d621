"""Identity-verification hashes for chat widgets: ``hex(HMAC-SHA256(secret, user_id))``.

A Rust core behind a thin binding; see the README for the full API.
"""

from userhash import widget
from userhash._contract import JwtPresetName, PresetName
from userhash._errors import KeyringError, SecretError, TimestampError, UserhashError
from userhash._errors import UserIdError, UserIdTypeError, WidgetError
from userhash._native import JwtVerification, Keyring, Signer, Verification, __version__
from userhash._native import explain, generate_secret, sign, verify
from userhash._values import FailureEvent, Finding

__all__ = [
    "FailureEvent", "Finding", "JwtPresetName", "JwtVerification", "Keyring", "KeyringError", "PresetName",
    "SecretError", "Signer", "TimestampError", "UserIdError", "UserIdTypeError", "UserhashError",
    "Verification", "WidgetError", "__version__", "explain", "generate_secret", "sign", "verify", "widget",
]
