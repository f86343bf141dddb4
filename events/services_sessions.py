"""Where the session rules used to live; they are in `events.domain.sessions` and `events.domain.session_access`.

Kept so that code written against `events.services_sessions` still imports; new code imports `events.domain`.
"""

from events.domain.session_access import *  # noqa: F403
from events.domain.sessions import *  # noqa: F403
