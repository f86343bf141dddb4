"""Site pages (public when published) and custom placeholders: admins write, everyone reads."""

import pytest

from content.models import CustomPlaceholder, Page
from tests.conftest import Api, resource
from tests.events.support import ROLES, STAFF, error_pointers, write_status
from tests.factories.content import CustomPlaceholderFactory, PageFactory
from tests.factories.events import EventSubTopicFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_published_pages(as_role, role):
    shown = PageFactory(index=2)
    first = PageFactory(index=1)
    hidden = PageFactory(is_published=False, index=3)
    response = as_role(role).get("/v1/pages", cache="true", public="true")
    assert response.status_code == 200
    expected = [str(first.pk), str(shown.pk)] + ([str(hidden.pk)] if role in STAFF else [])
    assert [item["id"] for item in response.json()["data"]] == expected
    assert as_role(role).get(f"/v1/pages/{hidden.pk}").status_code == (200 if role in STAFF else 404)
    attributes = response.json()["data"][0]["attributes"]
    assert {"name", "title", "url", "description", "place", "language", "index"} <= set(attributes)


@pytest.mark.parametrize("role", ROLES)
def test_admins_write_pages(as_role, role):
    client = as_role(role)
    response = client.post("/v1/pages", resource("page", {"name": "terms", "url": "/terms", "place": "footer"}))
    assert response.status_code == write_status(role, STAFF, 201), response.content
    page = PageFactory()
    patch = resource("page", {"title": "Terms"}, id=page.pk)
    assert client.patch(f"/v1/pages/{page.pk}", patch).status_code == write_status(role, STAFF)
    assert client.delete(f"/v1/pages/{page.pk}").status_code == write_status(role, STAFF)


@pytest.mark.parametrize(
    ("attrs", "pointer"),
    [
        ({"url": "/x"}, "/data/attributes/name"),
        ({"name": "x"}, "/data/attributes/url"),
        ({"name": "x", "url": "/x", "place": "header"}, "/data/attributes/place"),
    ],
)
def test_bad_pages_are_422(as_role, attrs, pointer):
    response = as_role("admin").post("/v1/pages", resource("page", attrs))
    assert response.status_code == 422 and pointer in error_pointers(response)
    assert not Page.objects.exists()


def test_pages_cost_fixed_queries(django_assert_max_num_queries):
    PageFactory()
    with django_assert_max_num_queries(3) as one:
        Api().get("/v1/pages")
    PageFactory.create_batch(5)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert Api().get("/v1/pages").json()["meta"]["count"] == 6


@pytest.mark.parametrize("role", ROLES)
def test_placeholders_admins_write_everyone_reads(as_role, role):
    sub_topic = EventSubTopicFactory()
    client = as_role(role)
    body = resource(
        "custom-placeholder",
        {"name": "Open source", "original-image-url": "https://example.org/os.jpg", "copyright": "CC0"},
        {"event-sub-topic": ("event-sub-topic", sub_topic.pk)},
    )
    response = client.post("/v1/custom-placeholders", body)
    assert response.status_code == write_status(role, STAFF, 201), response.content
    placeholder = CustomPlaceholderFactory()
    read = client.get(f"/v1/custom-placeholders/{placeholder.pk}")
    assert read.status_code == 200
    assert read.json()["data"]["attributes"]["thumbnail-image-url"] == placeholder.original_image_url
    assert client.get("/v1/custom-placeholders").status_code == 200
    patch = resource("custom-placeholder", {"origin": "Unsplash"}, id=placeholder.pk)
    assert client.patch(f"/v1/custom-placeholders/{placeholder.pk}", patch).status_code == write_status(role, STAFF)
    assert client.delete(f"/v1/custom-placeholders/{placeholder.pk}").status_code == write_status(role, STAFF)


def test_bad_placeholders_write_nothing(as_role):
    client = as_role("admin")
    sub_topic = EventSubTopicFactory()
    CustomPlaceholderFactory(event_sub_topic=sub_topic)
    bad = resource("custom-placeholder", {"name": "x", "original-image-url": "not a url"})
    response = client.post("/v1/custom-placeholders", bad)
    assert response.status_code == 422 and "/data/attributes/original-image-url" in error_pointers(response)
    taken = resource(
        "custom-placeholder",
        {"name": "x", "original-image-url": "https://example.org/x.jpg"},
        {"event-sub-topic": ("event-sub-topic", sub_topic.pk)},
    )
    assert client.post("/v1/custom-placeholders", taken).status_code == 409
    assert CustomPlaceholder.objects.count() == 1


def test_a_sub_topics_placeholder_or_null():
    sub_topic = EventSubTopicFactory()
    assert Api().get(f"/v1/event-sub-topics/{sub_topic.pk}/custom-placeholder").json()["data"] is None
    placeholder = CustomPlaceholderFactory(event_sub_topic=sub_topic)
    response = Api().get(f"/v1/event-sub-topics/{sub_topic.pk}/custom-placeholder")
    assert response.json()["data"]["id"] == str(placeholder.pk)
    assert Api().get("/v1/event-sub-topics/999999/custom-placeholder").status_code == 404
