"""The page views and the rooms' GeoJSON, through HTTP (the browser tests drive the pages' scripts)."""

import json
import re
from pathlib import Path

import pytest
from django.test import Client

from events.models import Microlocation
from forms.models import CustomForm
from tests.conftest import Api
from tests.factories.events import EventFactory, MicrolocationFactory

pytestmark = pytest.mark.django_db


def page_config(response):
    match = re.search(rb'<script id="page-config" type="application/json">(.*?)</script>', response.content, re.S)
    assert match, response.content[:500]
    return json.loads(match.group(1))


# ------------------------------------------------------------------ map page
def test_map_page_of_a_published_event(event, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    response = Client().get(f"/e/{event.identifier}/map")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert event.name in body
    assert "/static/vendor/leaflet/leaflet.js" in body and "/static/eventyay/room-map.js" in body
    assert "://" not in re.sub(r"https://tiles\.example\.org[^\"]*", "", body.split("<body")[1]), "no CDN"
    config = page_config(response)
    assert config == {
        "event": event.identifier,
        "timezone": event.timezone,
        "tileUrl": "https://tiles.example.org/{z}/{x}/{y}.png",
        "tileAttribution": "",
    }


def test_map_page_by_numeric_id(event):
    assert Client().get(f"/e/{event.pk}/map").status_code == 200


def test_map_page_without_tile_setting_has_a_blank_tile_url(event):
    assert page_config(Client().get(f"/e/{event.identifier}/map"))["tileUrl"] == ""


@pytest.mark.parametrize("state", ["draft", "deleted", "unknown"])
def test_map_page_is_404_for_draft_deleted_and_unknown_events(state):
    from django.utils import timezone

    event = EventFactory(state="draft" if state == "draft" else "published")
    if state == "deleted":
        event.deleted_at = timezone.now()
        event.save()
    identifier = "ffffffff" if state == "unknown" else event.identifier
    response = Client().get(f"/e/{identifier}/map")
    assert response.status_code == 404
    assert b"There is no published event with this address." in response.content
    assert event.name.encode() not in response.content


def test_map_page_escapes_the_event_name():
    event = EventFactory(name='<script>alert("x")</script>')
    body = Client().get(f"/e/{event.identifier}/map").content.decode()
    assert '<script>alert("x")</script>' not in body
    assert "&lt;script&gt;" in body


# ------------------------------------------------------------------ form editor page
def test_form_editor_page_hands_the_allowed_types_to_the_script(event):
    response = Client().get(f"/e/{event.identifier}/forms")
    assert response.status_code == 200
    config = page_config(response)
    assert config["event"] == event.identifier and config["eventId"] == event.pk
    assert config["types"] == list(CustomForm.TYPES)
    assert [f["value"] for f in config["forms"]] == ["attendee", "session", "speaker"]
    assert "/static/eventyay/form-editor.js" in response.content.decode()


def test_form_editor_page_of_a_draft_does_not_show_its_name(draft_event):
    response = Client().get(f"/e/{draft_event.identifier}/forms")
    assert response.status_code == 200, "the organizers' editor; the API decides with their JWT"
    assert draft_event.name.encode() not in response.content


def test_form_editor_page_of_an_unknown_event_is_404():
    response = Client().get("/e/ffffffff/forms")
    assert response.status_code == 404
    assert b"There is no event with this address." in response.content


def test_static_files_are_vendored():
    from django.contrib.staticfiles import finders

    for name in (
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet/images/marker-icon.png",
        "eventyay/room-map.js",
        "eventyay/form-editor.js",
        "eventyay/pages.css",
    ):
        assert finders.find(name), name


def test_scripts_never_write_html_from_data():
    from django.contrib.staticfiles import finders

    for name in ("eventyay/room-map.js", "eventyay/form-editor.js"):
        source = Path(finders.find(name)).read_text()
        assert "innerHTML =" not in source and "insertAdjacentHTML" not in source and "outerHTML" not in source


# ------------------------------------------------------------------ GeoJSON
def geojson(event_ref, user=None):
    return Api(user).client.get(f"/v1/events/{event_ref}/microlocations.geojson")


def test_geojson_lists_rooms_with_coordinates_longitude_first(event):
    hall = MicrolocationFactory(event=event, name="Hall A", latitude=1.5, longitude=103.25, floor=2, room="A1")
    MicrolocationFactory(event=event, name="Nowhere", latitude=None, longitude=None)
    MicrolocationFactory(event=event, name="Half", latitude=1.0, longitude=None)
    gone = MicrolocationFactory(event=event, name="Gone")
    gone.soft_delete()
    assert Microlocation.all_objects.filter(pk=gone.pk).exists()
    MicrolocationFactory(name="Other event")
    response = geojson(event.identifier)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    assert response.json() == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": hall.pk,
                "geometry": {"type": "Point", "coordinates": [103.25, 1.5]},
                "properties": {"id": hall.pk, "name": "Hall A", "floor": 2, "room": "A1"},
            }
        ],
    }
    assert geojson(event.pk).json() == response.json()


