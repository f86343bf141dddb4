"""Who may do what: route × method × role → expected status, for every endpoint.

The same data drives `test_permission_matrix.py` (against the seeded world of `tests/factories/contract.py`)
and `docs/permissions.md` (`python -m tests.contract.render_permissions`). Paths name seeded objects with
`{placeholders}`: `{event}` (a published event the roles hold roles on), `{identifier}`, `{<collection>}` (that
event's object of the collection), `{user}` (the plain user, for "self or admin" routes), `{task}` (the
organizer's export task), `{code}` (the event's ticket code).
"""

from dataclasses import dataclass, field

from tests.factories.contract import ROLES

STAFF = frozenset({"admin", "super_admin"})
OWNER = STAFF | {"owner"}
ORG = OWNER | {"organizer"}
ORG_ONLY = frozenset({"owner", "organizer"})
COORG = ORG | {"coorganizer"}
TRACK = COORG | {"track_organizer"}
LOGGED_IN = frozenset(ROLES) - {"anonymous"}
SELF = STAFF | {"user"}
#: The organizer started the seeded import and export jobs.
JOB_OWNER = STAFF | {"organizer"}

#: Short names of the role sets, as the docs show them.
SET_NAMES = {
    STAFF: "admins",
    OWNER: "owner, admins",
    ORG: "organizers, admins",
    ORG_ONLY: "owner, organizer (not admins)",
    COORG: "co-organizers+, admins",
    TRACK: "track-organizers+, admins",
    LOGGED_IN: "any logged-in user",
    SELF: "the user himself, admins",
    JOB_OWNER: "the job's user, admins",
}


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: dict
    body: str | None = None  # a key of BODIES
    who: str = ""
    note: str = ""
    kind: str = field(default="jsonapi")  # jsonapi | json | multipart | plain (GET without a JSON:API Accept)


def allow(allowed, ok=200, denied=403, anonymous=401):
    """`allowed` roles get `ok`; anonymous callers `anonymous`; everyone else `denied`."""
    expected = {}
    for role in ROLES:
        if role in allowed:
            expected[role] = ok
        elif role == "anonymous":
            expected[role] = anonymous
        else:
            expected[role] = denied
    return expected


def everyone(status=200):
    return dict.fromkeys(ROLES, status)


def rule(method, path, allowed, ok=200, body=None, note="", kind="jsonapi", **kwargs):
    who = "everyone" if allowed == frozenset(ROLES) else SET_NAMES.get(allowed, ", ".join(sorted(allowed)))
    return Row(method, path, allow(allowed, ok, **kwargs), body, who, note, kind)


ALL = frozenset(ROLES)

EVENT_CHILDREN = ("tickets", "microlocations", "tracks", "session-types", "sponsors", "social-links")


def child_rows(collection, writers, create_note=""):
    rows = [
        rule("POST", f"/v1/{collection}", writers, 201, body=collection, note=create_note),
        rule("GET", f"/v1/{collection}/{{{collection}}}", ALL),
        rule("PATCH", f"/v1/{collection}/{{{collection}}}", writers, body=f"patch-{collection}"),
        rule("GET", f"/v1/{collection}/{{{collection}}}/event", ALL),
        rule("GET", f"/v1/{collection}/{{{collection}}}/relationships/event", ALL),
        rule("DELETE", f"/v1/{collection}/{{{collection}}}", writers),
    ]
    return rows


