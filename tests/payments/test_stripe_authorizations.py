"""The routes of §3.7 for every role, and every bad input."""

import pytest

from payments.models import StripeAuthorization
from tests.conftest import Api, resource
from tests.factories import EventFactory, UserFactory, grant
from tests.factories.payments import StripeAuthorizationFactory
from tests.payments.helpers import COLLECTION, assert_error, link_body, nothing_stored

pytestmark = pytest.mark.django_db


@pytest.fixture
def stripe_event(event):
    event.can_pay_by_stripe = True
    event.save()
    return event


@pytest.fixture
def linked(stripe_event):
    return StripeAuthorizationFactory(event=stripe_event)


# ----------------------------------------------------------------- create
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("user", 403),
        ("owner", 201),
        ("organizer", 201),
        ("coorganizer", 403),
        ("track_organizer", 403),
        ("admin", 403),
        ("super_admin", 403),
    ],
)
def test_create_by_role(as_role, stripe_event, fake_stripe, role, status):
    response = as_role(role).post(COLLECTION, link_body(stripe_event))
    assert response.status_code == status, response.content
    stripe_event.refresh_from_db()
    if status == 201:
        authorization = StripeAuthorization.objects.get(event=stripe_event)
        data = response.json()["data"]
        assert data["type"] == "stripe-authorization"
        assert data["id"] == str(authorization.pk)
        assert data["attributes"] == {"stripe-publishable-key": "pk_test_good"}
        assert data["relationships"]["event"]["data"] == {"type": "event", "id": str(stripe_event.pk)}
        assert data["relationships"]["event"]["links"] == {
            "self": f"/v1/stripe-authorizations/{authorization.pk}/relationships/event",
            "related": f"/v1/stripe-authorizations/{authorization.pk}/event",
        }
        assert response["Location"] == f"/v1/stripe-authorizations/{authorization.pk}"
        assert authorization.stripe_secret_key == "sk_test_SECRETKEYgood"
        assert authorization.stripe_refresh_token == "rt_REFRESHTOKENgood"
        assert authorization.stripe_user_id == "acct_good"
        assert stripe_event.is_stripe_linked is True
        assert fake_stripe.calls[0]["params"] == {"grant_type": "authorization_code", "code": "ac_good"}
    else:
        assert nothing_stored(stripe_event)
        assert fake_stripe.calls == []  # refused before the code is spent


def test_create_admin_who_is_also_organizer_may_link(role_users, stripe_event):
    grant(role_users["admin"], stripe_event, "organizer")
    assert Api(role_users["admin"]).post(COLLECTION, link_body(stripe_event)).status_code == 201


def test_create_on_draft_event_of_someone_else_is_404(stripe_event):
    draft = EventFactory(state="draft", can_pay_by_stripe=True)
    response = Api(UserFactory()).post(COLLECTION, link_body(draft))
    assert_error(response, 404)
    assert nothing_stored(draft)


def test_create_on_draft_event_by_its_owner(role_users):
    draft = EventFactory(state="draft", can_pay_by_stripe=True)
    grant(role_users["owner"], draft, "owner")
    assert Api(role_users["owner"]).post(COLLECTION, link_body(draft)).status_code == 201


def test_create_event_without_stripe_is_403(as_role, event, fake_stripe):
    response = as_role("owner").post(COLLECTION, link_body(event))
    assert_error(response, 403, "Stripe payment is disabled for this Event")
    assert nothing_stored(event) and fake_stripe.calls == []


def test_create_second_authorization_is_409(as_role, linked, fake_stripe):
    response = as_role("owner").post(COLLECTION, link_body(linked.event, "ac_other"))
    assert_error(response, 409, "Stripe Authorization already exists for this event")
    assert StripeAuthorization.objects.get(event=linked.event).stripe_user_id == linked.stripe_user_id
    assert fake_stripe.calls == []


@pytest.mark.parametrize(
    ("attributes", "pointer"),
    [
        ({}, "/data/attributes/stripe-auth-code"),
        ({"stripe-auth-code": ""}, "/data/attributes/stripe-auth-code"),
        ({"stripe-auth-code": None}, "/data/attributes/stripe-auth-code"),
        ({"stripe-auth-code": "x" * 513}, "/data/attributes/stripe-auth-code"),
    ],
)
def test_create_bad_code_is_422(as_role, stripe_event, fake_stripe, attributes, pointer):
    body = resource("stripe-authorization", attributes, {"event": ("event", stripe_event.pk)})
    assert_error(as_role("owner").post(COLLECTION, body), 422, pointer=pointer)
    assert nothing_stored(stripe_event) and fake_stripe.calls == []


@pytest.mark.parametrize("event_rel", ["missing", None, ("event", 999999), ("event", "abc")])
def test_create_bad_event_is_422(as_role, stripe_event, fake_stripe, event_rel):
    rels = {} if event_rel == "missing" else {"event": event_rel}
    body = resource("stripe-authorization", {"stripe-auth-code": "ac_good"}, rels)
    assert_error(as_role("owner").post(COLLECTION, body), 422, pointer="/data/relationships/event")
    assert nothing_stored(stripe_event) and fake_stripe.calls == []


