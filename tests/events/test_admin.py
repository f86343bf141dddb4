"""The staff's admin pages of the events app open, list, search and filter."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events import models
from tests.factories.events import (
    EventFactory,
    EventSubTopicFactory,
    EventTypeFactory,
    MicrolocationFactory,
    SessionFactory,
    SessionTypeFactory,
    SocialLinkFactory,
    SpeakerFactory,
    SpeakersCallFactory,
    SponsorFactory,
    TicketFactory,
    TrackFactory,
    grant,
)
from tests.factories.users import SuperAdminFactory, UserFactory

MODELS = [
    models.Event,
    models.EventType,
    models.EventTopic,
    models.EventSubTopic,
    models.Ticket,
    models.Microlocation,
    models.Track,
    models.SessionType,
    models.Session,
    models.Speaker,
    models.Sponsor,
    models.SocialLink,
    models.SpeakersCall,
    models.Role,
    models.UsersEventsRoles,
]


@pytest.fixture
def staff_client(client):
    client.force_login(SuperAdminFactory())
    return client


@pytest.fixture
def populated(db):
    sub_topic = EventSubTopicFactory()
    event = EventFactory(event_type=EventTypeFactory(), event_topic=sub_topic.event_topic, event_sub_topic=sub_topic)
    grant(UserFactory(), event, "owner")
    for factory in (
        TicketFactory,
        MicrolocationFactory,
        TrackFactory,
        SessionTypeFactory,
        SessionFactory,
        SpeakerFactory,
        SponsorFactory,
        SocialLinkFactory,
        SpeakersCallFactory,
    ):
        factory(event=event)
    TrackFactory(event=event).soft_delete()
    return event


def test_every_model_is_registered():
    for model in MODELS:
        assert admin.site.is_registered(model), model


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_search_and_change_pages_open(model, staff_client, populated):
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
    assert staff_client.get(url).status_code == 200
    assert staff_client.get(url, {"q": "FOSS"}).status_code == 200
    row = model._base_manager.first()
    assert (
        staff_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[row.pk])).status_code == 200
    )


@pytest.mark.django_db
def test_trashed_rows_listed_and_filterable(staff_client, populated):
    url = reverse("admin:events_track_changelist")
    assert staff_client.get(url).context["cl"].result_count == 2
    assert staff_client.get(url, {"deleted": "yes"}).context["cl"].result_count == 1


@pytest.mark.django_db
def test_event_page_lists_roles_inline(staff_client, populated):
    response = staff_client.get(reverse("admin:events_event_change", args=[populated.pk]))
    assert b"user_roles-TOTAL_FORMS" in response.content


@pytest.mark.django_db
def test_an_event_added_in_the_admin_is_set_up_as_through_the_api(rf):
    from forms.models import CustomForm

    staff = SuperAdminFactory()
    request = rf.post("/admin/events/event/add/")
    request.user = staff
    event = models.Event(name="Added by staff", timezone="UTC")
    admin.site._registry[models.Event].save_model(request, event, form=None, change=False)
    assert event.pk is not None
    assert models.UsersEventsRoles.objects.filter(event=event, user=staff, role__name="owner").exists()
    assert CustomForm.objects.filter(event=event).exists()  # the forms app's defaults, as on POST /v1/events


@pytest.mark.django_db
def test_admin_keeps_the_owner_row_and_role_rules(staff_client, populated):
    """Issue 15 finding 2: the admin writes role rows under `events.domain.roles` too."""
    row = models.UsersEventsRoles.objects.get(event=populated, role__name="owner")
    url = reverse("admin:events_userseventsroles_change", args=[row.pk])
    organizer = models.Role.named("organizer")
    response = staff_client.post(url, {"user": row.user_id, "event": populated.pk, "role": organizer.pk})
    assert response.status_code == 200  # the form again, with the refusal
    assert b"owner" in response.content
    row.refresh_from_db()
    assert row.role.name == "owner"
    delete = reverse("admin:events_userseventsroles_delete", args=[row.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert models.UsersEventsRoles.objects.filter(pk=row.pk).exists()
    other = models.UsersEventsRoles.objects.create(user=UserFactory(), event=populated, role=organizer)
    url = reverse("admin:events_userseventsroles_change", args=[other.pk])
    moved = staff_client.post(url, {"user": UserFactory().pk, "event": populated.pk, "role": organizer.pk})
    assert moved.status_code == 200
    other.refresh_from_db()
    assert other.role == organizer
    owner = models.Role.named("owner").pk
    staff_client.post(url, {"user": other.user_id, "event": populated.pk, "role": owner})
    other.refresh_from_db()
    assert other.role == organizer
