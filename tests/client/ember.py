"""Request bodies shaped as the web client's store sends them.

Ember Data's JSON:API serializer sends every attribute the client's model declares (null when never set, the
server's value on an edit, read-only ones included unless the model marks them), every to-one relationship that
points at a saved record, and the to-many relationships that have no inverse to-one (sent even when empty).
The attribute names below are the client's model declarations, written out by hand; a trailing `?` marks a
boolean, which Ember's boolean transform sends as `false` when it was never set (never null); a trailing `*` an
untyped attribute (`attr()`), which has no transform and is left out of the JSON while it is undefined.
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
    "slides*",
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
    "complex-field-values*",
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
    "complex-field-values*",
    "speaker-positions*",
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
EVENT = """
name description after-order-message starts-at ends-at timezone location-name searchable-location-name
public-stream-link stream-loop? stream-autoplay? longitude latitude logo-url original-image-url is-map-shown?
is-oneclick-signup-enabled? is-sponsors-enabled? is-ticket-form-enabled? is-badges-enabled? is-cfs-enabled?
is-videoroom-enabled? is-sessions-speakers-enabled? is-featured? is-promoted? is-demoted? is-chat-enabled?
is-billing-info-mandatory? is-document-enabled? is-announced? is-tax-enabled? can-pay-by-paypal? can-pay-by-paytm?
can-pay-by-stripe? is-stripe-linked? can-pay-by-cheque? can-pay-by-invoice? can-pay-by-bank? can-pay-by-omise?
can-pay-by-alipay? can-pay-onsite? payment-country payment-currency paypal-email cheque-details invoice-details
bank-details onsite-details refund-policy schedule-published-on has-owner-info? owner-name owner-description
external-event-url ticket-url code-of-conduct state privacy online? chat-room-name deleted-at document-links*
""".split()  # noqa: SIM905 - the client's declaration order, kept readable
TICKET = """
name type price quantity description is-description-visible? is-hidden? sales-starts-at sales-ends-at min-order
max-order min-price max-price is-fee-absorbed? position form-id badge-id
""".split()  # noqa: SIM905
SOCIAL_LINK = ["name", "link", "identifier"]
EVENT_COPYRIGHT = ["holder", "holder-url", "licence", "licence-url", "year", "logo-url"]
TAX = """
name tax-id rate should-send-invoice? country registered-company contact-name email phone address city state zip
invoice-footer is-invoice-sent? is-tax-included-in-price?
""".split()  # noqa: SIM905
SPEAKERS_CALL = ["announcement", "starts-at", "soft-ends-at", "ends-at", "privacy", "hash"]
CUSTOM_FORM = """
field-identifier form type name is-required? is-public? is-included? is-fixed? position is-complex? description
form-id min max translations* main-language is-allow-edit?
""".split()  # noqa: SIM905
ROLE_INVITE = ["email", "hash", "status", "created-at", "role-name"]
SPEAKER_INVITE = ["email", "status", "created-at"]


def ref(type_, id_):
    return {"type": type_, "id": str(id_)}


def body(type_, names, values=None, relationships=None, id=None, stored=None):
    """Every declared attribute: `values` over `stored` (the record as the server last sent it) over null."""
    values = values or {}
    stored = stored or {}
    booleans = {name[:-1] for name in names if name.endswith("?")}
    untyped = {name[:-1] for name in names if name.endswith("*")}
    names = [name.rstrip("?*") for name in names if name[:-1] not in untyped or name[:-1] in values | stored]
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


def echoed(api, url, type_, names, values=None, include=None, to_many=(), drop=()):
    """A whole record saved back after an edit page loaded it with `include`: its attributes with `values` over
    them, every to-one linkage it got (Ember sends each loaded `belongsTo`), the `to_many` linkages it got."""
    response = api.get(url, **({"include": include} if include else {}))
    assert response.status_code == 200, response.content
    stored = response.json()["data"]
    document = body(type_, names, values, id=stored["id"], stored=stored["attributes"])
    relationships = {}
    for name, relation in stored.get("relationships", {}).items():
        data = relation.get("data")
        if name in drop or data is None or (isinstance(data, list) and name not in to_many):
            continue
        relationships[name] = {"data": data}
    document["data"]["relationships"] = relationships
    return document