ROWS = [
    # --- events
    rule("GET", "/v1/events", ALL),
    rule("POST", "/v1/events", LOGGED_IN, 201, body="events", note="the caller becomes the owner"),
    rule("GET", "/v1/events/upcoming", ALL),
    rule("GET", "/v1/events/{event}", ALL),
    rule("GET", "/v1/events/{identifier}", ALL),
    rule("PATCH", "/v1/events/{event}", COORG, body="patch-events"),
    rule("GET", "/v1/events/{event}/event-type", ALL),
    rule("GET", "/v1/events/{event}/relationships/event-type", ALL),
    rule("PATCH", "/v1/events/{event}/relationships/event-type", COORG, body="rel-event-type"),
    *(rule("GET", f"/v1/events/{{event}}/{child}", ALL) for child in (*EVENT_CHILDREN, "sessions", "speakers")),
    rule("GET", "/v1/events/{event}/users-events-roles", COORG),
    rule("GET", "/v1/events/{event}/speakers-call", ALL),
    rule("PATCH", "/v1/events/{event}/speakers-call", COORG, body="patch-event-speakers-call"),
    rule("GET", "/v1/events/{event}/tickets/availability", ALL),
    rule("GET", "/v1/events/{event}/microlocations.geojson", ALL, kind="plain"),
    rule("GET", "/v1/events/{event}/custom-forms", LOGGED_IN),
    rule("POST", "/v1/events/{event}/custom-forms", COORG, 201, body="custom-forms"),
    rule("GET", "/v1/events/{event}/custom-forms/session", LOGGED_IN),
    rule("GET", "/v1/events/{event}/discount-codes", COORG),
    rule("GET", "/v1/events/{event}/discount-code", STAFF, note="the admin-made event code"),
    rule("GET", "/v1/events/{event}/relationships/discount-code", STAFF),
    rule("GET", "/v1/events/{event}/discount-codes/{code}", ALL, note="public code lookup"),
    rule("GET", "/v1/events/{event}/discount-codes/actions/export", COORG, note="CSV"),
    rule("POST", "/v1/events/{event}/discount-codes/actions/generate", COORG, 201, body="generate-codes", kind="json"),
    rule("GET", "/v1/events/{event}/stripe-authorization", ORG),
    rule("POST", "/v1/events/{event}/export/json", COORG, body="export", kind="json", note="starts a job"),
    rule(
        "GET", "/v1/events/{event}/exports/{task}/download", COORG, 404, kind="plain", note="404: the job has no file"
    ),
    *(
        rule("GET", f"/v1/events/{{event}}/export/{route}", COORG, kind="json", note="starts a job")
        for route in (
            "ical",
            "xcal",
            "pentabarf",
            "sessions/pdf",
            "speakers/pdf",
            "orders/csv",
            "orders/pdf",
            "attendees/csv",
            "attendees/pdf",
        )
    ),
    *(
        rule("POST", f"/v1/events/{{event}}/export/{route}", COORG, body="export-csv", kind="json", note="starts a job")
        for route in ("sessions/csv", "speakers/csv")
    ),
    *(
        rule("GET", f"/v1/events/{{event}}/schedule/{fmt}", ALL, kind="plain", note="public programme")
        for fmt in ("ical", "xcal", "pentabarf")
    ),
    rule("DELETE", "/v1/events/{event}", ORG),
    # --- catalogue (admins write)
    *(
        row
        for collection in ("event-types", "event-topics", "event-sub-topics")
        for row in (
            rule("GET", f"/v1/{collection}", ALL),
            rule("POST", f"/v1/{collection}", STAFF, 201, body=collection),
            rule("GET", f"/v1/{collection}/{{{collection}}}", ALL),
            rule("GET", f"/v1/{collection}/{{{collection}}}/events", ALL),
            rule("PATCH", f"/v1/{collection}/{{{collection}}}", STAFF, body=f"patch-{collection}"),
            rule("DELETE", f"/v1/{collection}/{{{collection}}}", STAFF),
        )
    ),
    rule("GET", "/v1/event-topics/{event-topics}/event-sub-topics", ALL),
    # --- the parts of an event
    *child_rows("tickets", COORG),
    rule("GET", "/v1/tickets/{tickets}/discount-codes", COORG),
    rule("GET", "/v1/tickets/{tickets}/orders", COORG, note="also registrars"),
    *child_rows("microlocations", COORG),
    rule("GET", "/v1/microlocations/{microlocations}/sessions", ALL),
    *child_rows("tracks", TRACK),
    rule("GET", "/v1/tracks/{tracks}/sessions", ALL),
    *child_rows("session-types", COORG),
    rule("GET", "/v1/session-types/{session-types}/sessions", ALL),
    *child_rows("sponsors", COORG),
    *child_rows("social-links", COORG),
    *child_rows("speakers-calls", COORG, create_note="after the event's call is deleted: one per event"),
    # --- sessions and speakers
    rule("POST", "/v1/sessions", LOGGED_IN, 201, body="sessions", note="the caller becomes the creator"),
    rule("GET", "/v1/sessions/{sessions}", ALL, note="an accepted session"),
    rule("PATCH", "/v1/sessions/{sessions}", COORG, body="patch-sessions", note="also its creator and speakers"),
    rule("GET", "/v1/sessions/{sessions}/speakers", ALL),
    rule("GET", "/v1/sessions/{sessions}/track", ALL),
    rule("GET", "/v1/sessions/mails", ALL, kind="plain", note="mail templates per state"),
    rule("POST", "/v1/sessions/{sessions}/notify", COORG, body="notify", kind="json", note="mails the speakers"),
    rule("PATCH", "/v1/sessions/{sessions}/relationships/track", COORG, body="rel-session-track"),
    rule("POST", "/v1/sessions/{sessions}/relationships/speakers", COORG, body="rel-session-speakers"),
    rule("DELETE", "/v1/sessions/{sessions}/relationships/speakers", COORG, body="rel-session-speakers"),
    rule("GET", "/v1/sessions/states", ALL),
    rule("DELETE", "/v1/sessions/{sessions}", COORG),
    rule("POST", "/v1/speakers", LOGGED_IN, 201, body="speakers"),
    rule("GET", "/v1/speakers/{speakers}", ALL),
    rule("PATCH", "/v1/speakers/{speakers}", COORG, body="patch-speakers", note="also the speaker's own user"),
    rule("GET", "/v1/speakers/{speakers}/sessions", ALL),
    rule("DELETE", "/v1/speakers/{speakers}", COORG),
    # --- roles
    rule("GET", "/v1/roles", ALL),
    rule("POST", "/v1/roles", STAFF, 201, body="roles"),
    rule("GET", "/v1/roles/{roles}", ALL),
    rule("GET", "/v1/roles/{roles}/role-invites", LOGGED_IN, note="those of the caller's co-organized events"),
    rule("PATCH", "/v1/roles/{roles}", STAFF, body="patch-roles"),
    rule("DELETE", "/v1/roles/{roles}", STAFF, note="a custom role; built-in ones cannot be deleted (422)"),
    rule("GET", "/v1/users-events-roles/{users-events-roles}", COORG),
    rule("GET", "/v1/users-events-roles/{users-events-roles}/role", COORG),
    rule("DELETE", "/v1/users-events-roles/{users-events-roles}", ORG, note="the owner's row: 403 for all"),
    # --- discount codes
    rule("GET", "/v1/discount-codes", STAFF),
    rule("POST", "/v1/discount-codes", COORG, 201, body="discount-codes", note="a ticket code"),
    rule("GET", "/v1/discount-codes/{discount-codes}", COORG),
    rule("GET", "/v1/discount-codes/{discount-codes}/tickets", COORG),
    rule("GET", "/v1/discount-codes/{discount-codes}/events", COORG),
    rule("PATCH", "/v1/discount-codes/{discount-codes}", COORG, body="patch-discount-codes"),
    rule("DELETE", "/v1/discount-codes/{discount-codes}", COORG),
    rule("POST", "/v1/orders/calculate-amount", ALL, body="order", kind="json"),
    rule("POST", "/v1/orders/create-order", LOGGED_IN, 201, body="order", kind="json"),
    # --- custom forms
    rule("POST", "/v1/custom-forms", COORG, 201, body="custom-forms"),
    rule("GET", "/v1/custom-forms/{custom-forms}", ALL),
    rule("PATCH", "/v1/custom-forms/{custom-forms}", COORG, body="patch-custom-forms"),
    rule("DELETE", "/v1/custom-forms/{custom-forms}", COORG),
    # --- Stripe
    rule(
        "POST",
        "/v1/stripe-authorizations",
        ORG_ONLY,
        409,
        body="stripe",
        note="409: the event is already linked; admins may not link an organizer's Stripe account",
    ),
    rule("GET", "/v1/stripe-authorizations/{stripe-authorizations}", ORG),
    rule("DELETE", "/v1/stripe-authorizations/{stripe-authorizations}", ORG),
    # --- site settings (the client's first request; the admins' settings pages)
    rule("GET", "/v1/settings", ALL, note="anonymous and users: the public subset; admins: all but secrets"),
    rule("PATCH", "/v1/settings", STAFF, body="patch-settings"),
    # --- users and auth
    rule("GET", "/v1/users", STAFF),
    rule("POST", "/v1/users", ALL, 201, body="users", note="sign-up"),
    rule("GET", "/v1/users/{user}", SELF),
    rule("PATCH", "/v1/users/{user}", SELF, body="patch-users"),
    *(
        rule("GET", f"/v1/users/{{user}}/{segment}", SELF)
        for segment in ("events", "owner-events", "organizer-events", "coorganizer-events", "discount-codes")
    ),
    rule("GET", "/v1/users/{user}/sessions", ALL, note="only what the caller may see of them"),
    rule("GET", "/v1/users/{user}/speakers", ALL, note="only what the caller may see of them"),
    rule("DELETE", "/v1/users/{user}", SELF),
    rule("POST", "/v1/auth/login", ALL, body="login", kind="json", note="the token in the header is ignored"),
    rule("POST", "/auth/session", ALL, body="login", kind="json"),
    rule("POST", "/v1/auth/logout", ALL, kind="json"),
    rule("POST", "/v1/auth/blacklist", LOGGED_IN, kind="json"),
    rule("POST", "/v1/auth/verify-password", LOGGED_IN, body="password", kind="json"),
    rule("POST", "/v1/users/check_email", ALL, body="email", kind="json"),
    rule("GET", "/v1/users/user-details/get-user-id", LOGGED_IN),
    # --- jobs, transfers, uploads
    rule("GET", "/v1/tasks/{task}", JOB_OWNER, denied=404, note="others: 404, as if it did not exist"),
    rule("GET", "/v1/import-jobs", LOGGED_IN, note="each sees his own"),
    rule("GET", "/v1/import-jobs/{import-jobs}", JOB_OWNER, denied=404),
    rule("DELETE", "/v1/import-jobs/{import-jobs}", JOB_OWNER, denied=404),
    rule("GET", "/v1/export-jobs", LOGGED_IN),
    rule("GET", "/v1/export-jobs/{export-jobs}", JOB_OWNER, denied=404),
    rule("POST", "/v1/events/import/json", LOGGED_IN, 404, kind="multipart", note="404 'File not found': no file sent"),
    rule("POST", "/v1/events/import/pentabarf", LOGGED_IN, 404, kind="multipart", note="frab XML; 404: no file sent"),
    rule("POST", "/v1/upload/image", LOGGED_IN, body="image", kind="json"),
    rule("POST", "/v1/upload/files", LOGGED_IN, body="file", kind="multipart"),
    # --- resources the web client uses (issue 20 point 3)
    rule("GET", "/v1/events/{event}/sessions/dates", ALL, note="days with public sessions"),
    rule("GET", "/v1/events/{event}/has-streams", ALL, note="always no streams"),
    rule("POST", "/v1/role-invites", ORG, 201, body="role-invites", note="an owner invite: the owner, admins"),
    rule("GET", "/v1/events/{event}/role-invites", COORG),
    rule("GET", "/v1/role-invites/{role-invites}", COORG, note="also the invitee"),
    rule("GET", "/v1/role-invites/{role-invites}/role", COORG, note="also the invitee"),
    rule(
        "PATCH",
        "/v1/role-invites/{role-invites}",
        frozenset(),
        405,
        body="patch-role-invites",
        denied=405,
        anonymous=405,
        note="invites are not edited",
    ),
    rule("POST", "/v1/role-invites/{role-invites}/resend-invite", ORG, kind="json", note="a new token"),
    rule("DELETE", "/v1/role-invites/{role-invites}", ORG, note="accepted ones: 409"),
    rule("POST", "/v1/role_invites/user", ALL, body="invite-token", kind="json", note="whoever holds the token"),
    rule(
        "POST",
        "/v1/role_invites/accept-invite",
        frozenset(),
        body="invite-token",
        kind="json",
        note="only the invitee, logged in with the invited address",
    ),
    rule("POST", "/v1/speaker-invites", COORG, 201, body="speaker-invites", note="also the session's speakers"),
    rule("GET", "/v1/speaker-invites", STAFF),
    rule("GET", "/v1/events/{event}/speaker-invites", COORG),
    rule("GET", "/v1/sessions/{sessions}/speaker-invites", COORG, note="also the session's speakers"),
    rule("GET", "/v1/speaker-invites/{speaker-invites}", COORG, note="also the session's speakers, the invitee"),
    rule("GET", "/v1/speaker-invites/{speaker-invites}/session", COORG),
    rule("GET", "/v1/speaker-invites/{speaker-invites}/accept-invite", frozenset(), kind="plain", note="the invitee"),
    rule("POST", "/v1/speaker-invites/{speaker-invites}/reject-invite", frozenset(), kind="json", note="the invitee"),
    rule("DELETE", "/v1/speaker-invites/{speaker-invites}", COORG, note="also the session's speakers"),
    rule("GET", "/v1/events/{event}/event-copyright", ALL, note="data: null when there is none"),
    rule("GET", "/v1/events/{event}/faqs", ALL),
    rule("GET", "/v1/events/{event}/faq-types", ALL),
    rule("GET", "/v1/faq-types/{faq-types}/faqs", ALL),
    rule("POST", "/v1/event-copyrights", COORG, 409, body="event-copyrights", note="409: one per event"),
    *child_rows("event-copyrights", COORG)[1:],
    *child_rows("faqs", COORG),
    *child_rows("faq-types", COORG),
    rule("GET", "/v1/events/{event}/exhibitors", ALL, note="visitors: accepted ones"),
    rule("GET", "/v1/sessions/{sessions}/exhibitors", ALL),
    *child_rows("exhibitors", COORG),
    rule("POST", "/v1/tags", COORG, 201, body="tags"),
    rule("GET", "/v1/events/{event}/tags", TRACK, note="the event's team"),
    rule("GET", "/v1/tags/{tags}", TRACK, note="the event's team"),
    rule("PATCH", "/v1/tags/{tags}", COORG, body="patch-tags"),
    rule("DELETE", "/v1/tags/{tags}", COORG),
    rule("POST", "/v1/feedbacks", LOGGED_IN, 201, body="feedbacks", note="on an event; on a session: co-organizers"),
    rule("GET", "/v1/feedbacks", LOGGED_IN, note="each sees his own"),
    rule("GET", "/v1/events/{event}/feedbacks", COORG),
    rule("GET", "/v1/sessions/{sessions}/feedbacks", COORG),
    rule("GET", "/v1/users/{user}/feedbacks", SELF),
    rule("GET", "/v1/feedbacks/{feedbacks}", COORG | {"user"}, note="the author, co-organizers"),
    rule("PATCH", "/v1/feedbacks/{feedbacks}", frozenset({"user"}), body="patch-feedbacks", note="the author"),
    rule("DELETE", "/v1/feedbacks/{feedbacks}", SELF, note="the author, admins"),
    rule("POST", "/v1/user-favourite-sessions", LOGGED_IN, 201, body="user-favourite-sessions"),
    rule("GET", "/v1/user-favourite-sessions", LOGGED_IN, note="each sees his own"),
    rule("GET", "/v1/users/{user}/user-favourite-sessions", SELF),
    rule("GET", "/v1/users/{user}/favourites", SELF),
    rule("GET", "/v1/users/{user}/attendees", SELF),
    rule("GET", "/v1/sessions/{sessions}/user-favourite-sessions", COORG),
    rule("GET", "/v1/events/{event}/user-favourite-sessions", COORG),
    rule("GET", "/v1/user-favourite-sessions/{user-favourite-sessions}", COORG | {"user"}),
    rule("DELETE", "/v1/user-favourite-sessions/{user-favourite-sessions}", SELF),
    rule("POST", "/v1/notifications", STAFF, 201, body="notifications"),
    rule("GET", "/v1/notifications", LOGGED_IN, note="each sees his own"),
    rule("GET", "/v1/users/{user}/notifications", SELF),
    rule("GET", "/v1/notifications/{notifications}", SELF),
    rule("PATCH", "/v1/notifications/{notifications}", SELF, body="patch-notifications", note="the user: is-read"),
    rule("DELETE", "/v1/notifications/{notifications}", SELF),
    rule("POST", "/v1/email-notifications", LOGGED_IN, 201, body="email-notifications"),
    rule("GET", "/v1/email-notifications", LOGGED_IN, note="each sees his own"),
    rule("GET", "/v1/users/{user}/email-notifications", SELF),
    rule("GET", "/v1/events/{event}/email-notifications", LOGGED_IN, note="each sees his own"),
    rule("GET", "/v1/email-notifications/{email-notifications}", SELF),
    rule("PATCH", "/v1/email-notifications/{email-notifications}", SELF, body="patch-email-notifications"),
    rule("DELETE", "/v1/email-notifications/{email-notifications}", SELF),
    *(
        row
        for collection in ("pages", "custom-placeholders")
        for row in (
            rule("GET", f"/v1/{collection}", ALL),
            rule("POST", f"/v1/{collection}", STAFF, 201, body=collection),
            rule("GET", f"/v1/{collection}/{{{collection}}}", ALL),
            rule("PATCH", f"/v1/{collection}/{{{collection}}}", STAFF, body=f"patch-{collection}"),
            rule("DELETE", f"/v1/{collection}/{{{collection}}}", STAFF),
        )
    ),
    rule("GET", "/v1/events/{event}/general-statistics", COORG),
    *(
        rule("GET", f"/v1/admin/statistics/{name}", STAFF)
        for name in ("events", "users", "sessions", "mails", "groups")
    ),
    *(
        rule("GET", f"/v1/{name}", ALL, note="always empty: not run")
        for name in ("groups", "user-follow-groups", "video-streams", "video-channels", "translation-channels")
    ),
]
