from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "eventyay.users"
    label = "users"
    verbose_name = "Users"