def test_geojson_of_an_event_without_rooms_is_an_empty_collection(event):
    assert geojson(event.identifier).json() == {"type": "FeatureCollection", "features": []}


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("anonymous", 200),
        ("user", 200),
        ("owner", 200),
        ("organizer", 200),
        ("coorganizer", 200),
        ("track_organizer", 200),
        ("admin", 200),
        ("super_admin", 200),
    ],
)
def test_geojson_of_a_published_event_per_role(role_users, event, role, code):
    MicrolocationFactory(event=event)
    response = geojson(event.identifier, role_users[role])
    assert response.status_code == code
    assert len(response.json()["features"]) == 1


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("anonymous", 404),
        ("user", 404),
        ("track_organizer", 404),
        ("owner", 200),
        ("organizer", 200),
        ("coorganizer", 200),
        ("admin", 200),
        ("super_admin", 200),
    ],
)
def test_geojson_of_a_draft_event_per_role(role_users, event, role, code):
    event.state = "draft"
    event.save()
    MicrolocationFactory(event=event)
    response = geojson(event.identifier, role_users[role])
    assert response.status_code == code
    if code == 404:
        assert response.json()["errors"][0]["status"] == "404"
        assert "features" not in response.json()


def test_geojson_of_unknown_event_is_404():
    response = geojson("ffffffff")
    assert response.status_code == 404
    assert response.json()["errors"][0]["detail"] == "Event 'ffffffff' not found."


def test_geojson_with_a_bad_token_is_401(event):
    response = Api().client.get(f"/v1/events/{event.identifier}/microlocations.geojson", HTTP_AUTHORIZATION="JWT nope")
    assert response.status_code == 401


def test_geojson_costs_the_same_queries_for_one_and_many_rooms(django_assert_num_queries):
    one, many = EventFactory(), EventFactory()
    MicrolocationFactory(event=one)
    MicrolocationFactory.create_batch(25, event=many)
    client = Client()
    with django_assert_num_queries(2):
        assert len(client.get(f"/v1/events/{one.identifier}/microlocations.geojson").json()["features"]) == 1
    with django_assert_num_queries(2):
        assert len(client.get(f"/v1/events/{many.identifier}/microlocations.geojson").json()["features"]) == 25


# ------------------------------------------------------------------ the editor's access check
@pytest.mark.parametrize(
    ("role", "check", "write"),
    [
        ("anonymous", 401, 401),
        ("user", 403, 403),
        ("track_organizer", 403, 403),
        ("owner", 200, 200),
        ("organizer", 200, 200),
        ("coorganizer", 200, 200),
        ("admin", 200, 200),
        ("super_admin", 200, 200),
    ],
)
def test_the_editors_up_front_check_refuses_exactly_who_the_api_refuses_to_write(as_role, event, role, check, write):
    """The editor asks `users-events-roles` before showing its controls; that must match custom-form writes."""
    from tests.conftest import resource
    from tests.factories.forms import CustomFormFactory

    field = CustomFormFactory(event=event, is_required=False)
    api = as_role(role)
    assert api.get(f"/v1/events/{event.identifier}/users-events-roles", **{"page[size]": 1}).status_code == check
    response = api.patch(f"/v1/custom-forms/{field.pk}", resource("custom-form", {"is-required": True}, id=field.pk))
    assert response.status_code == write
    field.refresh_from_db()
    assert field.is_required is (write == 200)
