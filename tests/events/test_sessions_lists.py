"""Session lists (reference §3.10): every nested route, per role, visibility (§9.7) and query counts."""

import pytest

from tests.conftest import Api
from tests.factories.events import SessionFactory, SpeakerFactory, grant
from tests.factories.sessions import full_session, submitted_by
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

INCLUDE = "speakers,track,microlocation,session-type"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def ids(response):
    assert response.status_code == 200, response.content
    return {int(item["id"]) for item in response.json()["data"]}


@pytest.fixture
def programme(event):
    """One session per state, plus a pending one by `speaker_user`."""
    sessions = {
        state: SessionFactory(event=event, state=state)
        for state in ("accepted", "confirmed", "pending", "draft", "rejected", "withdrawn")
    }
    speaker_user = UserFactory()
    sessions["mine"] = submitted_by(speaker_user, event, state="pending")
    sessions["speaker_user"] = speaker_user
    return sessions


def public_ids(programme):
    return {programme["accepted"].pk, programme["confirmed"].pk}


def all_ids(programme):
    return {s.pk for k, s in programme.items() if k != "speaker_user"}


@pytest.mark.parametrize("role", ("anonymous", "user", "track_organizer"))
def test_event_sessions_public_states_only(as_role, event, programme, role):
    assert ids(as_role(role).get(f"/v1/events/{event.pk}/sessions")) == public_ids(programme)


@pytest.mark.parametrize("role", ("owner", "organizer", "coorganizer", "admin", "super_admin"))
def test_event_sessions_organizers_see_all(as_role, event, programme, role):
    assert ids(as_role(role).get(f"/v1/events/{event.pk}/sessions")) == all_ids(programme)


def test_event_sessions_speaker_sees_own_too(event, programme):
    response = Api(programme["speaker_user"]).get(f"/v1/events/{event.identifier}/sessions")
    assert ids(response) == public_ids(programme) | {programme["mine"].pk}


def test_event_sessions_by_identifier_and_meta_count(event, programme):
    response = Api().get(f"/v1/events/{event.identifier}/sessions")
    assert ids(response) == public_ids(programme)
    assert response.json()["meta"]["count"] == 2


def test_event_sessions_of_draft_event_is_404_except_organizers(draft_event):
    SessionFactory(event=draft_event)
    assert Api().get(f"/v1/events/{draft_event.pk}/sessions").status_code == 404
    assert Api(UserFactory()).get(f"/v1/events/{draft_event.pk}/sessions").status_code == 404
    organizer = UserFactory()
    grant(organizer, draft_event, "organizer")
    assert len(ids(Api(organizer).get(f"/v1/events/{draft_event.pk}/sessions"))) == 1


def test_event_sessions_unknown_event_is_404():
    assert Api().get("/v1/events/999999/sessions").status_code == 404
    assert Api().get("/v1/events/deadbeef/sessions").status_code == 404


def test_event_sessions_hide_deleted_unless_trashed_by_organizer(as_role, event):
    live = SessionFactory(event=event)
    gone = SessionFactory(event=event)
    gone.soft_delete()
    assert ids(as_role("anonymous").get(f"/v1/events/{event.pk}/sessions", get_trashed="true")) == {live.pk}
    assert ids(as_role("coorganizer").get(f"/v1/events/{event.pk}/sessions", get_trashed="true")) == {
        live.pk,
        gone.pk,
    }


def test_event_sessions_filter_and_sort(event):
    a = SessionFactory(event=event, title="Alpha")
    b = SessionFactory(event=event, title="Beta")
    response = Api().get(f"/v1/events/{event.pk}/sessions", filter='[{"name":"title","op":"eq","val":"Beta"}]')
    assert ids(response) == {b.pk}
    response = Api().get(f"/v1/events/{event.pk}/sessions", sort="-title")
    assert [int(item["id"]) for item in response.json()["data"]] == [b.pk, a.pk]
    assert Api().get(f"/v1/events/{event.pk}/sessions", sort="nonsense").status_code == 400


@pytest.mark.parametrize("route", ("tracks", "session-types", "microlocations"))
def test_sessions_by_programme_item(as_role, event, route):
    public = full_session(event)
    attr = {"tracks": "track", "session-types": "session_type", "microlocations": "microlocation"}[route]
    hidden = SessionFactory(event=event, state="pending", **{attr: getattr(public, attr)})
    SessionFactory(event=event)  # elsewhere
    parent = getattr(public, attr)
    assert ids(as_role("anonymous").get(f"/v1/{route}/{parent.pk}/sessions")) == {public.pk}
    assert ids(as_role("coorganizer").get(f"/v1/{route}/{parent.pk}/sessions")) == {public.pk, hidden.pk}
    assert as_role("anonymous").get(f"/v1/{route}/999999/sessions").status_code == 404


def test_sessions_by_programme_item_of_draft_event_is_404(draft_event):
    session = full_session(draft_event)
    assert Api().get(f"/v1/tracks/{session.track_id}/sessions").status_code == 404


