"""GET /login?id=ID&name=NAME (the login stand-in), GET /logout, GET / (the page)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path


def login(request: Any) -> HttpResponse:
    user_id = request.GET.get("id", "")
    if not user_id:
        return HttpResponseBadRequest("usage: /login?id=ID&name=NAME", content_type="text/plain")
    request.session.flush()
    request.session["user"] = {"id": user_id, "name": request.GET.get("name", "")}
    return HttpResponseRedirect("/")


def logout(request: Any) -> HttpResponse:
    request.session.flush()
    return HttpResponseRedirect("/")


def index(request: Any) -> HttpResponse:
    return render(request, "index.html", {"widget_origin": settings.WIDGET_ORIGIN})


urlpatterns = [
    path("login", login),
    path("logout", logout),
    path("", index),
]
