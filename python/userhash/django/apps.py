from django.apps import AppConfig


class UserhashConfig(AppConfig):
    name = "userhash.django"
    label = "userhash"
    verbose_name = "userhash"
