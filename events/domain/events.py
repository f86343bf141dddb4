"""Event rules: creating an event, its dates and topics, who may create one, the front page's list."""

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone as dj_timezone

from events.domain.programme import give_default_speakers_call
from events.domain.roles import grant_role
from events.models import Event, SocialLink, Ticket, UsersEventsRoles
from events.signals import event_created
from eventyay.api import permissions as perms
from eventyay.errors import DomainError, Forbidden
from eventyay.writes import is_restore, merged

MAX_EVENT_DAYS = 20


def known_timezones():
    return zoneinfo.available_timezones()


def date_errors(starts_at, ends_at, require_both=True):
    """Open Event's date rules for published events; returns {field: [message]}."""
    errors = {}
    if require_both and (starts_at is None or ends_at is None):
        for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
            if value is None:
                errors[name] = ["This field is required for a published event."]
        return errors
    if starts_at and ends_at:
        if ends_at <= starts_at:
            errors["ends_at"] = ["ends-at must be after starts-at."]
        elif ends_at - starts_at > timedelta(days=MAX_EVENT_DAYS):
            errors["ends_at"] = [f"An event cannot last longer than {MAX_EVENT_DAYS} days."]
    return errors


@transaction.atomic
def create_event(user, **fields):
    """Create an event owned by `user`; other apps add their defaults through `event_created`."""
    return save_new_event(user, Event(**fields))


@transaction.atomic
def save_new_event(user, event):
    """Store a new event built by the API or the admin's form: the topic's image as default, `user` as owner,
    then `event_created` for the other apps' defaults (custom forms)."""
    topic = event.event_topic
    if not event.original_image_url and topic is not None and topic.system_image_url:
        event.original_image_url = topic.system_image_url
    event.save(force_insert=True)
    grant_role(user, event, "owner")
    give_default_speakers_call(event)
    event_created.send(sender=Event, event=event, user=user)
    return event


def check_may_create_event(user):
    """Reference §3.2: unverified users create events only where `UNVERIFIED_USERS_MAY_CREATE_EVENTS` allows."""
    if user.is_verified or perms.is_staff(user) or settings.UNVERIFIED_USERS_MAY_CREATE_EVENTS:
        return
    raise Forbidden("Please verify your Email")


def check_event_write(instance, attrs):
    """The rules of an event write (`instance` None on create): dates on create, when they change, on publishing
    and on a restore; a sub-topic of the chosen topic. Several fields at once: Django's `ValidationError`."""
    values = merged(
        instance,
        attrs,
        ("state", "starts_at", "ends_at", "event_sub_topic", "event_topic"),
        {"state": Event.State.DRAFT},
    )
    state = values["state"]
    dates_changed = instance is None or "starts_at" in attrs or "ends_at" in attrs
    publishing = instance is not None and instance.state != state == Event.State.PUBLISHED
    if dates_changed or publishing or is_restore(instance, attrs):
        errors = date_errors(values["starts_at"], values["ends_at"], require_both=state == Event.State.PUBLISHED)
        if errors:
            raise ValidationError(errors)
    sub_topic, topic = values["event_sub_topic"], values["event_topic"]
    if sub_topic is not None and topic is not None and sub_topic.event_topic_id != topic.pk:
        raise DomainError("This sub-topic belongs to another topic.", field="event_sub_topic")
    if merged(instance, attrs, ("is_document_enabled",), {"is_document_enabled": False})["is_document_enabled"]:
        for link in attrs.get("document_links") or []:
            if not link.get("name") or not link.get("link"):
                raise DomainError("Each link needs a name and a link.", field="document_links")


def upcoming_events():
    """Published public events still to come, promoted or complete enough to show on a front page."""
    now = dj_timezone.now()
    on_sale = Ticket.objects.filter(
        event=OuterRef("pk"), is_hidden=False, sales_starts_at__lte=now, sales_ends_at__gte=now
    ).filter(Q(quantity__isnull=True) | Q(quantity__gt=0))
    twitter = SocialLink.objects.filter(event=OuterRef("pk"), name__iexact="twitter")
    complete = (
        Q(is_demoted=False)
        & Q(original_image_url__gt="")
        & Q(logo_url__gt="")
        & Q(event_type__isnull=False)
        & Q(event_topic__isnull=False)
        & Q(event_sub_topic__isnull=False)
        & Exists(on_sale)
        & Exists(twitter)
    )
    return (
        Event.objects.filter(state=Event.State.PUBLISHED, privacy=Event.Privacy.PUBLIC)
        .filter(starts_at__gt=now, ends_at__gt=now)
        .filter(Q(is_promoted=True) | complete)
        .order_by("starts_at", "pk")
    )


def events_with_role(user, role_names=None):
    """Events on which `user` holds one of `role_names` (any role but attendee when None)."""
    rows = UsersEventsRoles.objects.filter(user=user)
    rows = rows.filter(role__name__in=role_names) if role_names else rows.exclude(role__name="attendee")
    return Event.objects.filter(pk__in=rows.values("event_id"))
