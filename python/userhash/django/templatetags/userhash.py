"""``{% load userhash %}``: ``{% userhash_widget %}``, ``{% user_hash %}`` and ``{% userhash_app_id %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import SafeString, mark_safe

import userhash.django
from userhash import PresetName

register = template.Library()


def _request(context: Any, tag: str) -> Any:
    request = context.get("request")
    if request is None:
        raise ImproperlyConfigured(
            f"{{% {tag} %}} needs the request in the template context: add "
            "'django.template.context_processors.request' to the template context processors."
        )
    return request


@register.simple_tag(takes_context=True)
def userhash_widget(context: Any, preset: PresetName | None = None) -> SafeString:
    """The whole widget configuration for ``request.user`` as a ``<script>`` element (with
    ``request.csp_nonce`` when set); the anonymous configuration for anonymous visitors.
    The core escapes the JSON for HTML, so the element is marked safe."""
    script = userhash.django.widget_script(_request(context, "userhash_widget"), preset=preset)
    return mark_safe(script)  # noqa: S308 - built and escaped by userhash's core


@register.simple_tag(takes_context=True)
def user_hash(context: Any) -> str:
    """The hash of ``request.user``; nothing for anonymous users."""
    request = _request(context, "user_hash")
    return userhash.django.user_hash(getattr(request, "user", None)) or ""


@register.simple_tag
def userhash_app_id() -> str:
    """``settings.USERHASH_APP_ID``."""
    return userhash.django.app_id()
