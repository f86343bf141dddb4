"""Signals other apps listen to, so `events` never imports the apps above it."""

from django.dispatch import Signal

#: Sent inside the creating transaction after an event and its owner role exist (kwargs: event, user).
event_created = Signal()
