"""The parts of the `setting` resource and who may read each field.

Each part is one settings row with a serializer that shapes it: the core's `SiteSettings` row here,
and rows other apps own (the Stripe platform keys of `payments`, the storage of `media`), which they
contribute from their `AppConfig.ready()` so that one resource shows them without the core importing them.
Secrets are write-only fields of those serializers.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    #: Attribute of the composed settings object that holds this row (and the prefix of its fields' sources).
    name: str
    #: Serializer class of the row: its fields are the resource's attributes (wire names, underscored).
    serializer: type
    #: () → the row (an unsaved default when there is none yet).
    load: object
    #: Attributes every caller may read; `signed_in` ones also need a login; the rest are for admins.
    public: frozenset = field(default_factory=frozenset)
    signed_in: frozenset = field(default_factory=frozenset)


_sections = {}


def contribute(section):
    """Called from an app's `ready()`; contributing a section twice replaces it."""
    _sections[section.name] = section


def all_sections():
    return list(_sections.values())
