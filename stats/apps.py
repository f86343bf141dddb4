from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Counts for the organizer's dashboard and the admin's overview, and empty answers for features not run."""

    name = "stats"
    verbose_name = "Statistics"
