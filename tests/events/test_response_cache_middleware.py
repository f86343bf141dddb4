"""Cached reads are served by the innermost middleware, before routing and DRF: the same answer, headers and
metrics label as a fresh one; a shared cache that is down costs speed, never the answer."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from eventyay.api import response_cache
from eventyay.api.response_cache import CACHE_HEADER
from eventyay.observability.metrics import REQUESTS
from tests.conftest import Api
from tests.factories.sessions import full_session

pytestmark = pytest.mark.django_db

INCLUDE = "speakers,track,microlocation,session-type"
OWN = {CACHE_HEADER, "X-Request-ID", "Date"}


@pytest.fixture
def programme(event):
    return [full_session(event, speakers=2, state="accepted") for _ in range(2)]


def read(event, **extra):
    return Api().client.get(
        f"/v1/events/{event.pk}/sessions", {"include": INCLUDE}, HTTP_ACCEPT="application/vnd.api+json", **extra
    )


def test_a_hit_carries_the_headers_of_the_fresh_answer(event, programme):
    miss, hit = read(event), read(event)
    assert (miss[CACHE_HEADER], hit[CACHE_HEADER]) == ("miss", "hit")
    assert miss.content == hit.content
    assert {k: v for k, v in miss.headers.items() if k not in OWN} == {
        k: v for k, v in hit.headers.items() if k not in OWN
    }
    assert "Allow" in hit.headers and "X-Frame-Options" in hit.headers


def test_a_hit_skips_routing_and_the_view_but_is_counted_under_its_route(event, programme, django_assert_num_queries):
    read(event), read(event)  # stored, then read once from the shared cache into this process
    route = "v1/events/<str:event_id>/sessions"
    before = REQUESTS.labels(route=route, method="GET", status="200")._value.get()
    with django_assert_num_queries(1):  # the event's programme version, nothing else
        assert read(event)[CACHE_HEADER] == "hit"
    assert REQUESTS.labels(route=route, method="GET", status="200")._value.get() == before + 1


@pytest.mark.parametrize("role", ("user", "organizer"))
def test_a_signed_in_read_is_never_a_hit(event, programme, as_role, role):
    read(event), read(event)
    response = as_role(role).get(f"/v1/events/{event.pk}/sessions", include=INCLUDE)
    assert response.status_code == 200 and CACHE_HEADER not in response.headers


def test_a_shared_cache_that_is_down_still_answers(event, programme, settings):
    settings.CACHES = {
        **settings.CACHES,
        "down": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    settings.RESPONSE_CACHE_ALIAS = "down"
    first, second = read(event), read(event)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and second[CACHE_HEADER] == "miss"


def test_the_local_entries_stay_within_their_bytes(settings):
    settings.RESPONSE_CACHE_LOCAL_BYTES = 4000
    entries = response_cache.LocalEntries()
    for number in range(10):
        entries.put(f"k{number}", (b"x" * 900, "application/json", "W/1", (), b""))
    assert entries.size <= 4000 and entries.get("k9") is not None and entries.get("k0") is None


def test_start_up_fails_without_the_middleware(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != response_cache.MIDDLEWARE_PATH]
    with pytest.raises(SystemCheckError, match="E002"):
        call_command("check")


def test_a_hit_for_a_gzip_client_is_the_same_answer_compressed(event, programme):
    import gzip

    plain = read(event)
    read(event)
    compressed = read(event, HTTP_ACCEPT_ENCODING="br, gzip;q=0.9")
    assert compressed[CACHE_HEADER] == "hit" and compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) * 4 < len(plain.content)
    assert compressed["ETag"] == plain["ETag"] and "Accept-Encoding" in compressed["Vary"]
    assert "Content-Encoding" not in read(event).headers  # no gzip asked, none sent
