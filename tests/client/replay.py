"""The recorded world of `../shared/client/requests.json` and how its requests map onto ours.

The world: `seed_demo` (admin user 1, organizer user 2, demo event 1 with three tickets and a social link) and
the FOSSASIA 2016 sample imported by the organizer and published (event 2). Recorded ids are those of that world;
`url_for` maps them onto the ids of the world built here.
"""

import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

CLIENT_DATA = settings.BASE_DIR.parent / "shared" / "client"
COMPATIBILITY = settings.BASE_DIR / "docs" / "compatibility.md"


@dataclass
class Case:
    page: str
    index: int
    role: str  # anonymous | admin | organizer (before the page's login everyone is anonymous)
    method: str
    url: str

    @property
    def id(self):
        return f"{self.page}#{self.index} {self.method} {self.url[:80]}"


def load_cases():
    path = CLIENT_DATA / "requests.json"
    if not path.is_file():
        return []
    recorded = json.loads(path.read_text())
    cases = []
    for page in recorded["pages"]:
        role = page["as"]
        logged_in = not any(r["url"] == "/auth/session" for r in page["requests"])
        for index, request in enumerate(page["requests"]):
            if request["url"] == "/auth/session":
                logged_in = True
            who = role if logged_in and role != "visitor" else "anonymous"
            cases.append(Case(page["page"], index, who, request["method"], request["url"]))
    return cases


def load_models():
    path = CLIENT_DATA / "models.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def documented_exceptions():
    """{type: {attribute or relationship}} from the table in docs/compatibility.md that the replay honours."""
    exceptions = {}
    for line in COMPATIBILITY.read_text().splitlines():
        match = re.match(r"^\| `([a-z-]+)` \| (.+?) \|", line)
        if match:
            names = re.findall(r"`([a-z-]+)`", match.group(2))
            exceptions.setdefault(match.group(1), set()).update(names)
    return exceptions


@dataclass
class World:
    demo: object
    fossasia: object
    admin: object
    organizer: object
    tickets: list
    social_link: object

    def url_for(self, url):
        url = url.replace("{demo}", self.demo.identifier).replace("{fossasia2016}", self.fossasia.identifier)
        events = {"1": self.demo.pk, "2": self.fossasia.pk}
        users = {"1": self.admin.pk, "2": self.organizer.pk}
        tickets = {str(n + 1): ticket.pk for n, ticket in enumerate(self.tickets)}
        links = {"1": self.social_link.pk}

        def swap(match):
            collection, ref = match.group(1), match.group(2)
            table = {"events": events, "users": users, "tickets": tickets, "social-links": links}.get(collection, {})
            return f"/v1/{collection}/{table.get(ref, ref)}"

        return re.sub(r"/v1/([a-z-]+)/(\d+)(?=/|\?|$)", swap, url)


def build_world(shared_data):
    from django.core.management import call_command

    from events.models import Event
    from eventyay.users.models import User
    from transfers.importer import import_archive

    call_command("seed_demo", verbosity=0)
    admin = User.objects.get(email="admin@eventyay.local")
    organizer = User.objects.get(email="organizer@eventyay.local")
    demo = Event.objects.get(name="eventyay Demo Summit")
    with open(Path(shared_data) / "open-event-samples" / "FOSSASIASummit2016.zip", "rb") as handle:
        fossasia = import_archive(handle, organizer).event
    fossasia.state = Event.State.PUBLISHED
    fossasia.save(update_fields=["state"])
    return World(demo, fossasia, admin, organizer, list(demo.tickets.order_by("pk")), demo.social_links.first())
