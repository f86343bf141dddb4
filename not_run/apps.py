from django.apps import AppConfig


class NotRunConfig(AppConfig):
    """Well-formed empty answers for Open Event features eventyay does not run (groups, video, chat)."""

    name = "not_run"
    verbose_name = "Features not run"
