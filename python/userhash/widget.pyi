from collections.abc import Mapping
from typing import TypedDict, Union

from userhash import Keyring, Signer

MetadataValue = Union[str, int, bool, None]

__all__ = ["MetadataValue", "User", "json", "script"]

class _UserId(TypedDict):
    id: str | int

class User(_UserId, total=False):
    """The logged-in user: ``id`` is required, every other field optional (``None`` = absent)."""

    name: str | None
    email: str | None
    phone: str | None
    profile_picture_url: str | None
    created_at: int | None
    metadata: Mapping[str, MetadataValue] | None

def script(
    signer_or_secret: Signer | Keyring | str | bytes,
    preset: str,
    app_id: str,
    user: User | None = None,
    *,
    nonce: str | None = None,
    global_name: str | None = None,
) -> str:
    """The complete ``<script>`` element (with ``nonce`` when given) that sets the widget's global."""

def json(
    signer_or_secret: Signer | Keyring | str | bytes,
    preset: str,
    app_id: str,
    user: User | None = None,
    *,
    global_name: str | None = None,
) -> str:
    """The configuration object alone, as HTML-safe JSON text."""
