"""Where the media app's rules used to live; they are in `media.domain` now, split by subject.

Kept so that code written against `media.services` still imports; new code imports `media.domain.<subject>`.
"""

from media.domain.cleanup import *  # noqa: F403
from media.domain.thumbnails import *  # noqa: F403
from media.domain.uploads import *  # noqa: F403
