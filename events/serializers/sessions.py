"""JSON:API serializers of sessions and speakers (reference §3.10, §3.12).

The rules live in `events.services_sessions`; `validate()` only gathers what they need
(the caller, the event, the attributes of this write) and turns their answers into errors.
"""

from django.db import transaction
from rest_framework_json_api import serializers

from events import services_sessions as rules
from events.models import Event, Microlocation, Session, SessionType, Speaker, Track
from events.signals import validate_submission
from eventyay.api.relations import Relation
from eventyay.api.serializers import ResourceSerializer

URL_FIELD = {"allow_null": True, "allow_blank": True, "required": False, "max_length": 2000}
USER_SERIALIZER = "eventyay.users.serializers.PublicUserSerializer"


def _caller(serializer):
    request = serializer.context.get("request")
    return getattr(request, "user", None)


class SlideSerializer(serializers.Serializer):
    name = serializers.CharField(allow_blank=True, required=False)
    link = serializers.URLField()


class SessionSerializer(ResourceSerializer):
    title = serializers.CharField(max_length=500)
    level = serializers.ChoiceField(choices=Session.LEVELS, allow_null=True, required=False)
    state = serializers.ChoiceField(choices=Session.State.choices, required=False)
    slides = SlideSerializer(many=True, allow_null=True, required=False)
    slides_url = serializers.URLField(**URL_FIELD)
    website = serializers.URLField(**URL_FIELD)
    twitter = serializers.URLField(**URL_FIELD)
    facebook = serializers.URLField(**URL_FIELD)
    github = serializers.URLField(**URL_FIELD)
    linkedin = serializers.URLField(**URL_FIELD)
    instagram = serializers.URLField(**URL_FIELD)
    gitlab = serializers.URLField(**URL_FIELD)
    mastodon = serializers.URLField(**URL_FIELD)
    video_url = serializers.URLField(**URL_FIELD)
    audio_url = serializers.URLField(**URL_FIELD)
    signup_url = serializers.URLField(**URL_FIELD)
    complex_field_values = serializers.JSONField(allow_null=True, required=False)
    send_email = serializers.BooleanField(write_only=True, required=False)
    event = Relation(queryset=Event.objects.all())
    microlocation = Relation(queryset=Microlocation.objects.all(), required=False, allow_null=True)
    track = Relation(queryset=Track.objects.all(), required=False, allow_null=True)
    session_type = Relation(queryset=SessionType.objects.all(), required=False, allow_null=True)
    creator = Relation(read_only=True)
    speakers = Relation(many=True, queryset=Speaker.objects.all(), required=False)

    included_serializers = {
        "microlocation": "events.serializers.programme.MicrolocationSerializer",
        "track": "events.serializers.programme.TrackSerializer",
        "session_type": "events.serializers.programme.SessionTypeSerializer",
        "speakers": "events.serializers.sessions.SpeakerSerializer",
        "event": "events.serializers.event.EventSerializer",
        "creator": USER_SERIALIZER,
    }

    class Meta:
        model = Session
        resource_name = "session"
        collection = "sessions"
        exclude = ()
        read_only_fields = (
            "created_at",
            "last_modified_at",
            "average_rating",
            "rating_count",
            "favourite_count",
        )

    def validate_event(self, event):
        if self.instance is None:
            rules.check_submission_allowed(_caller(self), event, "Sessions")
        elif event.pk != self.instance.event_id:
            raise serializers.ValidationError("A session cannot move to another event.")
        return event

    def validate(self, attrs):
        user, instance = _caller(self), self.instance
        event = attrs.get("event") or instance.event
        if instance is None:
            attrs.setdefault("state", Session.State.DRAFT)
        else:
            rules.check_session_write(user, instance, attrs)
        if "state" in attrs:
            rules.check_state(user, event, instance, attrs["state"])
        if "microlocation" in attrs and not rules.is_coorganizer(user, event):
            attrs.pop("microlocation")  # Open Event drops it silently for speakers.
        errors = rules.session_errors(event, attrs, instance)
        if errors:
            raise serializers.ValidationError(errors)
        errors = validate_submission("session", event, attrs, instance, user)
        if errors:
            raise serializers.ValidationError(errors)
        rules.stamp_submission(attrs, instance)
        return attrs

    def create(self, validated_data):
        validated_data.pop("send_email", None)
        return super().create(validated_data)

    def update(self, instance, validated_data):
        send_email = validated_data.pop("send_email", False)
        old_state = instance.state
        instance = super().update(instance, validated_data)
        if send_email and instance.state != old_state and instance.state in rules.MAILED_STATES:
            # Only once the change is committed: a rolled-back write must not have told the speakers.
            transaction.on_commit(lambda: rules.notify_state_change(instance))
        return instance


class SpeakerSerializer(ResourceSerializer):
    name = serializers.CharField(max_length=255)
    email = serializers.EmailField(max_length=255, allow_null=True, allow_blank=True, required=False)
    gender = serializers.ChoiceField(choices=Speaker.GENDERS, allow_null=True, required=False)
    photo_url = serializers.URLField(**URL_FIELD)
    thumbnail_image_url = serializers.URLField(**URL_FIELD)
    small_image_url = serializers.URLField(**URL_FIELD)
    icon_image_url = serializers.URLField(**URL_FIELD)
    website = serializers.URLField(**URL_FIELD)
    twitter = serializers.URLField(**URL_FIELD)
    facebook = serializers.URLField(**URL_FIELD)
    github = serializers.URLField(**URL_FIELD)
    mastodon = serializers.URLField(**URL_FIELD)
    linkedin = serializers.URLField(**URL_FIELD)
    instagram = serializers.URLField(**URL_FIELD)
    complex_field_values = serializers.JSONField(allow_null=True, required=False)
    speaker_positions = serializers.JSONField(allow_null=True, required=False)
    event = Relation(queryset=Event.objects.all())
    user = Relation(read_only=True)
    sessions = Relation(many=True, queryset=Session.objects.all(), required=False)

    included_serializers = {
        "event": "events.serializers.event.EventSerializer",
        "user": USER_SERIALIZER,
        "sessions": "events.serializers.sessions.SessionSerializer",
    }

    class Meta:
        model = Speaker
        resource_name = "speaker"
        collection = "speakers"
        exclude = ()

    def validate_event(self, event):
        if self.instance is None:
            rules.check_submission_allowed(_caller(self), event, "Speakers")
        elif event.pk != self.instance.event_id:
            raise serializers.ValidationError("A speaker cannot move to another event.")
        return event

    def validate(self, attrs):
        user, instance = _caller(self), self.instance
        event = attrs.get("event") or instance.event
        rules.apply_speaker_email_rules(user, event, attrs, instance)
        errors = {}
        if "sessions" in attrs:
            errors.update(rules.check_linked_sessions(user, event, attrs["sessions"]))
        if errors:
            raise serializers.ValidationError(errors)
        errors = validate_submission("speaker", event, attrs, instance, user)
        if errors:
            raise serializers.ValidationError(errors)
        if "email" in attrs:
            rules.check_speaker_email_free(event, attrs["email"], instance)
        return attrs
