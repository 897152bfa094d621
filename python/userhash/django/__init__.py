"""Django integration: add ``"userhash.django"`` to ``INSTALLED_APPS``, set ``USERHASH_SECRET``
(and ``USERHASH_APP_ID``), then ``{% load userhash %}`` in templates; the README lists every
setting. The hashed id is ``str(user.pk)``, the text ``{{ request.user.pk }}`` renders."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from userhash import Keyring, KeyringError, PresetName, SecretError, Signer, TimestampError, WidgetError, widget

__all__ = ["app_id", "get_keyring", "get_signer", "user_hash", "widget_script", "widget_user"]

_KEYRING_SETTINGS = ("USERHASH_SECRET", "USERHASH_PREVIOUS_SECRET", "USERHASH_PREVIOUS_SECRET_NOT_AFTER")


@lru_cache(maxsize=None)
def get_signer() -> Signer:
    """The ``Signer`` for ``settings.USERHASH_SECRET``, built once (again after the setting changes)."""
    secret = getattr(settings, "USERHASH_SECRET", None)
    if secret is None:
        raise ImproperlyConfigured("USERHASH_SECRET is not set: set it in your Django settings to the widget's "
                                   "secret key (str or bytes), for example read from an environment variable.")
    try:
        return Signer(secret)
    except (SecretError, TypeError) as err:
        # The message never contains the secret itself.
        raise ImproperlyConfigured(f"USERHASH_SECRET is invalid: {err}") from err


@lru_cache(maxsize=None)
def get_keyring() -> Keyring:
    """A ``Keyring`` of ``USERHASH_SECRET`` (key ``"current"``) and ``USERHASH_PREVIOUS_SECRET``
    (``"previous"``, until ``USERHASH_PREVIOUS_SECRET_NOT_AFTER``); failures go to the logger."""
    get_signer()  # the same checks and messages for USERHASH_SECRET
    keyring = Keyring("current", settings.USERHASH_SECRET)
    previous = getattr(settings, "USERHASH_PREVIOUS_SECRET", None)
    if previous is not None:
        not_after = getattr(settings, "USERHASH_PREVIOUS_SECRET_NOT_AFTER", None)
        if not_after is None:
            raise ImproperlyConfigured("USERHASH_PREVIOUS_SECRET_NOT_AFTER is not set: a previous secret needs "
                                       "the Unix second from which it no longer verifies.")
        try:
            keyring.add("previous", previous, not_after=not_after)
        except (SecretError, KeyringError, TimestampError, TypeError) as err:
            raise ImproperlyConfigured(f"USERHASH_PREVIOUS_SECRET is invalid: {err}") from err
    return keyring


def app_id() -> str:
    """``settings.USERHASH_APP_ID``, the widget's public application id."""
    value = getattr(settings, "USERHASH_APP_ID", None)
    if not value or not isinstance(value, str):
        message = "USERHASH_APP_ID is not set: set it in your Django settings to the widget's app id."
        raise ImproperlyConfigured(message)
    return value


def user_hash(user: Any) -> str | None:
    """The hash of ``user`` for the widget, or ``None`` for an anonymous (or missing) user."""
    signer = get_signer()
    if user is None or not user.is_authenticated:
        return None
    return signer.sign(str(user.pk))


def widget_user(user: Any) -> widget.User | None:
    """The widget's user dict for ``user`` (``None`` for an anonymous or missing user): id, name
    and email, or what ``settings.USERHASH_WIDGET_USER`` (a callable or its dotted path) returns."""
    if user is None or not user.is_authenticated:
        return None
    custom = getattr(settings, "USERHASH_WIDGET_USER", None)
    if custom is not None:
        return cast("widget.User", (import_string(custom) if isinstance(custom, str) else custom)(user))
    result: widget.User = {"id": str(user.pk)}
    get_full_name = getattr(user, "get_full_name", None)
    name = get_full_name() if callable(get_full_name) else None
    if name:
        result["name"] = name
    email = getattr(user, "email", None)
    if email:
        result["email"] = email
    return result


def widget_script(request: Any, *, preset: PresetName | None = None) -> str:
    """The ``<script>`` element for ``request.user``, with ``request.csp_nonce`` when set. The
    secret is read as the preset's vendor reads it (Pylon's hex decoded); the app id is
    required by the vendors whose widget takes one."""
    nonce = getattr(request, "csp_nonce", None)
    preset = preset or getattr(settings, "USERHASH_WIDGET_PRESET", None) or "tau"
    get_signer()  # the checks and messages for USERHASH_SECRET
    configured = getattr(settings, "USERHASH_APP_ID", None)
    try:
        return widget.script(
            settings.USERHASH_SECRET,
            preset,
            configured if isinstance(configured, str) else "",
            widget_user(getattr(request, "user", None)),
            nonce=str(nonce) if nonce is not None else None,
        )
    except WidgetError as err:
        if err.code == "empty_app_id":
            app_id()  # ImproperlyConfigured, naming the setting
        raise


@receiver(setting_changed)
def _forget_signer(*, setting: str, **kwargs: Any) -> None:
    if setting == "USERHASH_SECRET":
        get_signer.cache_clear()
    if setting in _KEYRING_SETTINGS:
        get_keyring.cache_clear()
