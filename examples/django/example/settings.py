"""Settings of the example site, from the environment (see ../README.md).

No database: the login stand-in keeps the user in Django's signed-cookie session.
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"set the environment variable {name} (see examples/django/README.md)")
    return value


# userhash: the widget's secret and app id (USERHASH_SECRET is checked when the first page
# renders, and its value never appears in an error), and during a key rotation the previous
# secret with the Unix second from which it no longer verifies.
USERHASH_SECRET = env("USERHASH_SECRET")
USERHASH_APP_ID = env("USERHASH_APP_ID")
USERHASH_WIDGET_PRESET = "tau"
if os.environ.get("USERHASH_PREVIOUS_SECRET"):
    USERHASH_PREVIOUS_SECRET = os.environ["USERHASH_PREVIOUS_SECRET"]
    USERHASH_PREVIOUS_SECRET_NOT_AFTER = int(env("USERHASH_PREVIOUS_SECRET_NOT_AFTER"))

# Where the (stand-in) widget script is served from.
WIDGET_ORIGIN = os.environ.get("WIDGET_ORIGIN", "http://127.0.0.1:8300").rstrip("/")

# Django's own key signs the session cookie. A random one per process logs everyone out at
# each restart, which is fine for an example; set DJANGO_SECRET_KEY to keep sessions.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "example.urls"
USE_TZ = True

INSTALLED_APPS = ["userhash.django"]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "example.middleware.session_user",
    "example.middleware.csp_nonce",
]
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
DATABASES: dict[str, dict[str, str]] = {}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
