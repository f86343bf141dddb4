"""Features eventyay does not run answer well-formed empty collections to everyone."""

import pytest

from not_run.views import COLLECTIONS
from tests.events.support import ROLES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("collection", COLLECTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_empty_collections(as_role, collection, role):
    # The client's own query for promoted groups.
    response = as_role(role).get(
        f"/v1/{collection}", filter='[{"name":"is-promoted","op":"eq","val":true}]', include="user", cache="true"
    )
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/vnd.api+json")
    assert response.json() == {
        "data": [],
        "links": {"self": f"/v1/{collection}"},
        "meta": {"count": 0},
        "jsonapi": {"version": "1.0"},
    }


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_nothing_can_be_written(as_role, collection):
    response = as_role("admin").post(f"/v1/{collection}", {"data": {"type": COLLECTIONS[collection]}})
    assert response.status_code == 405
