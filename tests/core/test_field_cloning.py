"""Fields copied from a class's prototypes are DRF's fields, and no two serializers share their state."""

import pytest
from rest_framework import fields as drf_fields

from events.serializers.event import EventSerializer
from events.serializers.sessions import SessionSerializer, SpeakerSerializer
from eventyay.api.limits import bound_number_fields
from eventyay.api.serializers import ResourceSerializer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("serializer_class", [SessionSerializer, SpeakerSerializer, EventSerializer])
def test_copied_fields_are_the_fields_drf_builds(serializer_class):
    serializer = serializer_class()
    drf_built = bound_number_fields(serializer, super(ResourceSerializer, serializer).get_fields())
    copied = serializer.get_fields()
    assert list(copied) == list(drf_built)
    for name, field in copied.items():
        assert type(field) is type(drf_built[name]), name
        assert repr(field) == repr(drf_built[name]), name
        assert [type(v) for v in field.validators] == [type(v) for v in drf_built[name].validators], name


def test_two_serializers_share_no_mutable_field_state():
    """A copied field is this serializer's own: changing it leaves the next serializer's alone."""
    second_serializer = SessionSerializer()
    first, second = SessionSerializer().fields, second_serializer.fields
    for name in first:
        a, b = first[name], second[name]
        assert a is not b and a.parent is not b.parent
        for key, value in vars(a).items():
            if isinstance(value, list | dict) and value:
                assert value is not vars(b)[key], (name, key)
        child = getattr(a, "child_relation", None) or getattr(a, "child", None)
        if isinstance(child, drf_fields.Field):
            assert child.parent is a and child is not (getattr(b, "child_relation", None) or b.child)
    first["title"].error_messages["blank"] = "changed"
    first["title"].read_only = True
    first["title"].validators.append(lambda value: None)
    assert SessionSerializer().fields["title"].error_messages["blank"] != "changed"
    assert second["title"].read_only is False
    assert len(SessionSerializer().fields["title"].validators) == len(second["title"].validators)
    assert second["speakers"].child_relation.parent is second["speakers"]
    assert second["title"].parent is second_serializer
