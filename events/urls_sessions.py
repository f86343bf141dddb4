"""Routes for sessions and speakers (kept apart so they can grow on their own)."""

urlpatterns = []
