"""Where the events app's rules used to live; they are in `events.domain` now, split by subject.

Kept so that code written against `events.services` (other apps, scripts) still imports; new code imports
`events.domain.<subject>`.
"""

from events.domain.events import *  # noqa: F403
from events.domain.programme import *  # noqa: F403
from events.domain.roles import *  # noqa: F403
from events.domain.tickets import *  # noqa: F403
from events.domain.tickets import sold_ticket_counters  # noqa: F401
