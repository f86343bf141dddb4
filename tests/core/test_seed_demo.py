import pytest
from django.core.management import call_command

from events.models import Event, Session
from tests.conftest import Api

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_serves_a_public_event(capsys, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    call_command("seed_demo")
    assert "admin@eventyay.local" in capsys.readouterr().out
    event = Event.objects.get(name="eventyay Demo Summit")
    assert Session.objects.filter(event=event).count() == 6
    body = Api().get(f"/v1/events/{event.identifier}/sessions").json()
    assert body["meta"]["count"] == 6
    login = Api().post_json("/v1/auth/login", {"email": "admin@eventyay.local", "password": "eventyay-admin"})
    assert login.status_code == 200
