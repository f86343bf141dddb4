"""Speakers (reference §3.12): create, read, update, delete per role, email rules, visibility, query counts."""

import pytest

from events.models import Speaker
from events.signals import submission_validators
from tests.conftest import Api, resource
from tests.factories.events import EventFactory, SessionFactory, SpeakerFactory, grant
from tests.factories.sessions import submitted_by
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

WRITERS = ("owner", "organizer", "coorganizer", "admin", "super_admin")
ORGANIZERS = ("owner", "organizer", "admin", "super_admin")


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def speaker_body(event, attrs=None, rels=None, id=None):
    attributes = {"name": "Ada Lovelace", "organisation": "Analytical Engines"}
    attributes.update(attrs or {})
    relationships = {"event": ("event", event.pk)}
    relationships.update(rels or {})
    return resource("speaker", attributes, relationships, id=id)


def pointers(response):
    return {e.get("source", {}).get("pointer") for e in response.json()["errors"]}


def ids(response):
    assert response.status_code == 200, response.content
    return {int(item["id"]) for item in response.json()["data"]}


@pytest.fixture
def speaker_user(db):
    return UserFactory()


@pytest.fixture
def own_speaker(event, speaker_user):
    """`speaker_user`'s speaker row on a pending submission (not public)."""
    return submitted_by(speaker_user, event, state="pending").speakers.get()


@pytest.fixture
def public_speaker(event):
    speaker = SpeakerFactory(event=event, user=UserFactory())
    SessionFactory(event=event, state="accepted").speakers.add(speaker)
    return speaker


# --------------------------------------------------------------------- create
@pytest.mark.parametrize("role", ("user", *WRITERS))
def test_create_speaker_by_role(as_role, role_users, event, role):
    response = as_role(role).post("/v1/speakers", speaker_body(event))
    assert response.status_code == 201, response.content
    speaker = Speaker.objects.get(pk=response.json()["data"]["id"])
    assert speaker.user == role_users[role]
    assert speaker.email == role_users[role].email
    assert response.json()["data"]["relationships"]["user"]["data"] == {"type": "user", "id": str(speaker.user_id)}


def test_create_speaker_anonymous_is_401(event):
    assert Api().post("/v1/speakers", speaker_body(event)).status_code == 401
    assert not Speaker.objects.exists()


def test_create_speaker_disabled_is_403(as_role, event):
    event.is_sessions_speakers_enabled = False
    event.save()
    response = as_role("user").post("/v1/speakers", speaker_body(event))
    assert response.status_code == 403
    assert response.json()["errors"][0]["detail"] == "Speakers are disabled for this Event"
    assert not Speaker.objects.exists()


def test_create_speaker_draft_event_is_404_unless_coorganizer(draft_event):
    assert Api(UserFactory()).post("/v1/speakers", speaker_body(draft_event)).status_code == 404
    coorganizer = UserFactory()
    grant(coorganizer, draft_event, "coorganizer")
    assert Api(coorganizer).post("/v1/speakers", speaker_body(draft_event)).status_code == 201


def test_create_speaker_non_organizer_email_is_replaced(as_role, role_users, event):
    response = as_role("user").post("/v1/speakers", speaker_body(event, {"email": "someone.else@example.org"}))
    assert response.status_code == 201
    assert Speaker.objects.get().email == role_users["user"].email


@pytest.mark.parametrize("role", ORGANIZERS)
def test_create_speaker_organizer_sets_any_email(as_role, event, role):
    response = as_role(role).post("/v1/speakers", speaker_body(event, {"email": "guest@example.org"}))
    assert response.status_code == 201
    assert Speaker.objects.get().email == "guest@example.org"


def test_create_speaker_duplicate_email_is_409(as_role, role_users, event):
    SpeakerFactory(event=event, email=role_users["user"].email.upper())
    response = as_role("user").post("/v1/speakers", speaker_body(event))
    assert response.status_code == 409
    assert response.json()["errors"][0]["detail"] == "Speaker with this Email ID already exists"
    assert Speaker.objects.count() == 1


def test_create_speaker_same_email_in_other_event_or_deleted_is_fine(as_role, role_users, event):
    SpeakerFactory(event=EventFactory(), email=role_users["user"].email)
    SpeakerFactory(event=event, email=role_users["user"].email).soft_delete()
    assert as_role("user").post("/v1/speakers", speaker_body(event)).status_code == 201


