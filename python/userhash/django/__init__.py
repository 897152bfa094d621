"""Django integration: add ``"userhash.django"`` to ``INSTALLED_APPS``, set ``USERHASH_SECRET``
(and ``USERHASH_APP_ID``), then ``{% load userhash %}`` in templates.

The hashed id is ``str(user.pk)``, the text a template renders for ``{{ request.user.pk }}``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from userhash import SecretError, Signer

__all__ = ["app_id", "get_signer", "user_hash"]


@lru_cache(maxsize=None)
def get_signer() -> Signer:
    """The ``Signer`` for ``settings.USERHASH_SECRET``, built once (again after the setting changes)."""
    secret = getattr(settings, "USERHASH_SECRET", None)
    if secret is None:
        raise ImproperlyConfigured(
            "USERHASH_SECRET is not set: set it in your Django settings to the widget's "
            "secret key (str or bytes), for example read from an environment variable."
        )
    try:
        return Signer(secret)
    except (SecretError, TypeError) as err:
        # The message never contains the secret itself.
        raise ImproperlyConfigured(f"USERHASH_SECRET is invalid: {err}") from err


def app_id() -> str:
    """``settings.USERHASH_APP_ID``, the widget's public application id."""
    value = getattr(settings, "USERHASH_APP_ID", None)
    if not value or not isinstance(value, str):
        raise ImproperlyConfigured(
            "USERHASH_APP_ID is not set: set it in your Django settings to the widget's app id."
        )
    return value


def user_hash(user: Any) -> str | None:
    """The hash of ``user`` for the widget, or ``None`` for an anonymous (or missing) user."""
    signer = get_signer()
    if user is None or not user.is_authenticated:
        return None
    return signer.sign(str(user.pk))


@receiver(setting_changed)
def _forget_signer(*, setting: str, **kwargs: Any) -> None:
    if setting == "USERHASH_SECRET":
        get_signer.cache_clear()
