"""Creating and changing custom form fields of an event (unique identifiers, translations)."""

import logging

from django.db import transaction
from django.db.models import Q

from eventyay.errors import Conflict, DomainError
from forms.builtins import canonical_name
from forms.domain.defaults import default_form_rows
from forms.models import CustomForm, CustomFormTranslation

logger = logging.getLogger(__name__)


# ------------------------------------------------------------ create / change
def check_unique(event, form, field_identifier, form_id, exclude_pk=None):
    """A missing form-id counts as one value, so a form never gets the same field twice (409)."""
    same_form_id = Q(form_id__isnull=True) | Q(form_id="") if not form_id else Q(form_id=form_id)
    clash = CustomForm.objects.filter(same_form_id, event=event, form=form, field_identifier=field_identifier)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise Conflict(f"The {form} form of this event already has a field '{field_identifier}'.")


def _apply_translations(custom_form, items):
    """Items with an id are updated (or removed with isDeleted), items without one are added."""
    by_id = {t.pk: t for t in custom_form.translations.all()}
    stored = {pk: t.language_code for pk, t in by_id.items()}
    changed = set()
    for item in items:
        item_id = item.get("id")
        if item_id is not None:
            translation = by_id.get(item_id)
            if translation is None:
                raise DomainError(f"Translation {item_id} does not belong to this custom form.", field="translations")
            if item.get("isDeleted"):
                translation.delete()
                del by_id[item_id]
                continue
            translation.name = item["name"]
            translation.language_code = item["language_code"]
            changed.add(item_id)
        elif not item.get("isDeleted"):
            by_id[object()] = CustomFormTranslation(
                custom_form=custom_form, name=item["name"], language_code=item["language_code"]
            )
    languages = [t.language_code for t in by_id.values()]
    duplicates = sorted({code for code in languages if languages.count(code) > 1})
    if duplicates:
        raise DomainError(
            f"Only one translation per language: {', '.join(duplicates)} given twice.", field="translations"
        )
    # Park changed language codes first, so two translations can swap languages without a clash.
    moved = [t for t in by_id.values() if t.pk is not None and t.language_code != stored[t.pk]]
    for translation in moved:
        CustomFormTranslation.objects.filter(pk=translation.pk).update(language_code=f"~{translation.pk}")
    for translation in by_id.values():
        if translation.pk is None or translation.pk in changed:
            translation.save()


def _default_to_update(event, form, field_identifier, form_id):
    """The event's default row of this built-in field (no form-id), which a POST of the same field updates."""
    if form_id or (form, field_identifier) not in {(r.form, r.field_identifier) for r in default_form_rows(event)}:
        return None
    return CustomForm.objects.filter(
        Q(form_id__isnull=True) | Q(form_id=""), event=event, form=form, field_identifier=field_identifier
    ).first()


@transaction.atomic
def create_form(event, translations=None, **fields):
    """A new field on one of the event's forms; translations come with it."""
    fields["name"] = canonical_name(fields["form"], fields["field_identifier"], fields.get("name"))
    default = _default_to_update(event, fields["form"], fields["field_identifier"], fields.get("form_id"))
    if default is not None:
        # The event wizard POSTs the default forms it shows; eventyay made them already: the POST sets them.
        return update_form(default, translations=translations, **fields)
    check_unique(event, fields["form"], fields["field_identifier"], fields.get("form_id"))
    custom_form = CustomForm.objects.create(event=event, **fields)
    if translations:
        _apply_translations(custom_form, translations)
    return custom_form


@transaction.atomic
def update_form(custom_form, translations=None, **fields):
    """Change only what was sent; omitted attributes keep their values (unlike the original's refilled defaults)."""
    for name, value in fields.items():
        setattr(custom_form, name, value)
    custom_form.name = canonical_name(custom_form.form, custom_form.field_identifier, custom_form.name)
    check_unique(
        custom_form.event,
        custom_form.form,
        custom_form.field_identifier,
        custom_form.form_id,
        exclude_pk=custom_form.pk,
    )
    custom_form.save()
    if translations:
        _apply_translations(custom_form, translations)
    return custom_form
