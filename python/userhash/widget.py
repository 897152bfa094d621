"""Widget configuration snippets for every vendor profile (docs/spec.md, section 5), built by the
Rust core: the hash (or a JWT profile's token) is always computed from the user, and the JSON
escapes ``<``, ``>``, ``&``, U+2028 and U+2029 so that no field can close the script element.
Typed in ``widget.pyi``."""

from typing import Mapping, TypedDict, Union

from userhash._native import widget as _widget

MetadataValue = Union[str, int, bool, None]

__all__ = ["MetadataValue", "User", "json", "script"]


class _UserId(TypedDict):
    id: Union[str, int]


class User(_UserId, total=False):
    """The logged-in user: ``id`` is required, every other field optional (``None`` = absent)."""

    name: Union[str, None]
    email: Union[str, None]
    phone: Union[str, None]
    profile_picture_url: Union[str, None]
    created_at: Union[int, None]
    metadata: Union[Mapping[str, MetadataValue], None]


def script(signer_or_secret, preset, app_id="", user=None, *, nonce=None, global_name=None, ttl=None, now=None):
    """The complete ``<script>`` element (with ``nonce`` when given) that hands the widget the user."""
    return _widget(signer_or_secret, preset, app_id, user, nonce, global_name, ttl, now, True)


def json(signer_or_secret, preset, app_id="", user=None, *, global_name=None, ttl=None, now=None):
    """The data the snippet hands the widget alone, as HTML-safe JSON text."""
    return _widget(signer_or_secret, preset, app_id, user, None, global_name, ttl, now, False)