def test_create_wrong_type_is_409(as_role, stripe_event):
    body = resource("stripe-authorizations", {"stripe-auth-code": "ac_good"}, {"event": ("event", stripe_event.pk)})
    assert as_role("owner").post(COLLECTION, body).status_code == 409
    assert nothing_stored(stripe_event)


def test_create_wrong_content_type_is_415(as_role, stripe_event):
    response = as_role("owner").post(COLLECTION, link_body(stripe_event), content_type="application/json")
    assert response.status_code == 415
    assert nothing_stored(stripe_event)


def test_create_read_only_attributes_are_ignored(as_role, stripe_event):
    body = link_body(stripe_event)
    body["data"]["attributes"].update({"stripe-publishable-key": "pk_mine", "stripe-secret-key": "sk_mine"})
    response = as_role("owner").post(COLLECTION, body)
    assert response.status_code == 201
    assert response.json()["data"]["attributes"]["stripe-publishable-key"] == "pk_test_good"
    assert StripeAuthorization.objects.get().stripe_secret_key == "sk_test_SECRETKEYgood"


def test_collection_has_no_list(as_role, linked):
    assert as_role("admin").get(COLLECTION).status_code == 405


# ------------------------------------------------------------------- read
READ_STATUS = [
    ("anonymous", 401),
    ("user", 403),
    ("owner", 200),
    ("organizer", 200),
    ("coorganizer", 403),
    ("track_organizer", 403),
    ("admin", 200),
    ("super_admin", 200),
]


@pytest.mark.parametrize(("role", "status"), READ_STATUS)
def test_detail_by_role(as_role, linked, role, status):
    response = as_role(role).get(f"{COLLECTION}/{linked.pk}")
    assert response.status_code == status, response.content
    if status == 200:
        data = response.json()["data"]
        assert data["id"] == str(linked.pk)
        assert data["attributes"] == {"stripe-publishable-key": linked.stripe_publishable_key}
        assert response.json()["links"]["self"].endswith(f"/v1/stripe-authorizations/{linked.pk}")


@pytest.mark.parametrize(("role", "status"), READ_STATUS)
def test_event_stripe_authorization_by_role(as_role, linked, role, status):
    response = as_role(role).get(f"/v1/events/{linked.event.pk}/stripe-authorization")
    assert response.status_code == status, response.content
    if status == 200:
        assert response.json()["data"]["id"] == str(linked.pk)


def test_event_stripe_authorization_by_identifier(as_role, linked):
    response = as_role("owner").get(f"/v1/events/{linked.event.identifier}/stripe-authorization")
    assert response.status_code == 200
    assert response.json()["data"]["id"] == str(linked.pk)


def test_event_stripe_authorization_none_is_200_null(as_role, stripe_event):
    # An empty to-one is 200 with null data (JSON:API; the web client treats a 404 as an error).
    response = as_role("owner").get(f"/v1/events/{stripe_event.pk}/stripe-authorization")
    assert response.status_code == 200
    assert response.json()["data"] is None


def test_event_stripe_authorization_unknown_event_is_404(as_role):
    assert_error(as_role("admin").get("/v1/events/deadbeef/stripe-authorization"), 404)
    assert_error(as_role("admin").get("/v1/events/999999/stripe-authorization"), 404)


def test_detail_on_draft_event_is_404_for_strangers(role_users):
    draft_link = StripeAuthorizationFactory(event=EventFactory(state="draft", can_pay_by_stripe=True))
    assert_error(Api(role_users["user"]).get(f"{COLLECTION}/{draft_link.pk}"), 404)
    assert_error(Api(role_users["user"]).get(f"/v1/events/{draft_link.event.pk}/stripe-authorization"), 404)


def test_detail_unknown_is_404(as_role):
    assert_error(as_role("admin").get(f"{COLLECTION}/999999"), 404)
    assert_error(as_role("admin").get(f"{COLLECTION}/abc"), 404)


def test_detail_include_event(as_role, linked):
    response = as_role("owner").get(f"{COLLECTION}/{linked.pk}", include="event")
    assert response.status_code == 200
    (included,) = response.json()["included"]
    assert included["type"] == "event" and included["id"] == str(linked.event.pk)
    assert included["attributes"]["is-stripe-linked"] is True


def test_relationship_and_related_event(as_role, linked):
    rel = as_role("owner").get(f"{COLLECTION}/{linked.pk}/relationships/event")
    assert rel.status_code == 200
    assert rel.json()["data"] == {"type": "event", "id": str(linked.event.pk)}
    related = as_role("owner").get(f"{COLLECTION}/{linked.pk}/event")
    assert related.status_code == 200
    assert related.json()["data"]["id"] == str(linked.event.pk)
    assert as_role("user").get(f"{COLLECTION}/{linked.pk}/relationships/event").status_code == 403


