"""Declared extension points: the places where an app above fills in what a lower one must not import.

A lower app declares the point next to the code that reads it, naming the app that must fill it:

    sold_ticket_counters = []
    declare("events.services.sold_ticket_counters", sold_ticket_counters, filled_by="payments", purpose="...")

The filling app adds to the container from its `AppConfig.ready()`. If the filling app is installed and the
container is still empty when Django starts, the system check `eventyay.E001` fails start-up (`manage.py
check`, `runserver`, `migrate`), instead of the point being silently ignored.
"""

from dataclasses import dataclass

from django.apps import apps
from django.core import checks


@dataclass(eq=False)
class ExtensionPoint:
    name: str
    entries: object  # the list or dict the reading code iterates
    filled_by: str | None  # app label that must fill it; None: some installed app must
    purpose: str

    def is_filled(self):
        return bool(self.entries)


#: Every declared point, by name.
points = {}


def declare(name, entries, filled_by, purpose):
    points[name] = ExtensionPoint(name, entries, filled_by, purpose)
    return entries


@checks.register()
def check_extension_points(app_configs=None, **kwargs):
    errors = []
    for point in points.values():
        if _installed(point) and not point.is_filled():
            errors.append(
                checks.Error(
                    f"The extension point {point.name} is empty: {_filler(point)} must fill it in its "
                    f"AppConfig.ready() ({point.purpose}).",
                    id="eventyay.E001",
                    obj=point.name,
                )
            )
    return errors


def _installed(point):
    if point.filled_by is None:
        return True
    return any(config.label == point.filled_by for config in apps.get_app_configs())


def _filler(point):
    return f"the '{point.filled_by}' app" if point.filled_by else "an installed app"