@pytest.mark.parametrize("role", ("user", "coorganizer"))
def test_email_override_needs_organizer(as_role, event, role):
    response = as_role(role).post("/v1/speakers", speaker_body(event, {"is-email-overridden": True}))
    assert response.status_code == 403
    assert "/data/attributes/is-email-overridden" in pointers(response)
    assert not Speaker.objects.exists()


def test_email_override_by_organizer_clears_email(as_role, event):
    body = speaker_body(event, {"is-email-overridden": True, "email": "x@example.org"})
    assert as_role("organizer").post("/v1/speakers", body).status_code == 201
    speaker = Speaker.objects.get()
    assert speaker.is_email_overridden is True
    assert speaker.email is None


@pytest.mark.parametrize(
    ("attrs", "pointer"),
    [
        ({"name": ""}, "/data/attributes/name"),
        ({"gender": "Robot"}, "/data/attributes/gender"),
        ({"website": "nope"}, "/data/attributes/website"),
        ({"photo-url": "ftp//x"}, "/data/attributes/photo-url"),
        ({"email": "not-an-email"}, "/data/attributes/email"),
    ],
)
def test_create_speaker_bad_input_is_422(as_role, event, attrs, pointer):
    response = as_role("organizer").post("/v1/speakers", speaker_body(event, attrs))
    assert response.status_code == 422, response.content
    assert pointer in pointers(response)
    assert not Speaker.objects.exists()


def test_create_speaker_without_event_is_422(as_role):
    response = as_role("user").post("/v1/speakers", resource("speaker", {"name": "x"}))
    assert response.status_code == 422
    assert "/data/relationships/event" in pointers(response)


def test_create_speaker_linked_to_own_session(event, speaker_user):
    session = submitted_by(speaker_user, event)
    body = speaker_body(event, rels={"sessions": [("session", session.pk)]})
    response = Api(speaker_user).post("/v1/speakers", body | {})
    # speaker_user already speaks at the session with their own email: 409
    assert response.status_code == 409
    organizer = UserFactory()
    grant(organizer, event, "organizer")
    body = speaker_body(event, {"email": "cospeaker@example.org"}, rels={"sessions": [("session", session.pk)]})
    response = Api(organizer).post("/v1/speakers", body)
    assert response.status_code == 201
    assert session.speakers.count() == 2


def test_create_speaker_linked_to_someone_elses_session_is_404(as_role, event):
    session = SessionFactory(event=event, creator=UserFactory())
    response = as_role("user").post("/v1/speakers", speaker_body(event, rels={"sessions": [("session", session.pk)]}))
    assert response.status_code == 404
    assert not Speaker.objects.exists()


def test_create_speaker_linked_to_session_of_another_event_is_422(as_role, event):
    session = SessionFactory(event=EventFactory())
    body = speaker_body(event, rels={"sessions": [("session", session.pk)]})
    response = as_role("admin").post("/v1/speakers", body)
    assert response.status_code == 422
    assert "/data/relationships/sessions" in pointers(response)
    assert not Speaker.objects.exists()


def test_custom_form_validator_applies_to_speakers(as_role, event):
    def need_city(kind, event_, data, instance, user):
        return {"city": ["Missing required fields ['city']"]} if kind == "speaker" and not data.get("city") else {}

    submission_validators.append(need_city)
    try:
        response = as_role("user").post("/v1/speakers", speaker_body(event))
        assert response.status_code == 422
        assert "/data/attributes/city" in pointers(response)
        assert not Speaker.objects.exists()
    finally:
        submission_validators.remove(need_city)


# ----------------------------------------------------------------------- read
@pytest.mark.parametrize("role", ("anonymous", "user", "track_organizer", *WRITERS))
def test_detail_of_public_speaker(as_role, public_speaker, role):
    response = as_role(role).get(f"/v1/speakers/{public_speaker.pk}")
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["name"] == public_speaker.name


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 404), ("user", 404), ("track_organizer", 404), *((r, 200) for r in WRITERS)]
)
def test_detail_of_unpublished_speaker_by_role(as_role, own_speaker, role, status):
    assert as_role(role).get(f"/v1/speakers/{own_speaker.pk}").status_code == status


def test_detail_of_own_speaker(speaker_user, own_speaker):
    assert Api(speaker_user).get(f"/v1/speakers/{own_speaker.pk}").status_code == 200


