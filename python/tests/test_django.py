"""The Django app in a real project (django_project/), through Django's test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

import userhash.django
from conftest import oracle

pytestmark = pytest.mark.django_db

CONFIG = re.compile(r'appId: "([^"]*)", user: \{id: "([^"]*)", hash: "([0-9a-f]{64})"\}')


def test_authenticated_user_gets_the_stdlib_hash(client: Any, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(username="alice", password="pw")
    client.force_login(user)
    response = client.get("/widget/")
    assert response.status_code == 200
    match = CONFIG.search(response.content.decode())
    assert match is not None, response.content
    app_id, user_id, hash_ = match.groups()
    assert (app_id, user_id) == ("app-test-1", str(user.pk))
    assert hash_ == oracle(b"your_secret_key", str(user.pk).encode())


def test_anonymous_user_gets_nothing(client: Any) -> None:
    response = client.get("/widget/")
    assert response.status_code == 200
    assert response.content.decode() == "anonymous"


def test_the_signer_follows_the_setting(client: Any, django_user_model: Any, settings: Any) -> None:
    settings.USERHASH_SECRET = b"another key"
    user = django_user_model.objects.create_user(username="bob", password="pw")
    client.force_login(user)
    match = CONFIG.search(client.get("/widget/").content.decode())
    assert match is not None
    assert match.group(3) == oracle(b"another key", str(user.pk).encode())


def test_missing_secret_is_improperly_configured(client: Any, settings: Any) -> None:
    del settings.USERHASH_SECRET
    with pytest.raises(ImproperlyConfigured, match="USERHASH_SECRET is not set"):
        client.get("/widget/")


def test_invalid_secret_is_improperly_configured(settings: Any) -> None:
    settings.USERHASH_SECRET = "your_secret_key\n"
    with pytest.raises(ImproperlyConfigured, match="secret_whitespace|whitespace") as info:
        userhash.django.get_signer()
    assert "your_secret_key" not in str(info.value)
    assert isinstance(info.value.__cause__, userhash.SecretError)


def test_missing_app_id_is_improperly_configured(client: Any, django_user_model: Any, settings: Any) -> None:
    del settings.USERHASH_APP_ID
    client.force_login(django_user_model.objects.create_user(username="carol", password="pw"))
    with pytest.raises(ImproperlyConfigured, match="USERHASH_APP_ID is not set"):
        client.get("/widget/")


def test_user_hash_helper(django_user_model: Any) -> None:
    user = django_user_model(pk=42, username="dave")
    assert userhash.django.user_hash(user) == oracle(b"your_secret_key", b"42")
    assert userhash.django.user_hash(None) is None


def test_tag_without_the_request_says_what_to_enable() -> None:
    from django.template import Context, Template

    with pytest.raises(ImproperlyConfigured, match="context_processors.request"):
        Template("{% load userhash %}{% user_hash %}").render(Context({}))
