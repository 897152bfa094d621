"""The Django app in a real project (django_project/), through Django's test client."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

import userhash
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


# {% userhash_widget %}: the whole widget configuration for request.user. Expected output is
# built with Python's json module and hmac, by the rules of docs/spec.md section 5.2.
def html_safe_json(obj: Any) -> str:
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def test_widget_tag_for_a_logged_in_user(client: Any, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(
        username="erin", password="pw", first_name="Erin", last_name="</script><b>", email="erin@example.com")
    client.force_login(user)
    html = client.get("/widget-tag/").content.decode()
    config = {"appId": "app-test-1", "user": {
        "id": str(user.pk), "hash": oracle(b"your_secret_key", str(user.pk).encode()),
        "name": "Erin </script><b>", "email": "erin@example.com"}}
    assert html == f"<body><script>window.taubotConfig = {html_safe_json(config)};</script></body>"


def test_widget_tag_for_an_anonymous_visitor(client: Any) -> None:
    html = client.get("/widget-tag/").content.decode()
    assert html == '<body><script>window.taubotConfig = {"appId":"app-test-1"};</script></body>'


def test_widget_tag_carries_the_csp_nonce(client: Any, django_user_model: Any) -> None:
    user = django_user_model.objects.create_user(username="frank", password="pw")
    client.force_login(user)
    html = client.get("/widget-tag/", {"nonce": "bm9uY2U="}).content.decode()
    assert html.startswith('<body><script nonce="bm9uY2U=">window.taubotConfig = {"appId":"app-test-1","user":')
    assert html_safe_json({"id": str(user.pk), "hash": oracle(b"your_secret_key", str(user.pk).encode())}) in html
    with pytest.raises(userhash.WidgetError) as info:
        client.get("/widget-tag/", {"nonce": 'x" onload="alert(1)'})
    assert info.value.code == "invalid_nonce"


def test_widget_tag_preset_setting_and_argument(client: Any, django_user_model: Any, settings: Any) -> None:
    user = django_user_model.objects.create_user(username="gina", password="pw")
    client.force_login(user)
    hash_ = oracle(b"your_secret_key", str(user.pk).encode())
    hal = html_safe_json({"appId": "app-test-1", "visitorId": str(user.pk), "userHash": hash_})
    assert client.get("/widget-tag-hal/").content.decode() == f"<script>window.HalSettings = {hal};</script>"
    settings.USERHASH_WIDGET_PRESET = "hal"
    assert client.get("/widget-tag/").content.decode() == f"<body><script>window.HalSettings = {hal};</script></body>"
    settings.USERHASH_WIDGET_PRESET = "drift"
    with pytest.raises(userhash.WidgetError, match="drift"):
        client.get("/widget-tag/")


def test_widget_tag_for_the_vendors(client: Any, django_user_model: Any, settings: Any) -> None:
    # Django lowercases the domain of the email it stores; the rest is kept, and signed, as given.
    user = django_user_model.objects.create_user(username="ida", password="pw", email="Ida.Smith@example.com")
    client.force_login(user)
    settings.USERHASH_WIDGET_PRESET = "crisp"  # takes no app id, and signs the email as given
    with pytest.raises(userhash.WidgetError, match="app_id"):
        client.get("/widget-tag/")
    del settings.USERHASH_APP_ID
    signature = oracle(b"your_secret_key", b"Ida.Smith@example.com")
    push = html_safe_json(["set", "user:email", ["Ida.Smith@example.com", signature]])
    expected = f"<body><script>window.$crisp = window.$crisp || []; window.$crisp.push({push});</script></body>"
    assert client.get("/widget-tag/").content.decode() == expected
    settings.USERHASH_WIDGET_PRESET = "pylon"  # reads its secret as hex, and needs the app id again
    with pytest.raises(userhash.SecretError, match="not valid hex"):
        client.get("/widget-tag/")
    settings.USERHASH_SECRET = "00ff"
    with pytest.raises(ImproperlyConfigured, match="USERHASH_APP_ID is not set"):
        client.get("/widget-tag/")
    settings.USERHASH_APP_ID = "pylon-app"
    email_hash = oracle(b"\x00\xff", b"Ida.Smith@example.com")
    pylon = html_safe_json({"chat_settings": {"app_id": "pylon-app", "email": "Ida.Smith@example.com",
                                              "email_hash": email_hash}})
    assert client.get("/widget-tag/").content.decode() == f"<body><script>window.pylon = {pylon};</script></body>"


def test_widget_user_setting(client: Any, django_user_model: Any, settings: Any) -> None:
    user = django_user_model.objects.create_user(username="hank", password="pw")
    client.force_login(user)
    settings.USERHASH_WIDGET_USER = lambda u: {"id": u.username, "phone": "+15551234567", "created_at": 1701967378}
    html = client.get("/widget-tag/").content.decode()
    config = {"appId": "app-test-1", "user": {"id": "hank", "hash": oracle(b"your_secret_key", b"hank"),
                                              "phone": "+15551234567", "created_at": 1701967378}}
    assert html == f"<body><script>window.taubotConfig = {html_safe_json(config)};</script></body>"
    settings.USERHASH_WIDGET_USER = "django_project.urls.no_such_function"
    with pytest.raises(ImportError):
        client.get("/widget-tag/")


def test_widget_tag_without_the_request_says_what_to_enable() -> None:
    from django.template import Context, Template

    with pytest.raises(ImproperlyConfigured, match="userhash_widget.*context_processors.request"):
        Template("{% load userhash %}{% userhash_widget %}").render(Context({}))


def test_keyring_from_settings(settings: Any) -> None:
    keyring = userhash.django.get_keyring()
    assert keyring.key_ids == ("current",)
    settings.USERHASH_PREVIOUS_SECRET = "old-secret"
    with pytest.raises(ImproperlyConfigured, match="USERHASH_PREVIOUS_SECRET_NOT_AFTER is not set"):
        userhash.django.get_keyring()
    settings.USERHASH_PREVIOUS_SECRET_NOT_AFTER = 1_767_225_600
    keyring = userhash.django.get_keyring()
    assert keyring.key_ids == ("current", "previous")
    old = oracle(b"old-secret", b"42")
    assert keyring.verify_detailed(42, old, now=1_767_225_599).key_id == "previous"
    assert keyring.verify_detailed(42, old, now=1_767_225_600).outcome == "expired"
    assert keyring.sign(42) == oracle(b"your_secret_key", b"42")
    settings.USERHASH_PREVIOUS_SECRET = "old-secret\n"
    with pytest.raises(ImproperlyConfigured, match="USERHASH_PREVIOUS_SECRET is invalid") as info:
        userhash.django.get_keyring()
    assert "old-secret" not in str(info.value)
