"""Custom forms over HTTP (reference §3.8): routes × roles, bad input, uniqueness, translations, PATCH semantics."""

import pytest

from forms.models import CustomForm, CustomFormTranslation
from tests.conftest import resource
from tests.factories import EventFactory, UserFactory, grant
from tests.factories.forms import CustomFormFactory, CustomFormTranslationFactory
from tests.forms.forms_support import REFUSED, WRITERS, errors_of, form_body

pytestmark = pytest.mark.django_db


# ----------------------------------------------------------------------------- create
@pytest.mark.parametrize("role", WRITERS)
def test_create_custom_form_by_writer(as_role, event, role):
    response = as_role(role).post("/v1/custom-forms", form_body(event, type="select", name="T-shirt size"))

    assert response.status_code == 201, response.json()
    data = response.json()["data"]
    assert data["type"] == "custom-form"
    assert isinstance(data["id"], int)
    assert response["Location"] == f"/v1/custom-forms/{data['id']}"
    assert data["attributes"]["is-complex"] is True
    assert data["attributes"]["type"] == "select"
    assert data["relationships"]["event"]["data"] == {"type": "event", "id": str(event.pk)}
    assert CustomForm.objects.get(pk=data["id"]).event == event


@pytest.mark.parametrize(("role", "status"), REFUSED)
def test_create_custom_form_refused(as_role, event, role, status):
    response = as_role(role).post("/v1/custom-forms", form_body(event))

    assert response.status_code == status
    assert "errors" in response.json()
    assert not CustomForm.objects.exists()


def test_create_under_event_route_takes_the_event_from_the_url(as_role, event):
    response = as_role("coorganizer").post(f"/v1/events/{event.identifier}/custom-forms", form_body())

    assert response.status_code == 201, response.json()
    assert CustomForm.objects.get().event == event


def test_create_under_event_route_refused_for_plain_user(as_role, event):
    response = as_role("user").post(f"/v1/events/{event.pk}/custom-forms", form_body())

    assert response.status_code == 403
    assert not CustomForm.objects.exists()


def test_create_under_event_route_with_another_event_in_body(as_role, event):
    other = EventFactory()
    response = as_role("coorganizer").post(f"/v1/events/{event.pk}/custom-forms", form_body(other))

    assert response.status_code == 422
    assert "/data/relationships/event" in errors_of(response) or "/data/attributes/event" in errors_of(response)
    assert not CustomForm.objects.exists()


def test_create_on_draft_event_hidden_from_plain_user(api, draft_event):
    response = api(UserFactory()).post("/v1/custom-forms", form_body(draft_event))

    assert response.status_code == 404
    assert not CustomForm.objects.exists()


def test_create_on_draft_event_by_its_organizer(api, draft_event):
    user = UserFactory()
    grant(user, draft_event, "organizer")
    response = api(user).post(f"/v1/events/{draft_event.pk}/custom-forms", form_body())

    assert response.status_code == 201


def test_create_built_in_field_gets_canonical_name(as_role, event):
    response = as_role("coorganizer").post(
        "/v1/custom-forms", form_body(event, **{"field-identifier": "shortAbstract", "name": "Anything"})
    )

    attributes = response.json()["data"]["attributes"]
    assert attributes["name"] == "Short Abstract"
    assert attributes["is-complex"] is False


def test_create_applies_defaults(as_role, event):
    response = as_role("coorganizer").post("/v1/custom-forms", form_body(event))

    attributes = response.json()["data"]["attributes"]
    assert attributes["type"] == "text"
    assert attributes["min"] == 0 and attributes["max"] == 10
    assert attributes["position"] == 0
    assert attributes["is-required"] is attributes["is-included"] is attributes["is-fixed"] is False
    assert attributes["form-id"] is None and attributes["translations"] == []


@pytest.mark.parametrize(
    ("attributes", "pointer"),
    [
        ({"field-identifier": None}, "/data/attributes/field-identifier"),
        ({"field-identifier": "t-shirt size"}, "/data/attributes/field-identifier"),
        ({"field-identifier": "x" * 101}, "/data/attributes/field-identifier"),
        ({"form": "order"}, "/data/attributes/form"),
        ({"type": "colour"}, "/data/attributes/type"),
        ({"min": 5, "max": 2}, "/data/attributes/min"),
        ({"position": "first"}, "/data/attributes/position"),
        ({"translations": "de"}, "/data/attributes/translations"),
        ({"translations": [{"name": "Groesse"}]}, "/data/attributes/translations"),
        ({"translations": [{"name": "A", "language_code": "de"}, {"name": "B", "language_code": "de"}]}, None),
    ],
)
def test_create_bad_input_is_422_and_writes_nothing(as_role, event, attributes, pointer):
    body = form_body(event, **attributes)
    body["data"]["attributes"] = {k: v for k, v in body["data"]["attributes"].items() if v is not None}
    response = as_role("coorganizer").post("/v1/custom-forms", body)

    assert response.status_code == 422, response.json()
    if pointer:
        assert pointer in errors_of(response)
    assert not CustomForm.objects.exists()
    assert not CustomFormTranslation.objects.exists()


