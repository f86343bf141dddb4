"""A speaker's contact fields (e-mail, mobile, address, heard-from, sponsorship, experience) reach only the
speaker himself, the event's co-organizers and up, and staff (issue 15, finding 1; the original showed them to
everyone), on every path that renders a speaker: list, detail and include."""

import pytest

from events.serializers.sessions import SpeakerSerializer
from tests.conftest import Api
from tests.factories.events import EventFactory, SessionFactory, SpeakerFactory, grant
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db

PRIVATE = {name.replace("_", "-") for name in SpeakerSerializer.private_fields}
SEES = {"owner": True, "organizer": True, "coorganizer": True, "admin": True, "super_admin": True}


@pytest.fixture
def speaker(event):
    speaker = SpeakerFactory(
        event=event, mobile="+65 5550 1234", address="1 Secret Lane", heard_from="A friend", user=UserFactory()
    )
    SessionFactory(event=event).speakers.add(speaker)
    return speaker


def _speaker_documents(role_users, role, speaker):
    api = Api(role_users[role])
    event_id = speaker.event_id
    detail = api.get(f"/v1/speakers/{speaker.pk}")
    listed = api.get(f"/v1/events/{event_id}/speakers")
    included = api.get(f"/v1/events/{event_id}/sessions", include="speakers")
    assert detail.status_code == listed.status_code == included.status_code == 200, (role, detail.content)
    rows = [detail.json()["data"], *listed.json()["data"], *included.json()["included"]]
    return [row["attributes"] for row in rows if row["type"] == "speaker" and row["id"] == str(speaker.pk)]


@pytest.mark.parametrize(
    "role", ["anonymous", "user", "track_organizer", "coorganizer", "organizer", "owner", "admin", "super_admin"]
)
def test_private_fields_by_role(role_users, role, speaker):
    documents = _speaker_documents(role_users, role, speaker)
    assert len(documents) == 3
    for attributes in documents:
        assert attributes["name"] == speaker.name
        if SEES.get(role):
            assert attributes["mobile"] == "+65 5550 1234" and attributes["email"] == speaker.email
        else:
            assert not PRIVATE & set(attributes), (role, sorted(PRIVATE & set(attributes)))


def test_the_speaker_himself_sees_his_own(role_users, speaker):
    role_users["self"] = speaker.user
    for attributes in _speaker_documents(role_users, "self", speaker):
        assert attributes["address"] == "1 Secret Lane" and attributes["heard-from"] == "A friend"


def test_an_organizer_of_another_event_does_not(role_users, speaker):
    other = UserFactory()
    grant(other, EventFactory(), "organizer")
    role_users["other"] = other
    for attributes in _speaker_documents(role_users, "other", speaker):
        assert not PRIVATE & set(attributes)
