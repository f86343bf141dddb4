from django.contrib import admin

from engagement.models import EmailNotification, Feedback, Notification, UserFavouriteSession


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ("rating", "user", "event", "session")
    raw_id_fields = ("user", "event", "session")


@admin.register(UserFavouriteSession)
class UserFavouriteSessionAdmin(admin.ModelAdmin):
    list_display = ("user", "session")
    raw_id_fields = ("user", "session")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "is_read", "received_at")
    list_filter = ("is_read",)
    raw_id_fields = ("user",)


@admin.register(EmailNotification)
class EmailNotificationAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "new_paper", "session_accept_reject", "session_schedule")
    raw_id_fields = ("user", "event")
