"""What the users app needs from the app that owns event roles, declared here and filled by that app.

The core does not know where roles are stored: the app that keeps them registers, from its `ready()`,

- `role_sources`: `(prefetch_lookup, names)`, where `prefetch_lookup` loads a user's role rows for a list and
  `names(user)` gives the role names the user holds on any event (the `is-user-<role>` flags);
- `deletion_blockers`: `blocker(user)` → a message when the user may not be deleted yet (reference §3.1:
  refused while the user is on a live event), else None.
"""

from eventyay.extension_points import declare

role_sources = declare(
    "eventyay.users.extensions.role_sources",
    [],
    filled_by=None,
    purpose="the role names behind the users' is-user-<role> flags",
)
deletion_blockers = declare(
    "eventyay.users.extensions.deletion_blockers",
    [],
    filled_by=None,
    purpose="what keeps a user from being deleted (a role on a live event)",
)


def role_prefetches():
    return [lookup for lookup, _ in role_sources]


def role_names(user):
    names = set()
    for _, source in role_sources:
        names |= set(source(user))
    return names


def deletion_refusal(user):
    """The first blocker's message, or None when the user may be deleted."""
    for blocker in deletion_blockers:
        message = blocker(user)
        if message:
            return message
    return None
