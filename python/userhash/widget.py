"""Widget configuration snippets (docs/spec.md, section 5), built by the Rust core.

``script(...)`` is the complete ``<script>`` element, ``json(...)`` the configuration object
alone. The hash is always computed from ``user["id"]``; the JSON escapes ``<``, ``>``, ``&``,
U+2028 and U+2029 so that no field can close the script element.
"""

from typing import Mapping, TypedDict, Union

from userhash._native import widget_json as json
from userhash._native import widget_script as script

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
