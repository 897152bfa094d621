from collections.abc import Mapping
from typing import TypedDict, Union

from userhash import Keyring, Signer
from userhash._contract import PresetName

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
    preset: PresetName,
    app_id: str = "",
    user: User | None = None,
    *,
    nonce: str | None = None,
    global_name: str | None = None,
    ttl: int | None = None,
    now: int | None = None,
) -> str:
    """The complete ``<script>`` element (with ``nonce`` when given) that hands the widget the user.

    A ``str`` secret is read as the preset's vendor reads it (Pylon's hex is decoded); a
    ``Keyring`` signs with its primary key and names its id (Zendesk's JWT header needs it).
    A JWT profile's token is issued at ``now`` (default: now) and expires ``ttl`` seconds later
    (default 3600)."""

def json(
    signer_or_secret: Signer | Keyring | str | bytes,
    preset: PresetName,
    app_id: str = "",
    user: User | None = None,
    *,
    global_name: str | None = None,
    ttl: int | None = None,
    now: int | None = None,
) -> str:
    """The data the snippet hands the widget alone, as HTML-safe JSON text (``"null"`` for an
    anonymous visitor to a widget whose call only identifies)."""
