"""Export then import gives back an equal event: every field of every record, links and media."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from events.models import Event, Microlocation, Session, SessionType, SocialLink, Speaker, SpeakersCall, Sponsor, Track
from forms.models import CustomForm, CustomFormTranslation
from media.storage import get_storage, save_file
from tests.factories import (
    EventTopicFactory,
    EventTypeFactory,
    MicrolocationFactory,
    SessionFactory,
    SessionTypeFactory,
    SocialLinkFactory,
    SpeakerFactory,
    SpeakersCallFactory,
    SponsorFactory,
    TrackFactory,
    UserFactory,
)
from tests.factories import media as media_files
from transfers.exporter import export_event
from transfers.importer import import_archive
from transfers.normalise import MEDIA_FIELDS

pytestmark = pytest.mark.django_db

NOT_COMPARED = {
    "id",
    "event",
    "event_id",
    "identifier",
    "state",
    "last_modified_at",
    "creator",
    "creator_id",
    "user",
    "user_id",
}


def stored(key, content):
    return save_file(key, content)[1]


def rich_event():
    topic = EventTopicFactory(name="Science & Technology")
    event = Event.objects.create(
        name="Round Trip Conf",
        starts_at=timezone.now().replace(microsecond=123456) + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=4),
        timezone="Europe/Berlin",
        latitude=52.5,
        longitude=13.4,
        description="<p>Ünïcode ✓</p>",
        owner_name="Org",
        payment_currency="EUR",
        is_map_shown=True,
        online=True,
        document_links=[{"name": "CoC", "link": "https://example.org/coc"}],
        privacy="private",
        state="published",
        logo_url=stored("events/src/logo.png", media_files.png()),
        event_type=EventTypeFactory(name="Conference"),
        event_topic=topic,
        created_at=timezone.now() - dt.timedelta(days=30),
    )
    rooms = [MicrolocationFactory(event=event, name=f"Room {i}", floor=i, position=i) for i in range(2)]
    tracks = [TrackFactory(event=event, name=f"Track {i}", color="#abc", description="d") for i in range(2)]
    types = [SessionTypeFactory(event=event, name=f"Type {i}", length=f"00:{15 * (i + 1)}") for i in range(2)]
    speakers = [
        SpeakerFactory(
            event=event,
            name=f"Speaker {i}",
            photo_url=stored(f"events/src/p{i}.jpg", media_files.image_bytes("JPEG", color=(i * 60, 30, 30))),
            complex_field_values={"shoe": i},
            speaker_positions=[1, 2],
            is_featured=bool(i),
            order=i,
        )
        for i in range(3)
    ]
    SpeakerFactory(event=event, name="Gone", deleted_at=timezone.now())
    SponsorFactory(
        event=event,
        name="ACME",
        logo_url=stored("events/src/acme.png", media_files.png((20, 10))),
        level=2,
        type="Gold",
    )
    for i in range(4):
        session = SessionFactory(
            event=event,
            title=f"Talk {i}",
            track=tracks[i % 2],
            microlocation=rooms[i % 2],
            session_type=types[i % 2],
            video_url=stored(f"events/src/v{i}.mp4", media_files.MP4) if i == 0 else "https://youtube.com/x",
            audio_url=stored("events/src/a.mp3", media_files.MP3) if i == 1 else None,
            slides_url=stored("events/src/s.pdf", media_files.pdf()) if i == 2 else None,
            slides=[{"name": "s", "link": "https://example.org/s.pdf"}],
            complex_field_values={"q": "a"},
            average_rating=4.5,
            rating_count=2,
            submitted_at=timezone.now(),
            state=["accepted", "confirmed", "draft", "rejected"][i],
            level="Beginner",
        )
        session.speakers.set(speakers[: i % 3 + 1])
    SessionFactory(event=event, title="Deleted talk", deleted_at=timezone.now())
    SocialLinkFactory(event=event, name="Twitter", link="https://twitter.com/x")
    SpeakersCallFactory(event=event, announcement="Call!", hash="abc", privacy="private")
    form = CustomForm.objects.create(
        event=event,
        field_identifier="shortAbstract",
        form="session",
        name="Short Abstract",
        is_required=True,
        is_included=True,
        type="paragraph",
        position=3,
        min=1,
        max=50,
    )
    CustomFormTranslation.objects.create(custom_form=form, name="Kurz", language_code="de")
    CustomForm.objects.create(
        event=event, field_identifier="shoe", form="speaker", form_id="f1", name="Shoe", is_public=True
    )
    return event


def media_bytes(url):
    if not url:
        return url
    base = get_storage().url("x")[:-1]
    if not url.startswith(base):
        return url
    with get_storage().open(url[len(base) :], "rb") as handle:
        return handle.read()


def row(obj, media=()):
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in NOT_COMPARED:
            continue
        value = getattr(obj, field.name)
        if field.name in media:
            value = media_bytes(value)
        elif field.is_relation:
            value = value.name if value is not None else None
        values[field.name] = value
    return values


def snapshot(event):
    def rows(model, collection=None, order=("name",)):
        media = MEDIA_FIELDS.get(collection, {})
        return [row(o, media) for o in model.all_objects.filter(event=event).order_by(*order)]

    sessions = Session.all_objects.filter(event=event).order_by("title")
    return {
        "event": row(event, MEDIA_FIELDS["event"]),
        "microlocations": rows(Microlocation),
        "tracks": rows(Track),
        "session_types": rows(SessionType),
        "speakers": rows(Speaker, "speakers"),
        "sponsors": rows(Sponsor, "sponsors"),
        "sessions": rows(Session, "sessions", ("title",)),
        "links": [sorted(s.speakers.values_list("name", flat=True)) for s in sessions],
        "social_links": rows(SocialLink),
        "speakers_call": rows(SpeakersCall, order=("id",)),
        "forms": [row(f) for f in CustomForm.objects.filter(event=event).order_by("field_identifier")],
        "translations": list(
            CustomFormTranslation.objects.filter(custom_form__event=event).values_list("name", "language_code")
        ),
    }


def test_export_then_import_gives_an_equal_event():
    source = rich_event()
    path = export_event(source, ["image", "video", "document", "audio"])
    with open(path, "rb") as handle:
        outcome = import_archive(handle, UserFactory())
    copy = outcome.event
    assert copy.pk != source.pk and copy.identifier != source.identifier
    before, after = snapshot(source), snapshot(copy)
    assert outcome.warnings == []
    for key in before:
        assert after[key] == before[key], key
    # media really were copied to the new event's keys, not pointing at the old files
    assert copy.logo_url != source.logo_url and f"/events/{copy.identifier}/" in copy.logo_url
    assert outcome.warnings == []


def test_export_without_media_keeps_urls():
    source = rich_event()
    path = export_event(source, [])
    with open(path, "rb") as handle:
        copy = import_archive(handle, UserFactory()).event
    assert copy.logo_url.startswith("http") and copy.logo_url.endswith(source.logo_url)


def test_export_is_importable_twice_with_new_identifiers():
    source = rich_event()
    with open(export_event(source, ["image"]), "rb") as handle:
        data = handle.read()
    first = import_archive(io.BytesIO(data), UserFactory()).event
    second = import_archive(io.BytesIO(data), UserFactory()).event
    assert len({source.identifier, first.identifier, second.identifier}) == 3
