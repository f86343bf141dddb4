import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone as dj_timezone

from eventyay.api import permissions as perms
from eventyay.db import HTMLField, LiveManager, SoftDeleteModel, finite_checks
from eventyay.errors import NotFound
from eventyay.ids import as_id


def generate_identifier():
    """8 lowercase hex characters, unique among events (retries instead of Open Event's uuid fallback).

    Never all digits: `/v1/events/<ref>` reads a numeric ref as the id, so such an identifier could not be found.
    """
    for _ in range(20):
        candidate = secrets.token_hex(4)
        if candidate.isdigit():
            continue
        if not Event.all_objects.filter(identifier=candidate).exists():
            return candidate
    raise RuntimeError("Could not find a free event identifier.")


class EventQuerySet(models.QuerySet):
    def by_ref(self, ref):
        """An event by integer id or 8-hex identifier (reference §1: event lookups); `NotFound` if none."""
        ref = str(ref)
        if "\x00" in ref or len(ref) > 64:
            raise NotFound("Event not found.")
        pk = as_id(ref)
        try:
            return self.get(pk=pk) if pk is not None else self.get(identifier=ref)
        except self.model.DoesNotExist:
            raise NotFound(f"Event '{ref}' not found.") from None

    def visible_to(self, user):
        """Published events, plus the caller's own (any organizing role); admins see all."""
        if perms.is_staff(user):
            return self
        published = Q(state=Event.State.PUBLISHED)
        if not (user and user.is_authenticated):
            return self.filter(published)
        from events.models.roles import UsersEventsRoles

        own = UsersEventsRoles.objects.filter(user=user, role__name__in=perms.CO_ORGANIZER).values("event_id")
        return self.filter(published | Q(pk__in=own))


class LiveEventManager(LiveManager.from_queryset(EventQuerySet)):
    pass


class Event(SoftDeleteModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    class Privacy(models.TextChoices):
        PUBLIC = "public", "Public"
        PRIVATE = "private", "Private"

    identifier = models.CharField(max_length=8, unique=True, editable=False)
    name = models.CharField(max_length=255)
    external_event_url = models.URLField(max_length=2000, blank=True, null=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")
    online = models.BooleanField(default=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    logo_url = models.URLField(max_length=2000, blank=True, null=True)
    original_image_url = models.URLField(max_length=2000, blank=True, null=True)
    thumbnail_image_url = models.URLField(max_length=2000, blank=True, null=True)
    large_image_url = models.URLField(max_length=2000, blank=True, null=True)
    icon_image_url = models.URLField(max_length=2000, blank=True, null=True)
    ticket_url = models.URLField(max_length=2000, blank=True, null=True)
    location_name = models.CharField(max_length=500, blank=True, null=True)
    searchable_location_name = models.CharField(max_length=500, blank=True, null=True)
    public_stream_link = models.CharField(max_length=2000, blank=True, null=True)
    description = HTMLField(blank=True, null=True)
    after_order_message = HTMLField(blank=True, null=True)
    owner_name = models.CharField(max_length=255, blank=True, null=True)
    owner_description = HTMLField(blank=True, null=True)
    code_of_conduct = HTMLField(blank=True, null=True)
    payment_country = models.CharField(max_length=64, blank=True, null=True)
    payment_currency = models.CharField(max_length=8, blank=True, null=True)
    cheque_details = models.TextField(blank=True, null=True)
    invoice_details = models.TextField(blank=True, null=True)
    bank_details = models.TextField(blank=True, null=True)
    onsite_details = models.TextField(blank=True, null=True)
    refund_policy = models.TextField(blank=True, null=True)
    paypal_email = models.EmailField(blank=True, null=True)
    stream_loop = models.BooleanField(default=False)
    stream_autoplay = models.BooleanField(default=False)
    show_remaining_tickets = models.BooleanField(default=False)
    is_map_shown = models.BooleanField(default=False)
    is_oneclick_signup_enabled = models.BooleanField(default=False)
    has_owner_info = models.BooleanField(default=False)
    is_sessions_speakers_enabled = models.BooleanField(default=False)
    is_featured = models.BooleanField(default=False)
    is_promoted = models.BooleanField(default=False)
    is_demoted = models.BooleanField(default=False)
    is_announced = models.BooleanField(default=False)
    is_cfs_enabled = models.BooleanField(default=False)
    is_tax_enabled = models.BooleanField(default=False)
    is_billing_info_mandatory = models.BooleanField(default=False)
    is_donation_enabled = models.BooleanField(default=False)
    is_chat_enabled = models.BooleanField(default=False)
    is_videoroom_enabled = models.BooleanField(default=False)
    is_document_enabled = models.BooleanField(default=False)
    is_sponsors_enabled = models.BooleanField(default=False)
    can_pay_by_paypal = models.BooleanField(default=False)
    can_pay_by_stripe = models.BooleanField(default=False)
    can_pay_by_cheque = models.BooleanField(default=False)
    can_pay_by_bank = models.BooleanField(default=False)
    can_pay_by_invoice = models.BooleanField(default=False)
    can_pay_by_omise = models.BooleanField(default=False)
    can_pay_by_alipay = models.BooleanField(default=False)
    can_pay_by_paytm = models.BooleanField(default=False)
    can_pay_onsite = models.BooleanField(default=False)
    is_ticket_form_enabled = models.BooleanField(default=True)
    is_badges_enabled = models.BooleanField(default=True)
    privacy = models.CharField(max_length=16, choices=Privacy.choices, default=Privacy.PUBLIC)
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT, db_index=True)
    schedule_published_on = models.DateTimeField(null=True, blank=True)
    document_links = models.JSONField(null=True, blank=True)
    chat_room_name = models.CharField(max_length=255, blank=True, null=True)
    pentabarf_url = models.CharField(max_length=2000, blank=True, null=True)
    ical_url = models.CharField(max_length=2000, blank=True, null=True)
    xcal_url = models.CharField(max_length=2000, blank=True, null=True)
    is_stripe_linked = models.BooleanField(default=False, help_text="Set by the payments app when Stripe is linked.")
    created_at = models.DateTimeField(default=dj_timezone.now)
    event_type = models.ForeignKey(
        "events.EventType", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    event_topic = models.ForeignKey(
        "events.EventTopic", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    event_sub_topic = models.ForeignKey(
        "events.EventSubTopic", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    objects = LiveEventManager()
    all_objects = models.Manager.from_queryset(EventQuerySet)()

    class Meta:
        ordering = ["id"]
        base_manager_name = "all_objects"
        constraints = finite_checks("latitude", "longitude")

    def __str__(self):
        return f"{self.name} ({self.identifier})"

    def save(self, *args, **kwargs):
        if not self.identifier:
            self.identifier = generate_identifier()
        super().save(*args, **kwargs)

    def role_names_for(self, user):
        """Role names the user holds on this event (used by eventyay.api.permissions)."""
        return self.user_roles.filter(user=user).values_list("role__name", flat=True)

    @property
    def owner(self):
        """The owner's user; reads `owner_rows` when a list prefetched it (no query per event)."""
        rows = getattr(self, "owner_rows", None)
        if rows is None:
            rows = list(self.user_roles.filter(role__name="owner").select_related("user")[:1])
        return rows[0].user if rows else None

    @property
    def speakers_call(self):
        """The event's one live call for speakers (the to-one `speakers-call` of the API)."""
        calls = list(self.speakers_calls.all())
        return calls[0] if calls else None
