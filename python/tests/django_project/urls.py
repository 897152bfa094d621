from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path


def widget_tag(request: Any, template: str = "widget_tag.html") -> HttpResponse:
    # What django-csp does: a per-request nonce on the request.
    if "nonce" in request.GET:
        request.csp_nonce = request.GET["nonce"]
    return render(request, template)


urlpatterns = [
    path("widget/", lambda request: render(request, "widget.html"), name="widget"),
    path("widget-tag/", widget_tag),
    path("widget-tag-hal/", lambda request: widget_tag(request, "widget_tag_hal.html")),
]