def test_create_without_event_is_422(as_role):
    response = as_role("admin").post("/v1/custom-forms", form_body())

    assert response.status_code == 422
    assert not CustomForm.objects.exists()


def test_create_wrong_resource_type_is_409(as_role, event):
    body = form_body(event)
    body["data"]["type"] = "session"
    response = as_role("coorganizer").post("/v1/custom-forms", body)

    assert response.status_code == 409
    assert not CustomForm.objects.exists()


def test_create_with_translations(as_role, event):
    translations = [{"name": "Groesse", "language_code": "de"}, {"name": "Taille", "language_code": "fr"}]
    response = as_role("coorganizer").post("/v1/custom-forms", form_body(event, translations=translations))

    assert response.status_code == 201
    shown = response.json()["data"]["attributes"]["translations"]
    assert [(t["name"], t["language_code"]) for t in shown] == [("Groesse", "de"), ("Taille", "fr")]
    assert all(isinstance(t["id"], int) for t in shown)
    assert CustomFormTranslation.objects.count() == 2


# ------------------------------------------------------------------------- uniqueness
def test_duplicate_field_on_same_form_is_409(as_role, event):
    CustomFormFactory(event=event, field_identifier="tshirtSize", form="session")

    response = as_role("coorganizer").post("/v1/custom-forms", form_body(event))

    assert response.status_code == 409
    assert CustomForm.objects.count() == 1


def test_missing_form_id_counts_as_one_value(as_role, event):
    CustomFormFactory(event=event, field_identifier="tshirtSize", form="session", form_id=None)

    response = as_role("coorganizer").post("/v1/custom-forms", form_body(event, **{"form-id": ""}))

    assert response.status_code == 409
    assert CustomForm.objects.count() == 1


def test_same_field_allowed_on_other_form_id_form_or_event(as_role, event):
    CustomFormFactory(event=event, field_identifier="tshirtSize", form="session")
    client = as_role("coorganizer")

    assert client.post("/v1/custom-forms", form_body(event, **{"form-id": "abc"})).status_code == 201
    assert client.post("/v1/custom-forms", form_body(event, form="speaker")).status_code == 201
    assert as_role("admin").post("/v1/custom-forms", form_body(EventFactory())).status_code == 201
    assert CustomForm.objects.count() == 4


def test_patch_into_a_clash_is_409(as_role, event):
    CustomFormFactory(event=event, field_identifier="tshirtSize")
    other = CustomFormFactory(event=event, field_identifier="diet")

    response = as_role("coorganizer").patch(
        f"/v1/custom-forms/{other.pk}", resource("custom-form", {"field-identifier": "tshirtSize"}, id=other.pk)
    )

    assert response.status_code == 409
    other.refresh_from_db()
    assert other.field_identifier == "diet"


def test_database_refuses_duplicates_with_null_form_id(event):
    from django.db import IntegrityError, transaction

    CustomForm.objects.create(event=event, field_identifier="name", form="speaker")
    with pytest.raises(IntegrityError), transaction.atomic():
        CustomForm.objects.create(event=event, field_identifier="name", form="speaker")


# ------------------------------------------------------------------------------- list
@pytest.mark.parametrize(
    "role", ("user", "owner", "organizer", "coorganizer", "track_organizer", "admin", "super_admin")
)
def test_list_event_forms_by_logged_in_user(as_role, event, role):
    CustomFormFactory(event=event)
    CustomFormFactory()  # another event's

    response = as_role(role).get(f"/v1/events/{event.pk}/custom-forms")

    assert response.status_code == 200
    assert response.json()["meta"]["count"] == 1


def test_list_needs_login(as_role, event):
    CustomFormFactory(event=event)

    response = as_role("anonymous").get(f"/v1/events/{event.pk}/custom-forms")

    assert response.status_code == 401


def test_list_by_identifier(as_role, event):
    CustomFormFactory(event=event)

    response = as_role("user").get(f"/v1/events/{event.identifier}/custom-forms")

    assert response.status_code == 200
    assert response.json()["meta"]["count"] == 1


def test_list_of_unknown_event_is_404(as_role):
    assert as_role("user").get("/v1/events/99999/custom-forms").status_code == 404
    assert as_role("user").get("/v1/events/deadbeef/custom-forms").status_code == 404


