"""eventyay's settings with the default cache on Redis (`CACHE_REDIS_URL`), for the two-process cache test."""

import os

from eventyay.settings import *  # noqa: F403

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
    }
}
