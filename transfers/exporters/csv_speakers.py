"""Speakers as CSV: Open Event's columns, then one column per custom speaker form field (private export)."""

from transfers.exporters.csv_sessions import CONTENT_TYPE, EXTENSION, write
from transfers.exporters.programme import answer, plain_text

__all__ = ["CONTENT_TYPE", "EXTENSION", "HEADERS", "render"]

HEADERS = (
    "Speaker Name",
    "Speaker Email",
    "Speaker Session(s)",
    "Speaker Mobile",
    "Speaker Bio",
    "Speaker Organisation",
    "Speaker Position",
    "Speaker Experience",
    "Speaker Sponsorship Required",
    "Speaker City",
    "Speaker Country",
    "Speaker Website",
    "Speaker Twitter",
    "Speaker Facebook",
    "Speaker Github",
    "Speaker LinkedIn",
)


def render(programme):
    fields = programme.speaker_fields
    rows = [[*HEADERS, *(f.name or f.field_identifier for f in fields)]]
    for speaker in programme.speakers:
        rows.append(
            [
                speaker.name,
                speaker.email or "",
                "; ".join(f"{s.title} ({s.state})" for s in speaker.session_list),
                speaker.mobile or "",
                plain_text(speaker.short_biography),
                speaker.organisation or "",
                speaker.position or "",
                plain_text(speaker.speaking_experience),
                plain_text(speaker.sponsorship_required),
                speaker.city or "",
                speaker.country or "",
                speaker.website or "",
                speaker.twitter or "",
                speaker.facebook or "",
                speaker.github or "",
                speaker.linkedin or "",
                *(answer(speaker, f) for f in fields),
            ]
        )
    return write(rows)