def test_detail_include_sessions_shows_only_readable_ones(event, public_speaker):
    hidden = SessionFactory(event=event, state="rejected")
    hidden.speakers.add(public_speaker)
    response = Api().get(f"/v1/speakers/{public_speaker.pk}", include="sessions")
    linkage = response.json()["data"]["relationships"]["sessions"]["data"]
    assert hidden.pk not in {int(item["id"]) for item in linkage}
    assert len(linkage) == 1
    relationship = Api().get(f"/v1/speakers/{public_speaker.pk}/relationships/sessions").json()
    assert len(relationship["data"]) == 1


def test_related_routes(public_speaker, event):
    assert Api().get(f"/v1/speakers/{public_speaker.pk}/event").json()["data"]["id"] == str(event.pk)
    assert Api().get(f"/v1/speakers/{public_speaker.pk}/user").json()["data"]["id"] == str(public_speaker.user_id)
    body = Api().get(f"/v1/speakers/{public_speaker.pk}/relationships/event").json()
    assert body["data"] == {"type": "event", "id": str(event.pk)}


# ---------------------------------------------------------------------- lists
@pytest.mark.parametrize("role", ("anonymous", "user", "track_organizer"))
def test_event_speakers_public_only(as_role, event, public_speaker, own_speaker, role):
    SpeakerFactory(event=event)  # no session at all
    assert ids(as_role(role).get(f"/v1/events/{event.pk}/speakers")) == {public_speaker.pk}


@pytest.mark.parametrize("role", WRITERS)
def test_event_speakers_organizers_see_all(as_role, event, public_speaker, own_speaker, role):
    loose = SpeakerFactory(event=event)
    expected = {public_speaker.pk, own_speaker.pk, loose.pk}
    assert ids(as_role(role).get(f"/v1/events/{event.identifier}/speakers")) == expected


def test_event_speakers_own_rows_visible(event, speaker_user, public_speaker, own_speaker):
    assert ids(Api(speaker_user).get(f"/v1/events/{event.pk}/speakers")) == {public_speaker.pk, own_speaker.pk}


def test_event_speakers_of_draft_event_is_404(draft_event):
    SpeakerFactory(event=draft_event)
    assert Api().get(f"/v1/events/{draft_event.pk}/speakers").status_code == 404


def test_session_speakers(as_role, event, public_speaker, speaker_user, own_speaker):
    session = public_speaker.sessions.get()
    assert ids(Api().get(f"/v1/sessions/{session.pk}/speakers")) == {public_speaker.pk}
    hidden = own_speaker.sessions.get()
    assert Api().get(f"/v1/sessions/{hidden.pk}/speakers").status_code == 404
    assert as_role("user").get(f"/v1/sessions/{hidden.pk}/speakers").status_code == 404
    assert ids(Api(speaker_user).get(f"/v1/sessions/{hidden.pk}/speakers")) == {own_speaker.pk}
    assert ids(as_role("coorganizer").get(f"/v1/sessions/{hidden.pk}/speakers")) == {own_speaker.pk}


def test_user_speakers(as_role, event, speaker_user, own_speaker):
    public = SpeakerFactory(event=EventFactory(), user=speaker_user)
    SessionFactory(event=public.event, state="confirmed").speakers.add(public)
    url = f"/v1/users/{speaker_user.pk}/speakers"
    assert ids(Api(speaker_user).get(url)) == {own_speaker.pk, public.pk}
    assert ids(as_role("admin").get(url)) == {own_speaker.pk, public.pk}
    assert ids(as_role("coorganizer").get(url)) == {own_speaker.pk, public.pk}
    assert ids(Api().get(url)) == {public.pk}
    assert ids(as_role("user").get(url)) == {public.pk}


