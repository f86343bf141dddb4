"""Request bodies shaped as the web client's store sends them.

Ember Data's JSON:API serializer sends every attribute the client's model declares (null when never set, the
server's value on an edit, read-only ones included unless the model marks them), every to-one relationship that
points at a saved record, and the to-many relationships that have no inverse to-one (sent even when empty).
The attribute names below are the client's model declarations, written out by hand; a trailing `?` marks a
boolean, which Ember's boolean transform sends as `false` when it was never set (never null).
"""

SESSION = [
    "title",
    "subtitle",
    "starts-at",
    "ends-at",
    "short-abstract",
    "long-abstract",
    "language",
    "level",
    "comments",
    "state",
    "website",
    "twitter",
    "facebook",
    "github",
    "gitlab",
    "linkedin",
    "instagram",
    "slides",
    "video-url",
    "audio-url",
    "signup-url",
    "send-email?",
    "average-rating",
    "mastodon",
    "is-locked?",
    "is-mail-sent?",
    "created-at",
    "deleted-at",
    "submitted-at",
    "last-modified-at",
    "favourite-count",
    "complex-field-values",
]
SPEAKER = [
    "name",
    "email",
    "photo-url",
    "thumbnail-image-url",
    "icon-image-url",
    "small-image-url",
    "short-biography",
    "long-biography",
    "speaking-experience",
    "mobile",
    "location",
    "website",
    "twitter",
    "facebook",
    "github",
    "linkedin",
    "mastodon",
    "instagram",
    "organisation",
    "is-featured?",
    "is-email-overridden?",
    "position",
    "country",
    "city",
    "gender",
    "heard-from",
    "order",
    "complex-field-values",
    "speaker-positions",
]
DISCOUNT_CODE = [
    "code",
    "type",
    "value",
    "tickets-number",
    "min-quantity",
    "max-quantity",
    "valid-from",
    "discount-url",
    "valid-till",
    "used-for",
    "is-active?",
    "created-at",
]
ROLE_INVITE = ["email", "hash", "status", "created-at", "role-name"]
SPEAKER_INVITE = ["email", "status", "created-at"]


def ref(type_, id_):
    return {"type": type_, "id": str(id_)}


def body(type_, names, values=None, relationships=None, id=None, stored=None):
    """Every declared attribute: `values` over `stored` (the record as the server last sent it) over null."""
    values = values or {}
    stored = stored or {}
    booleans = {name[:-1] for name in names if name.endswith("?")}
    names = [name.rstrip("?") for name in names]
    unknown = set(values) - set(names)
    assert not unknown, f"the client's {type_} model declares no {sorted(unknown)}"
    attributes = {name: values.get(name, stored.get(name)) for name in names}
    for name in booleans:
        attributes[name] = bool(attributes[name])
    data = {"type": type_, "attributes": attributes}
    if id is not None:
        data["id"] = str(id)
    if relationships:
        data["relationships"] = {
            name: {"data": [ref(*item) for item in value] if isinstance(value, list) else ref(*value)}
            for name, value in relationships.items()
        }
    return {"data": data}


def edited(api, url, type_, names, values=None, relationships=None):
    """What a save after an edit sends: the stored record read back, with the changed values over it."""
    response = api.get(url)
    assert response.status_code == 200, response.content
    stored = response.json()["data"]
    return body(type_, names, values, relationships, id=stored["id"], stored=stored["attributes"])
