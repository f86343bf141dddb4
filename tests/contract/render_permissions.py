"""Renders `docs/permissions.md` from the permission matrix: `python -m tests.contract.render_permissions`.

`test_permissions_doc_is_current` fails when the file and the matrix disagree.
"""

import sys
from pathlib import Path

import django

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
HEADER = """# Who may do what

Generated from `tests/contract/matrix.py` by `python -m tests.contract.render_permissions`; the same table is
walked by `tests/contract/test_permission_matrix.py` against real objects, so it is what the server does.

Roles: **anon** (no token), **user** (logged in, no role), **attendee** (attendee of *another* event),
**track-org**, **co-org**, **org** (organizer), **owner** of the event, **admin**, **super** (super admin).
Objects are those of one published event. A draft event and its parts answer 404 to everyone but its
co-organizers and admins; another event's objects by id answer 404 where they are not public (see
`tests/contract/test_hostile_input.py`).
"""
SHORT = {
    "anonymous": "anon",
    "user": "user",
    "attendee": "attendee",
    "track_organizer": "track-org",
    "coorganizer": "co-org",
    "organizer": "org",
    "owner": "owner",
    "admin": "admin",
    "super_admin": "super",
}


def render():
    from tests.contract.matrix import ROWS
    from tests.factories.contract import ROLES

    lines = [HEADER, "| route | who | " + " | ".join(SHORT[r] for r in ROLES) + " | note |"]
    lines.append("| --- | --- | " + " | ".join("---" for _ in ROLES) + " | --- |")
    for row in ROWS:
        statuses = " | ".join(str(row.expected[r]) for r in ROLES)
        lines.append(f"| `{row.method} {row.path}` | {row.who} | {statuses} | {row.note} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventyay.settings")
    sys.path.insert(0, str(DOC.parents[1]))
    django.setup()
    DOC.write_text(render())
    print(f"wrote {DOC}")