def test_detail_query_count_is_fixed(as_role, linked, django_assert_num_queries):
    client = as_role("owner")
    # The user, their roles on the event, the authorization joined with its event (also when included).
    for params in ({}, {"include": "event"}):
        with django_assert_num_queries(3):
            assert client.get(f"{COLLECTION}/{linked.pk}", **params).status_code == 200
    # By event: the user, the event, roles (draft rule), the authorization's id, the relationship's
    # permission check, then the detail lookup.
    with django_assert_num_queries(6):
        assert client.get(f"/v1/events/{linked.event.pk}/stripe-authorization").status_code == 200


def test_update_when_stripe_was_disabled_is_403(as_role, linked, fake_stripe):
    linked.event.can_pay_by_stripe = False
    linked.event.save()
    body = resource("stripe-authorization", {"stripe-auth-code": "ac_rolled"}, id=linked.pk)
    assert_error(as_role("owner").patch(f"{COLLECTION}/{linked.pk}", body), 403, "disabled")
    assert StripeAuthorization.objects.get(pk=linked.pk).stripe_user_id == linked.stripe_user_id
    assert fake_stripe.calls == []


# ----------------------------------------------------------------- update
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("user", 403),
        ("owner", 200),
        ("organizer", 200),
        ("coorganizer", 403),
        ("track_organizer", 403),
        ("admin", 403),
        ("super_admin", 403),
    ],
)
def test_update_by_role(as_role, linked, fake_stripe, role, status):
    body = resource("stripe-authorization", {"stripe-auth-code": "ac_rolled"}, id=linked.pk)
    response = as_role(role).patch(f"{COLLECTION}/{linked.pk}", body)
    assert response.status_code == status, response.content
    stored = StripeAuthorization.objects.get(pk=linked.pk)
    if status == 200:
        assert response.json()["data"]["attributes"] == {"stripe-publishable-key": "pk_test_rolled"}
        assert stored.stripe_secret_key == "sk_test_SECRETKEYrolled"
        assert stored.stripe_user_id == "acct_rolled"
    else:
        assert stored.stripe_secret_key == linked.stripe_secret_key
        assert stored.stripe_user_id == linked.stripe_user_id
        assert fake_stripe.calls == []


def test_update_without_code_changes_nothing(as_role, linked, fake_stripe):
    body = resource("stripe-authorization", {}, {"event": ("event", linked.event.pk)}, id=linked.pk)
    response = as_role("owner").patch(f"{COLLECTION}/{linked.pk}", body)
    assert response.status_code == 200
    assert StripeAuthorization.objects.get(pk=linked.pk).stripe_secret_key == linked.stripe_secret_key
    assert fake_stripe.calls == []


def test_update_cannot_move_to_another_event(role_users, linked):
    other = EventFactory(can_pay_by_stripe=True)
    grant(role_users["owner"], other, "owner")
    body = resource("stripe-authorization", {}, {"event": ("event", other.pk)}, id=linked.pk)
    response = Api(role_users["owner"]).patch(f"{COLLECTION}/{linked.pk}", body)
    assert_error(response, 422, pointer="/data/relationships/event")
    assert StripeAuthorization.objects.get(pk=linked.pk).event_id == linked.event_id


def test_update_id_mismatch_is_400(as_role, linked):
    body = resource("stripe-authorization", {"stripe-auth-code": "ac_rolled"}, id=linked.pk + 1)
    assert as_role("owner").patch(f"{COLLECTION}/{linked.pk}", body).status_code == 400
    assert StripeAuthorization.objects.get(pk=linked.pk).stripe_user_id == linked.stripe_user_id


def test_update_with_refused_code_keeps_old_keys(as_role, linked):
    body = resource("stripe-authorization", {"stripe-auth-code": "ac_invalid"}, id=linked.pk)
    response = as_role("owner").patch(f"{COLLECTION}/{linked.pk}", body)
    assert_error(response, 422, "Authorization code does not exist", pointer="/data/attributes/stripe-auth-code")
    stored = StripeAuthorization.objects.get(pk=linked.pk)
    assert stored.stripe_secret_key == linked.stripe_secret_key and stored.stripe_user_id == linked.stripe_user_id


# ----------------------------------------------------------------- delete
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 401),
        ("user", 403),
        ("owner", 200),
        ("organizer", 200),
        ("coorganizer", 403),
        ("track_organizer", 403),
        ("admin", 200),
        ("super_admin", 200),
    ],
)
def test_delete_by_role(as_role, linked, role, status, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_role(role).delete(f"{COLLECTION}/{linked.pk}")
    assert response.status_code == status, response.content
    event = linked.event
    event.refresh_from_db()
    if status == 200:
        assert response.json()["meta"] == {"message": "Object successfully deleted"}
        assert not StripeAuthorization.objects.filter(pk=linked.pk).exists()
        assert event.is_stripe_linked is False
    else:
        assert StripeAuthorization.objects.filter(pk=linked.pk).exists()
        assert event.is_stripe_linked is True


def test_delete_unknown_is_404(as_role):
    assert_error(as_role("admin").delete(f"{COLLECTION}/999999"), 404)