def test_sessions_by_speaker(as_role, event, programme):
    speaker = SpeakerFactory(event=event)
    programme["accepted"].speakers.add(speaker)
    programme["pending"].speakers.add(speaker)
    assert ids(as_role("anonymous").get(f"/v1/speakers/{speaker.pk}/sessions")) == {programme["accepted"].pk}
    assert ids(as_role("organizer").get(f"/v1/speakers/{speaker.pk}/sessions")) == {
        programme["accepted"].pk,
        programme["pending"].pk,
    }


def test_sessions_by_hidden_speaker_is_404(event, programme):
    lonely = SpeakerFactory(event=event)
    programme["pending"].speakers.add(lonely)
    assert Api().get(f"/v1/speakers/{lonely.pk}/sessions").status_code == 404


def test_sessions_by_user(as_role, event, programme):
    speaker_user = programme["speaker_user"]
    accepted_talk = submitted_by(speaker_user, event, state="accepted")
    co_speaking = SessionFactory(event=event, state="draft")
    co_speaking.speakers.add(SpeakerFactory(event=event, user=speaker_user))
    url = f"/v1/users/{speaker_user.pk}/sessions"
    mine = {programme["mine"].pk, accepted_talk.pk, co_speaking.pk}
    assert ids(Api(speaker_user).get(url)) == mine
    assert ids(as_role("admin").get(url)) == mine
    assert ids(as_role("anonymous").get(url)) == {accepted_talk.pk}
    assert ids(as_role("user").get(url)) == {accepted_talk.pk}
    assert ids(as_role("coorganizer").get(url)) == mine
    assert Api().get("/v1/users/999999/sessions").status_code == 404


def test_sessions_by_user_hide_draft_events(draft_event):
    author = UserFactory()
    submitted_by(author, draft_event, state="accepted")
    assert ids(Api().get(f"/v1/users/{author.pk}/sessions")) == set()
    assert len(ids(Api(author).get(f"/v1/users/{author.pk}/sessions"))) == 1


def test_paging(event):
    for _ in range(5):
        SessionFactory(event=event)
    response = Api().get(f"/v1/events/{event.pk}/sessions", **{"page[size]": "2", "page[number]": "3"})
    body = response.json()
    assert len(body["data"]) == 1
    assert body["meta"]["count"] == 5
    assert "prev" in body["links"]


def test_include_on_lists(event):
    session = full_session(event, speakers=2)
    response = Api().get(f"/v1/events/{event.pk}/sessions", include=INCLUDE)
    body = response.json()
    types = {(item["type"], item["id"]) for item in body["included"]}
    assert ("track", str(session.track_id)) in types
    assert ("microlocation", str(session.microlocation_id)) in types
    assert ("session-type", str(session.session_type_id)) in types
    assert {("speaker", str(s.pk)) for s in session.speakers.all()} <= types
    linkage = body["data"][0]["relationships"]["speakers"]["data"]
    assert len(linkage) == 2


def test_include_hides_deleted_speakers(event):
    session = full_session(event, speakers=2)
    gone = session.speakers.first()
    gone.soft_delete()
    body = Api().get(f"/v1/events/{event.pk}/sessions", include="speakers").json()
    assert {item["id"] for item in body["included"]} == {str(s.pk) for s in session.speakers.all()} - {str(gone.pk)}


# ---------------------------------------------------------------- query counts
def _count_queries(django_assert_max_num_queries, client, url, params, expected_items):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **params)
    assert response.status_code == 200
    assert len(response.json()["data"]) == expected_items
    return len(ctx.captured_queries)


@pytest.mark.parametrize("include", ("", INCLUDE))
@pytest.mark.parametrize("role", ("anonymous", "user", "organizer"))
def test_event_sessions_constant_queries(as_role, event, include, role, django_assert_max_num_queries):
    client = as_role(role)
    params = {"page[size]": "100"}
    if include:
        params["include"] = include
    url = f"/v1/events/{event.pk}/sessions"
    full_session(event, speakers=2)
    one = _count_queries(django_assert_max_num_queries, client, url, params, 1)
    for _ in range(49):
        full_session(event, speakers=2)
    many = _count_queries(django_assert_max_num_queries, client, url, params, 50)
    assert one == many
    with django_assert_max_num_queries(10):
        client.get(url, **params)


@pytest.mark.parametrize("route", ("tracks", "speakers", "users"))
def test_other_session_lists_constant_queries(event, route, django_assert_num_queries):
    author = UserFactory()
    speaker = SpeakerFactory(event=event, user=author)
    track = full_session(event).track

    def add():
        session = SessionFactory(event=event, track=track, creator=author)
        session.speakers.add(speaker, SpeakerFactory(event=event))

    parent = {"tracks": track.pk, "speakers": speaker.pk, "users": author.pk}[route]
    url = f"/v1/{route}/{parent}/sessions"
    client = Api(author)
    add()
    first = _count_queries(None, client, url, {"include": INCLUDE}, 1 if route != "tracks" else 2)
    for _ in range(20):
        add()
    with django_assert_num_queries(first):
        response = client.get(url, include=INCLUDE, **{"page[size]": "100"})
    assert response.status_code == 200
