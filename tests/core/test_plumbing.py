"""The helpers written once in `eventyay/`: merge of sent and stored values, restore check, name cases, secrets."""

import pytest

from eventyay.case import camel, undasherize
from eventyay.writes import is_restore, merged, merged_value
from tests.factories.events import EventFactory


class Stored:
    deleted_at = "2026-01-01"
    name = "stored"
    count = None


def test_merged_prefers_sent_then_stored_then_defaults():
    assert merged(Stored(), {"name": "sent"}, ("name", "count", "missing"), {"missing": 7}) == {
        "name": "sent",
        "count": None,  # stored, even though None: the default applies only when nothing is there
        "missing": 7,
    }
    assert merged(None, {}, ("name",), {"name": "new"}) == {"name": "new"}


def test_is_restore_only_when_a_deleted_row_gets_deleted_at_null():
    assert is_restore(Stored(), {"deleted_at": None})
    assert not is_restore(Stored(), {"name": "x"})
    assert not is_restore(None, {"deleted_at": None})
    live = Stored()
    live.deleted_at = None
    assert not is_restore(live, {"deleted_at": None})


@pytest.mark.parametrize(
    ("name", "expected"),
    [("short_abstract", "shortAbstract"), ("short-abstract", "shortAbstract"), ("a b__c", "aBC"), ("x", "x")],
)
def test_camel(name, expected):
    assert camel(name) == expected


def test_undasherize():
    assert undasherize("starts-at") == "starts_at"


@pytest.mark.django_db
def test_event_by_ref_finds_by_id_and_identifier_and_refuses_junk():
    from events.models import Event
    from eventyay.errors import NotFound

    event = EventFactory()
    assert Event.objects.by_ref(event.pk) == event
    assert Event.objects.by_ref(event.identifier) == event
    event.soft_delete()
    assert Event.all_objects.by_ref(event.identifier) == event
    for ref in (event.pk, "nope", "a\x00b", "9" * 70):
        with pytest.raises(NotFound):
            Event.objects.by_ref(ref)


@pytest.mark.django_db
def test_one_encrypted_field_class_for_every_app(settings, caplog):
    from eventyay import crypto
    from media.crypto import EncryptedCharField
    from media.models import StorageSettings

    assert issubclass(EncryptedCharField, crypto.EncryptedTextField)
    field = StorageSettings._meta.get_field("s3_secret_access_key")
    token = field.get_prep_value("s3-secret")
    assert token != "s3-secret" and field.from_db_value(token, None, None) == "s3-secret"
    settings.SECRET_KEY = "another-secret-key-entirely"
    assert field.from_db_value(token, None, None) == ""  # storage credentials read as blank
    assert "cannot be decrypted" in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["application/vnd.api+json", "application/json", "text/html", None])
def test_fixed_json_views_answer_json_whatever_the_accept(client, accept):
    from events.views.sessions import SessionStatesView
    from events.views.tickets import TicketAvailabilityView
    from eventyay.api.plain import FixedJSONView

    assert issubclass(SessionStatesView, FixedJSONView) and issubclass(TicketAvailabilityView, FixedJSONView)
    event = EventFactory()
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    for path in ("/v1/sessions/states", f"/v1/events/{event.pk}/tickets/availability"):
        response = client.get(path, **headers)
        assert response.status_code == 200, path
        assert response["Content-Type"] == "application/json"


def test_merged_value_is_one_name_of_merged():
    class Stored:
        code, event = "OLD", None

    assert merged_value(Stored(), {"code": "NEW"}, "code") == "NEW"
    assert merged_value(Stored(), {}, "code") == "OLD"
    assert merged_value(Stored(), {"event": None}, "event", default="x") is None
    assert merged_value(None, {}, "code", default="DEF") == "DEF"
    assert merged_value(Stored(), {}, "missing") is None
