"""A minimal Django project using the userhash app, for the tests."""

SECRET_KEY = "django-insecure-test-only"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
ROOT_URLCONF = "django_project.urls"
USE_TZ = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "userhash.django",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": False,
        "OPTIONS": {
            "loaders": [("django.template.loaders.locmem.Loader", {
                "widget.html": (
                    "{% load userhash %}{% user_hash as hash %}"
                    "{% if hash %}<script>window.widgetConfig = {"
                    'appId: "{% userhash_app_id %}", '
                    'user: {id: "{{ request.user.pk|escapejs }}", hash: "{{ hash }}"}'
                    "};</script>{% else %}anonymous{% endif %}"
                ),
                "widget_tag.html": "{% load userhash %}<body>{% userhash_widget %}</body>",
                "widget_tag_hal.html": '{% load userhash %}{% userhash_widget preset="hal" %}',
            })],
            "context_processors": ["django.template.context_processors.request"],
        },
    }
]

USERHASH_SECRET = "your_secret_key"
USERHASH_APP_ID = "app-test-1"
