"""The staff's admin writes custom form fields through the forms domain: same uniqueness rule, same names."""

import pytest
from django.urls import reverse

from forms.models import CustomForm
from tests.factories.forms import CustomFormFactory
from tests.factories.users import SuperAdminFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(SuperAdminFactory())
    return client


def admin_post(client, event, **fields):
    data = {
        "event": event.pk,
        "form": "session",
        "type": "text",
        "position": 0,
        "min": 0,
        "max": 10,
        "translations-TOTAL_FORMS": 0,
        "translations-INITIAL_FORMS": 0,
        "translations-MIN_NUM_FORMS": 0,
        "translations-MAX_NUM_FORMS": 1000,
        **fields,
    }
    return client.post(reverse("admin:forms_customform_add"), data)


def test_admin_refuses_a_duplicate_field_and_writes_nothing(staff_client):
    existing = CustomFormFactory(field_identifier="tshirtSize")
    response = admin_post(staff_client, existing.event, field_identifier="tshirtSize", name="T-shirt")
    assert response.status_code == 200
    assert "already has a field" in response.content.decode()
    assert CustomForm.objects.filter(event=existing.event, field_identifier="tshirtSize").count() == 1


def test_admin_gives_a_built_in_field_its_canonical_name(staff_client):
    event = CustomFormFactory().event
    response = admin_post(staff_client, event, field_identifier="shortAbstract", name="Whatever")
    assert response.status_code == 302
    assert CustomForm.objects.get(event=event, field_identifier="shortAbstract").name == "Short Abstract"