def test_list_of_draft_event(api, draft_event):
    CustomFormFactory(event=draft_event)
    organizer = UserFactory()
    grant(organizer, draft_event, "coorganizer")

    assert api(UserFactory()).get(f"/v1/events/{draft_event.pk}/custom-forms").status_code == 404
    assert api(organizer).get(f"/v1/events/{draft_event.pk}/custom-forms").status_code == 200


def test_list_sort_and_filter(as_role, event):
    CustomFormFactory(event=event, field_identifier="b", type="text", form="speaker")
    CustomFormFactory(event=event, field_identifier="a", type="email", form="session")
    CustomFormFactory(event=event, field_identifier="c", type="number", form="session")
    client = as_role("user")

    response = client.get(f"/v1/events/{event.pk}/custom-forms", sort="type", filter="[]")
    assert [d["attributes"]["type"] for d in response.json()["data"]] == ["email", "number", "text"]

    response = client.get(
        f"/v1/events/{event.pk}/custom-forms",
        filter='[{"name":"form","op":"eq","val":"session"}]',
        sort="-field-identifier",
    )
    assert [d["attributes"]["field-identifier"] for d in response.json()["data"]] == ["c", "a"]


@pytest.mark.parametrize(
    "params", [{"sort": "colour"}, {"filter": "[{"}, {"filter": '[{"name":"x","op":"eq","val":1}]'}]
)
def test_list_bad_query_is_400(as_role, event, params):
    response = as_role("user").get(f"/v1/events/{event.pk}/custom-forms", **params)

    assert response.status_code == 400
    assert "errors" in response.json()


def test_list_by_form_id(as_role, event):
    CustomFormFactory(event=event, form_id="abc")
    CustomFormFactory(event=event, form_id="abc", field_identifier="other")
    CustomFormFactory(event=event, form_id="xyz")

    response = as_role("user").get(f"/v1/events/{event.pk}/custom-forms/abc")

    assert response.status_code == 200
    assert response.json()["meta"]["count"] == 2
    assert {d["attributes"]["form-id"] for d in response.json()["data"]} == {"abc"}


@pytest.mark.parametrize("count", [1, 4])
def test_list_query_count_does_not_grow(as_role, event, count, django_assert_num_queries):
    for _ in range(count):
        CustomFormTranslationFactory(custom_form=CustomFormFactory(event=event))
    client = as_role("user")
    client.get(f"/v1/events/{event.pk}/custom-forms")  # warm caches outside the count (content types, roles)

    # user, event, count, page, the page's included events (one query), translations prefetch: 1 or many alike
    with django_assert_num_queries(6):
        response = client.get(f"/v1/events/{event.pk}/custom-forms", include="event")

    assert len(response.json()["data"]) == count


# ----------------------------------------------------------------------------- detail
@pytest.mark.parametrize("role", ("anonymous", "user", "owner", "coorganizer", "admin", "super_admin"))
def test_get_detail_by_anyone(as_role, event, role):
    custom_form = CustomFormFactory(event=event)
    CustomFormTranslationFactory(custom_form=custom_form)

    response = as_role(role).get(f"/v1/custom-forms/{custom_form.pk}")

    assert response.status_code == 200
    assert response.json()["data"]["id"] == custom_form.pk
    assert response.json()["data"]["attributes"]["translations"][0]["language_code"] == "de"


def test_get_detail_of_draft_event(api, draft_event):
    custom_form = CustomFormFactory(event=draft_event)
    organizer = UserFactory()
    grant(organizer, draft_event, "coorganizer")

    assert api().get(f"/v1/custom-forms/{custom_form.pk}").status_code == 404
    assert api(UserFactory()).get(f"/v1/custom-forms/{custom_form.pk}").status_code == 404
    assert api(organizer).get(f"/v1/custom-forms/{custom_form.pk}").status_code == 200


def test_get_unknown_is_404(as_role):
    assert as_role("admin").get("/v1/custom-forms/424242").status_code == 404
    assert as_role("admin").get("/v1/custom-forms/abc").status_code == 404


def test_list_of_all_forms_is_not_a_route(as_role):
    assert as_role("admin").get("/v1/custom-forms").status_code == 405


def test_event_relationship_routes(as_role, event):
    custom_form = CustomFormFactory(event=event)
    client = as_role("user")

    linkage = client.get(f"/v1/custom-forms/{custom_form.pk}/relationships/event")
    related = client.get(f"/v1/custom-forms/{custom_form.pk}/event")

    assert linkage.status_code == 200
    assert linkage.json()["data"] == {"type": "event", "id": str(event.pk)}
    assert related.status_code == 200
    assert related.json()["data"]["id"] == str(event.pk)
