"""Custom forms in both shapes archives hold: Open Event's `{session_form: "<json>"}` and one row per form."""

import json

from eventyay.case import camel
from forms.models import CustomForm
from transfers.report import SKIPPED_RECORD


def _key(raw):
    return str(raw).replace("-", "_")


def normalise_forms(rows, ctx, normalise_row):
    """Both shapes: Open Event's `{session_form: "<json>", speaker_form: "<json>"}` and one row per custom form."""
    forms, seen = [], set()

    def add(row):
        row.setdefault("form_id", None)
        key = (row.get("field_identifier"), row.get("form"), row.get("form_id") or "")
        if key in seen:
            ctx.report.add(
                "forms",
                row.get("field_identifier"),
                "field-identifier",
                row.get("field_identifier"),
                SKIPPED_RECORD,
                f"A second {row.get('form')} form field with this identifier; the first one was kept.",
            )
            return
        seen.add(key)
        forms.append(row)

    for i, raw in enumerate(rows):
        if not isinstance(raw, dict):
            ctx.report.add("forms", i, None, raw, SKIPPED_RECORD, "Expected an object describing a form field.")
            continue
        keys = {_key(k): v for k, v in raw.items()}
        legacy = {k: keys[k] for k in ("session_form", "speaker_form", "attendee_form") if k in keys}
        if legacy:
            for form_key, text in legacy.items():
                try:
                    spec = json.loads(text) if isinstance(text, str) else text
                except json.JSONDecodeError:
                    ctx.report.add(
                        "forms", i, form_key, text, SKIPPED_RECORD, "Not valid JSON; this form was not imported."
                    )
                    continue
                if not isinstance(spec, dict):
                    ctx.report.add(
                        "forms",
                        i,
                        form_key,
                        text,
                        SKIPPED_RECORD,
                        "Expected an object of fields; this form was not imported.",
                    )
                    continue
                for position, (fname, flags) in enumerate(spec.items()):
                    flags = flags if isinstance(flags, dict) else {}
                    add(
                        {
                            "form": form_key.split("_")[0],
                            "field_identifier": camel(fname),
                            "type": flags.get("type") if flags.get("type") in CustomForm.TYPES else "text",
                            "is_required": bool(flags.get("require")),
                            "is_included": bool(flags.get("include")),
                            "position": position,
                        }
                    )
            continue
        translations = keys.get("translations")
        row = normalise_row("forms", raw, ctx, i)
        if not row.get("field_identifier") or row.get("form") not in CustomForm.Form.values:
            ctx.report.add(
                "forms",
                i,
                "form",
                raw.get("form"),
                SKIPPED_RECORD,
                "A custom form needs field-identifier and form (session, speaker or attendee).",
            )
            continue
        if isinstance(translations, list):
            row["_translations"] = [
                {
                    "name": str(t.get("name") or ""),
                    "language_code": str(t.get("language_code") or t.get("language-code") or ""),
                }
                for t in translations
                if isinstance(t, dict)
            ]
        add(row)
    return forms
