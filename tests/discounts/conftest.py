from decimal import Decimal

import pytest

from tests.conftest import Api
from tests.factories.discounts import EventCodeFactory, TicketCodeFactory
from tests.factories.events import EventFactory, TicketFactory, grant
from tests.factories.users import UserFactory


@pytest.fixture
def paid(event):
    return TicketFactory(event=event, name="Standard", price=Decimal("100.00"), quantity=100)


@pytest.fixture
def cheap(event):
    return TicketFactory(event=event, name="Student", price=Decimal("15.00"), quantity=100)


@pytest.fixture
def free(event):
    return TicketFactory(event=event, name="Community", type="free", price=None, quantity=100)


@pytest.fixture
def code(event, paid, cheap):
    return TicketCodeFactory(event=event, code="FOSS10", tickets=[paid, cheap])


@pytest.fixture
def event_code(event):
    return EventCodeFactory(code="PLATFORM", events=[event])


@pytest.fixture
def other_event(db):
    return EventFactory()


@pytest.fixture
def other_organizer(other_event):
    """An organizer of another event: no rights on `event`."""
    user = UserFactory()
    grant(user, other_event, "organizer")
    return Api(user)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Role fixtures create many users; a fast hasher keeps these tests quick (no security meaning here)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
