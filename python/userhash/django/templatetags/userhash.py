"""``{% load userhash %}``: ``{% user_hash %}`` and ``{% userhash_app_id %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import ImproperlyConfigured

import userhash.django

register = template.Library()


@register.simple_tag(takes_context=True)
def user_hash(context: Any) -> str:
    """The hash of ``request.user``; nothing for anonymous users."""
    request = context.get("request")
    if request is None:
        raise ImproperlyConfigured(
            "{% user_hash %} needs the request in the template context: add "
            "'django.template.context_processors.request' to the template context processors."
        )
    return userhash.django.user_hash(getattr(request, "user", None)) or ""


@register.simple_tag
def userhash_app_id() -> str:
    """``settings.USERHASH_APP_ID``."""
    return userhash.django.app_id()
