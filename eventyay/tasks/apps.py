from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "eventyay.tasks"
    label = "tasks"
    verbose_name = "Background tasks"
