from django.shortcuts import render
from django.urls import path

urlpatterns = [
    path("widget/", lambda request: render(request, "widget.html"), name="widget"),
]
