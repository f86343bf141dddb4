"""`manage.py seed_demo`: a demo admin and a demo event with tickets, codes and a programme.

Idempotent: run it again and it only prints the credentials. It lives in the top app because the
demo spans every domain (events, discounts, forms through `event_created`).
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from discounts.models import DiscountCode
from events import models as ev
from events.services import create_event, grant_role
from eventyay.users.models import User

ADMIN_EMAIL = "admin@eventyay.local"
ADMIN_PASSWORD = "eventyay-admin"  # noqa: S105 - printed demo credentials, DEBUG only
ORGANIZER_EMAIL = "organizer@eventyay.local"
DEMO_NAME = "eventyay Demo Summit"

ROOMS = [
    ("Main Hall", 1.29660, 103.77640, 1),
    ("Workshop Room", 1.29672, 103.77655, 2),
    ("Online stage", None, None, None),
]
TRACKS = [("Open Source", "#1f77b4"), ("Hardware", "#ff7f0e"), ("Community", "#2ca02c")]
TALKS = [
    ("Opening keynote", 0, 60),
    ("Building JSON:API servers on Django", 1, 30),
    ("Soldering for software people", 1, 45),
    ("Running a meetup for ten years", 2, 30),
    ("Import and export of whole events", 0, 30),
    ("Closing panel", 2, 45),
]


class Command(BaseCommand):
    help = "Create a demo admin and a demo event (tickets, discount codes, rooms, tracks, sessions, speakers)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            self.stderr.write("seed_demo only runs with DEBUG on (it creates an admin with a known password).")
            raise SystemExit(1)
        with transaction.atomic():
            self._user(ADMIN_EMAIL, is_admin=True, is_super_admin=True, is_staff=True, is_superuser=True)
            organizer = self._user(ORGANIZER_EMAIL)
            event = ev.Event.objects.filter(name=DEMO_NAME).first() or self._event(organizer)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin: {ADMIN_EMAIL} / {ADMIN_PASSWORD}   Demo organizer: {ORGANIZER_EMAIL} / {ADMIN_PASSWORD}\n"
                f"Demo event: /v1/events/{event.identifier}  (admin at /admin/, API docs at /v1/docs, "
                f"map at /e/{event.identifier}/map)"
            )
        )

    def _user(self, email, **flags):
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, ADMIN_PASSWORD, is_verified=True, first_name="Demo", **flags)
        return user

    def _event(self, organizer):
        start = (timezone.now() + dt.timedelta(days=30)).replace(hour=9, minute=0, second=0, microsecond=0)
        event = create_event(
            organizer,
            name=DEMO_NAME,
            starts_at=start,
            ends_at=start + dt.timedelta(days=1, hours=9),
            timezone="Asia/Singapore",
            location_name="Lifelong Learning Institute, Singapore",
            latitude=1.3349,
            longitude=103.8964,
            description="A demo event created by `manage.py seed_demo`.",
            state=ev.Event.State.PUBLISHED,
            is_sessions_speakers_enabled=True,
            is_sponsors_enabled=True,
            is_map_shown=True,
            payment_currency="SGD",
            can_pay_onsite=True,
        )
        grant_role(organizer, event, "organizer")
        sales = {"sales_starts_at": timezone.now() - dt.timedelta(days=1), "sales_ends_at": start}
        free = ev.Ticket.objects.create(event=event, name="Community", type="free", price=Decimal("0"), **sales)
        regular = ev.Ticket.objects.create(event=event, name="Regular", type="paid", price=Decimal("120.00"), **sales)
        ev.Ticket.objects.create(event=event, name="Supporter", type="paid", price=Decimal("300.00"), **sales)
        code = DiscountCode.objects.create(
            event=event,
            code="EARLYBIRD",
            value=Decimal("20"),
            type="percent",
            used_for="ticket",
            tickets_number=50,
            marketer=organizer,
        )
        code.tickets.set([regular, free])
        rooms = [
            ev.Microlocation.objects.create(event=event, name=n, latitude=la, longitude=lo, floor=f, position=i)
            for i, (n, la, lo, f) in enumerate(ROOMS)
        ]
        tracks = [ev.Track.objects.create(event=event, name=n, color=c) for n, c in TRACKS]
        talk = ev.SessionType.objects.create(event=event, name="Talk", length="00:30")
        speakers = [
            ev.Speaker.objects.create(event=event, name=name, email=f"speaker{i}@eventyay.local", organisation=org)
            for i, (name, org) in enumerate(
                [("Ada Example", "FOSSASIA"), ("Linus Sample", "Hardware Lab"), ("Grace Demo", "Meetup Org")]
            )
        ]
        at = start
        for i, (title, track, minutes) in enumerate(TALKS):
            session = ev.Session.objects.create(
                event=event,
                title=title,
                track=tracks[track],
                microlocation=rooms[i % 2],
                session_type=talk,
                starts_at=at,
                ends_at=at + dt.timedelta(minutes=minutes),
                state=ev.Session.State.ACCEPTED,
                creator=organizer,
            )
            session.speakers.set([speakers[i % len(speakers)]])
            at += dt.timedelta(minutes=minutes + 15)
        ev.Sponsor.objects.create(event=event, name="Demo Foundation", level=1, url="https://example.org")
        ev.SocialLink.objects.create(event=event, name="twitter", link="https://twitter.com/eventyay")
        return event
