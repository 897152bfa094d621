"""The login stand-in's user, and a Content-Security-Policy nonce per response.

A real site uses django.contrib.auth (``request.user``) and django-csp (``request.csp_nonce``);
``{% userhash_widget %}`` reads exactly those two attributes.
"""

from __future__ import annotations

import secrets
from typing import Any, Callable

from django.http import HttpRequest, HttpResponse


class SessionUser:
    """The logged-in user, as much of Django's user interface as the template tag uses."""

    is_authenticated = True

    def __init__(self, user_id: str, name: str) -> None:
        self.pk = user_id
        self.name = name
        self.email = ""

    def get_full_name(self) -> str:
        return self.name


class AnonymousVisitor:
    is_authenticated = False
    pk = None


def session_user(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: Any) -> HttpResponse:
        stored = request.session.get("user")
        request.user = SessionUser(stored["id"], stored.get("name", "")) if stored else AnonymousVisitor()
        return get_response(request)

    return middleware


def csp_nonce(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: Any) -> HttpResponse:
        request.csp_nonce = secrets.token_urlsafe(16)
        response = get_response(request)
        response["Content-Security-Policy"] = (
            f"script-src 'nonce-{request.csp_nonce}'; object-src 'none'; base-uri 'none'"
        )
        return response

    return middleware
