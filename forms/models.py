"""Custom form fields: which questions an event's session, speaker and attendee forms ask."""

from django.db import models
from django.db.models.functions import Coalesce

from forms.builtins import is_complex


class CustomForm(models.Model):
    class Form(models.TextChoices):
        ATTENDEE = "attendee", "Attendee"
        SESSION = "session", "Session"
        SPEAKER = "speaker", "Speaker"

    TYPES = (
        "text",
        "checkbox",
        "select",
        "file",
        "image",
        "email",
        "number",
        "paragraph",
        "richtextlink",
        "boolean",
        "year",
    )

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="custom_forms")
    field_identifier = models.CharField(max_length=100, help_text="camelCase name of the field, e.g. shortAbstract.")
    form = models.CharField(max_length=16, choices=Form.choices)
    type = models.CharField(max_length=32, default="text", choices=[(t, t) for t in TYPES])
    name = models.CharField(max_length=255, blank=True, null=True)
    description = models.TextField(blank=True, null=True)
    is_required = models.BooleanField(default=False)
    is_included = models.BooleanField(default=False)
    is_public = models.BooleanField(default=False)
    is_fixed = models.BooleanField(default=False)
    position = models.IntegerField(default=0)
    form_id = models.CharField(max_length=64, blank=True, null=True)
    min = models.IntegerField(default=0)
    max = models.IntegerField(default=10)
    main_language = models.CharField(max_length=32, blank=True, null=True)
    is_allow_edit = models.BooleanField(default=False)

    class Meta:
        ordering = ["form", "position", "id"]
        constraints = [
            # A missing form-id counts as one value, so two `name` fields can never share a form.
            models.UniqueConstraint(
                "event",
                "field_identifier",
                "form",
                Coalesce("form_id", models.Value("")),
                name="unique_custom_form_field",
            )
        ]

    def __str__(self):
        return f"{self.form}.{self.field_identifier}"

    @property
    def is_complex(self):
        """A custom field (not a built-in column of the form); its answer lives in complex-field-values."""
        return is_complex(self.form, self.field_identifier)


class CustomFormTranslation(models.Model):
    custom_form = models.ForeignKey(CustomForm, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=255)
    language_code = models.CharField(max_length=32)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["custom_form", "language_code"], name="unique_form_translation_language")
        ]

    def __str__(self):
        return f"{self.language_code}: {self.name}"
