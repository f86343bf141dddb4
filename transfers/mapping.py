"""What each collection of an Open Event zip is called, holds and points at: the tables the normaliser reads.

Keys are model field names after `-` → `_`; the exporter writes the same names back.
"""

import re

from events.models import Event, Microlocation, Session, SessionType, SocialLink, Speaker, SpeakersCall, Sponsor, Track
from forms.models import CustomForm

#: Old and alternative key names → model field names, per collection (after `-` → `_`).
ALIASES = {
    "event": {
        "start_time": "starts_at",
        "end_time": "ends_at",
        "organizer_name": "owner_name",
        "organizer_description": "owner_description",
        "background_image": "original_image_url",
        "background_url": "original_image_url",
        "logo": "logo_url",
        "thumbnail": "thumbnail_image_url",
        "large": "large_image_url",
        "icon": "icon_image_url",
        "event_url": "external_event_url",
        "has_session_speakers": "is_sessions_speakers_enabled",
        "scheduled_published_on": "schedule_published_on",
        "call_for_papers": "speakers_call",
    },
    "speakers_call": {"start_date": "starts_at", "end_date": "ends_at", "soft_end_date": "soft_ends_at"},
    "sessions": {"start_time": "starts_at", "end_time": "ends_at", "video": "video_url", "audio": "audio_url"},
    "speakers": {
        "photo": "photo_url",
        "thumbnail": "thumbnail_image_url",
        "small": "small_image_url",
        "icon": "icon_image_url",
        "featured": "is_featured",
    },
    "sponsors": {"logo": "logo_url", "sponsor_type": "type"},
    "tracks": {},
    "microlocations": {},
    "session_types": {},
    "social_links": {},
    "forms": {},
}

#: Keys known and deliberately not imported (not reported as unknown).
SKIPPED = {
    "event": {
        "id",
        "identifier",
        "state",
        "creator",
        "creator_id",
        "version",
        "event_type_id",
        "event_topic_id",
        "deleted_at",
        "event_sub_topic_id",
        "is_stripe_linked",
    },
    "sessions": {"id", "event", "event_id", "creator", "creator_id", "last_modified_at"},
    "speakers": {"id", "event", "event_id", "user", "user_id"},
    "tracks": {"id", "event", "event_id", "font_color"},
    "microlocations": {"id", "event", "event_id"},
    "session_types": {"id", "event", "event_id"},
    "sponsors": {"id", "event", "event_id"},
    "social_links": {"id", "event", "event_id"},
    "speakers_call": {"id", "event", "event_id", "timezone"},
    "forms": {"id", "event", "event_id", "translations", "is_complex", "created_at", "deleted_at"},
}

MODELS = {
    "event": Event,
    "microlocations": Microlocation,
    "tracks": Track,
    "session_types": SessionType,
    "speakers": Speaker,
    "sponsors": Sponsor,
    "sessions": Session,
    "social_links": SocialLink,
    "speakers_call": SpeakersCall,
    "forms": CustomForm,
}

#: Fields that hold a file; relative paths in them refer to files inside the zip.
MEDIA_FIELDS = {
    "event": {
        "logo_url": "image",
        "original_image_url": "image",
        "thumbnail_image_url": "image",
        "large_image_url": "image",
        "icon_image_url": "image",
    },
    "speakers": {
        "photo_url": "image",
        "thumbnail_image_url": "image",
        "small_image_url": "image",
        "icon_image_url": "image",
    },
    "sponsors": {"logo_url": "image"},
    "sessions": {"slides_url": "document", "video_url": "video", "audio_url": "audio"},
}

REFERENCES = {"track": "tracks", "microlocation": "microlocations", "session_type": "session_types"}
COLLECTION_ORDER = ("microlocations", "tracks", "session_types", "speakers", "sponsors", "sessions")


def is_relative_path(value):
    if not isinstance(value, str) or not value.strip():
        return False
    lowered = value.strip().lower()
    return not (re.match(r"^[a-z][a-z0-9+.-]*:", lowered) or lowered.startswith("//"))


def field_map(model):
    return {f.name: f for f in model._meta.concrete_fields if not f.primary_key and not f.is_relation}


FIELDS = {name: field_map(model) for name, model in MODELS.items()}