@pytest.mark.parametrize("include", ("", "sessions,event,user"))
def test_event_speakers_constant_queries(as_role, event, include, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add():
        speaker = SpeakerFactory(event=event, user=UserFactory())
        SessionFactory(event=event).speakers.add(speaker)

    client = as_role("user")
    params = {"page[size]": "100", **({"include": include} if include else {})}
    add()
    with CaptureQueriesContext(connection) as ctx:
        assert len(client.get(f"/v1/events/{event.pk}/speakers", **params).json()["data"]) == 1
    for _ in range(30):
        add()
    with django_assert_num_queries(len(ctx.captured_queries)):
        assert len(client.get(f"/v1/events/{event.pk}/speakers", **params).json()["data"]) == 31


# ---------------------------------------------------------------------- write
def patch(speaker, attrs=None, rels=None):
    return resource("speaker", attrs or {}, rels, id=speaker.pk)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_patch_speaker_refused(as_role, public_speaker, role, status):
    response = as_role(role).patch(f"/v1/speakers/{public_speaker.pk}", patch(public_speaker, {"name": "Hacked"}))
    assert response.status_code == status
    public_speaker.refresh_from_db()
    assert public_speaker.name != "Hacked"


def test_patch_speaker_by_email_twin_is_refused(event, public_speaker):
    """§9.1: sharing an email with *some* speaker row is no licence to edit this one."""
    twin = UserFactory(email="twin@example.org")
    SpeakerFactory(event=event, email="twin@example.org", user=twin)
    public_speaker.email = "twin@example.org"
    public_speaker.save()
    response = Api(twin).patch(f"/v1/speakers/{public_speaker.pk}", patch(public_speaker, {"name": "Hacked"}))
    assert response.status_code == 403


@pytest.mark.parametrize("role", WRITERS)
def test_patch_speaker_by_writer_keeps_email(as_role, public_speaker, role):
    email = public_speaker.email
    response = as_role(role).patch(f"/v1/speakers/{public_speaker.pk}", patch(public_speaker, {"city": "Hanoi"}))
    assert response.status_code == 200, response.content
    public_speaker.refresh_from_db()
    assert public_speaker.city == "Hanoi"
    assert public_speaker.email == email
    assert public_speaker.is_featured is False


def test_patch_own_speaker(speaker_user, own_speaker):
    body = patch(own_speaker, {"short-biography": "Hacker", "email": "other@example.org"})
    response = Api(speaker_user).patch(f"/v1/speakers/{own_speaker.pk}", body)
    assert response.status_code == 200
    own_speaker.refresh_from_db()
    assert own_speaker.short_biography == "Hacker"
    assert own_speaker.email == speaker_user.email


def test_patch_own_speaker_cannot_override_email(speaker_user, own_speaker):
    body = patch(own_speaker, {"is-email-overridden": True})
    assert Api(speaker_user).patch(f"/v1/speakers/{own_speaker.pk}", body).status_code == 403
    own_speaker.refresh_from_db()
    assert own_speaker.is_email_overridden is False


def test_patch_organizer_email_to_taken_is_409(as_role, event, public_speaker):
    other = SpeakerFactory(event=event)
    body = patch(public_speaker, {"email": other.email})
    assert as_role("organizer").patch(f"/v1/speakers/{public_speaker.pk}", body).status_code == 409


def test_patch_keeps_omitted_defaults(as_role, event):
    speaker = SpeakerFactory(event=event, is_featured=True, order=5)
    assert as_role("coorganizer").patch(f"/v1/speakers/{speaker.pk}", patch(speaker, {"city": "X"})).status_code == 200
    speaker.refresh_from_db()
    assert (speaker.is_featured, speaker.order) == (True, 5)


def test_patch_link_sessions(as_role, event, speaker_user, own_speaker):
    other_session = SessionFactory(event=event, creator=UserFactory())
    body = patch(own_speaker, rels={"sessions": [("session", other_session.pk)]})
    assert Api(speaker_user).patch(f"/v1/speakers/{own_speaker.pk}", body).status_code == 404
    assert as_role("coorganizer").patch(f"/v1/speakers/{own_speaker.pk}", body).status_code == 200
    assert list(own_speaker.sessions.all()) == [other_session]


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("track_organizer", 403)])
def test_delete_speaker_refused(as_role, public_speaker, role, status):
    assert as_role(role).delete(f"/v1/speakers/{public_speaker.pk}").status_code == status
    assert Speaker.objects.filter(pk=public_speaker.pk).exists()


@pytest.mark.parametrize("role", WRITERS)
def test_delete_speaker_by_writer(as_role, public_speaker, role):
    assert as_role(role).delete(f"/v1/speakers/{public_speaker.pk}").status_code == 200
    assert not Speaker.objects.filter(pk=public_speaker.pk).exists()
    assert Speaker.all_objects.filter(pk=public_speaker.pk).exists()


def test_delete_own_speaker(speaker_user, own_speaker):
    assert Api(speaker_user).delete(f"/v1/speakers/{own_speaker.pk}").status_code == 200
    assert not Speaker.objects.filter(pk=own_speaker.pk).exists()
