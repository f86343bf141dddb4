"""JSON:API serializers of sessions and speakers (reference §3.10, §3.12).

The rules live in `events.domain.sessions`; `validate()` passes them what they need (the caller, the event,
the attributes of this write) and `create`/`update` store through the same module.
"""

from rest_framework_json_api import serializers

from events.domain import session_access, sessions
from events.models import Event, Microlocation, Session, SessionType, Speaker, Track
from eventyay.api.relations import Relation
from eventyay.api.serializers import PrivateFieldsMixin, ResourceSerializer

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
            sessions.check_submission_allowed(_caller(self), event, "Sessions")
        elif event.pk != self.instance.event_id:
            raise serializers.ValidationError("A session cannot move to another event.")
        return event

    def validate(self, attrs):
        event = attrs.get("event") or self.instance.event
        return sessions.check_session_write_rules(_caller(self), event, attrs, self.instance)

    def create(self, validated_data):
        return sessions.create_session(validated_data)

    def update(self, instance, validated_data):
        send_email = validated_data.pop("send_email", False)
        return sessions.update_session(instance, validated_data, send_email=send_email)


class SpeakerSerializer(PrivateFieldsMixin, ResourceSerializer):
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
    #: Shown to some callers only: never filterable or sortable through a relationship but by staff.
    private_fields = ("email", "mobile", "address", "heard_from", "sponsorship_required", "speaking_experience")

    def sees_private(self, instance):
        return session_access.sees_speaker_private(self.viewer(), instance)

    class Meta:
        model = Speaker
        resource_name = "speaker"
        collection = "speakers"
        exclude = ()

    def validate_event(self, event):
        if self.instance is None:
            sessions.check_submission_allowed(_caller(self), event, "Speakers")
        elif event.pk != self.instance.event_id:
            raise serializers.ValidationError("A speaker cannot move to another event.")
        return event

    def validate(self, attrs):
        event = attrs.get("event") or self.instance.event
        return sessions.check_speaker_write_rules(_caller(self), event, attrs, self.instance)
