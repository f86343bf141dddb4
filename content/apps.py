from django.apps import AppConfig


class ContentConfig(AppConfig):
    """What an event tells its visitors besides the programme: copyright, FAQs, exhibitors; and attendee tags."""

    name = "content"
    verbose_name = "Event content"

    def ready(self):
        from content import relationships

        relationships.register()
