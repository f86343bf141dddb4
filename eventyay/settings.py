"""Settings, read from the environment (see `.env.example`).

The defaults give a self-contained development server: SQLite under `var/`,
jobs run in-process, files on local disk. Production selects PostgreSQL,
Redis/RQ and S3 through `DATABASE_URL`, `REDIS_URL` and `STORAGE_BACKEND`.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["*"] if DEBUG else [])
FRONTEND_URL = env.str("FRONTEND_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework_json_api",
    "rest_framework_simplejwt.token_blacklist",
    "django_rq",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "eventyay.users",
    "eventyay.tasks",
    "eventyay.sitesettings",
    "eventyay",
    "events",
    "discounts",
    "payments",
    "forms",
    "media",
    "transfers",
    "invites",
    "content",
    "stats",
    "not_run",
    "engagement",
]

MIDDLEWARE = [
    "eventyay.cors.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "eventyay.api.etag.WeakETagMiddleware",
    "eventyay.api.response_cache.CachedReadMiddleware",  # innermost: anonymous cached reads before routing
]

ROOT_URLCONF = "eventyay.urls"
WSGI_APPLICATION = "eventyay.wsgi.application"
APPEND_SLASH = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'eventyay.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep a worker's connection between requests (a new PostgreSQL connection costs a backend fork per request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Django's backends with cheaper datetime conversions (eventyay/db_backends).
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.sqlite3": "eventyay.db_backends.sqlite3",
    "django.db.backends.postgresql": "eventyay.db_backends.postgresql",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent writers on the embedded default: WAL lets readers run beside one writer, the busy timeout
    # makes a writer wait for the lock instead of failing, and IMMEDIATE transactions take the write lock at
    # BEGIN (a deferred transaction that reads and then writes can only fail with "database is locked").
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.int("SQLITE_BUSY_TIMEOUT_SECONDS", default=20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file too (not the shared-cache in-memory database), so races run as in production; one per
    # test run (its process id), so that two runs in one checkout do not share it.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(VAR_DIR / f"test_eventyay_{os.getpid()}.sqlite3")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = env.str("MEDIA_URL", default="/media/")

# --- Storage (see media/storage.py: one place decides where files go) ---
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="local")  # local | s3 | gcs
AWS_ACCESS_KEY_ID = env.str("AWS_ACCESS_KEY_ID", default="")
AWS_SECRET_ACCESS_KEY = env.str("AWS_SECRET_ACCESS_KEY", default="")
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="us-east-1")
GS_BUCKET_NAME = env.str("GS_BUCKET_NAME", default="")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Jobs: Redis + RQ when REDIS_URL is set, otherwise in-process ("embedded") ---
REDIS_URL = env.str("REDIS_URL", default="")
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}
JOBS_EMBEDDED = not REDIS_URL
# A queued job's worker records a heartbeat this often; a poll that sees none for TASK_DEAD_AFTER_SECONDS
# reports the job failed (its worker was killed) instead of running.
TASK_HEARTBEAT_SECONDS = env.float("TASK_HEARTBEAT_SECONDS", default=10)
TASK_DEAD_AFTER_SECONDS = env.int("TASK_DEAD_AFTER_SECONDS", default=60)

# --- E-mail ---
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="eventyay <noreply@eventyay.local>")

# --- CORS (eventyay/cors.py): any origin may call the API without credentials (tokens travel in the
# Authorization header); only the origins in CORS_ALLOWED_ORIGINS get credentialed answers (cookies). ---
CORS_ALLOW_ALL_ORIGINS = env.bool("CORS_ALLOW_ALL_ORIGINS", default=True)
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_CREDENTIALS = False
# The web client sends X-CSRF-Token when it refreshes its token.
CORS_ALLOW_HEADERS = (*default_cors_headers, "x-csrf-token")

# --- REST framework and JSON:API conventions (eventyay/api) ---
REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "eventyay.api.exceptions.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "eventyay.api.pagination.OpenEventPagination",
    "DEFAULT_PARSER_CLASSES": ("eventyay.api.parsers.JSONAPIParser",),
    "DEFAULT_RENDERER_CLASSES": ("eventyay.api.renderers.JSONAPIRenderer",),
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "eventyay.api.negotiation.ClientNegotiation",
    "DEFAULT_METADATA_CLASS": "rest_framework_json_api.metadata.JSONAPIMetadata",
    "DEFAULT_FILTER_BACKENDS": (
        "eventyay.api.filters.QueryParameterFilter",
        "eventyay.api.filters.OpenEventFilter",
        "eventyay.api.filters.SortFilter",
    ),
    "DEFAULT_AUTHENTICATION_CLASSES": ("eventyay.users.authentication.JWTAuthentication",),
    "DEFAULT_PERMISSION_CLASSES": ("rest_framework.permissions.AllowAny",),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular_jsonapi.schemas.openapi.JsonApiAutoSchema",
    "DEFAULT_THROTTLE_RATES": {
        "login": env.str("LOGIN_THROTTLE_RATE", default="20/min"),
        "signup": env.str("SIGNUP_THROTTLE_RATE", default="20/hour"),
        "notify": env.str("NOTIFY_THROTTLE_RATE", default="30/hour"),
    },
    # Proxies in front of the server whose X-Forwarded-For is trusted; 0 = key on the socket's address.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "TEST_REQUEST_RENDERER_CLASSES": (
        "eventyay.api.renderers.JSONAPIRenderer",
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.MultiPartRenderer",
    ),
    "TEST_REQUEST_DEFAULT_FORMAT": "vnd.api+json",
    "ORDERING_PARAM": "sort",
    "SEARCH_PARAM": "filter[search]",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
JSON_API_FORMAT_FIELD_NAMES = "dasherize"
JSON_API_FORMAT_TYPES = "dasherize"
JSON_API_FORMAT_RELATED_LINKS = "dasherize"
JSON_API_PLURALIZE_TYPES = False
JSON_API_UNIFORM_EXCEPTIONS = True

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(days=1),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=365),
    "AUTH_HEADER_TYPES": ("JWT", "Bearer"),
    "USER_ID_CLAIM": "identity",
    "TOKEN_TYPE_CLAIM": "type",
    "SIGNING_KEY": SECRET_KEY,
    "ALGORITHM": "HS256",
}
REMEMBER_ME_ACCESS_LIFETIME = timedelta(minutes=90)

SPECTACULAR_SETTINGS = {
    "TITLE": "eventyay API",
    "DESCRIPTION": "Open Event Server v1 compatible JSON:API for events, tickets and programmes.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # eventyay/api/schema.py: plain-JSON operations, JWT scheme, and the JSON:API conventions applied once.
    "PREPROCESSING_HOOKS": ["eventyay.api.schema.preprocess_endpoints"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "eventyay.api.schema.postprocess_schema",
    ],
    "ENUM_NAME_OVERRIDES": {
        "DiscountCodeResourceTypeEnum": [("discount-code", "discount-code")],
        "AccessCodeResourceTypeEnum": [("access-code", "access-code")],
        "TaxResourceTypeEnum": [("tax", "tax")],
    },
}

# --- Health check ---
HEALTH_CHECK_CACHE_PASS_SECONDS = 27
HEALTH_CHECK_CACHE_FAIL_SECONDS = 9

# --- Shared cache: throttle counters, health results and cached answers seen by every process ---
# Redis when REDIS_URL is set (REDIS_CACHE_URL picks another database), else a table of the main database
# (created by `migrate`, see eventyay/apps.py). Never per-process memory: several workers share counters.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default="") or REDIS_URL
if REDIS_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "KEY_PREFIX": "eventyay",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "eventyay_cache",
            "KEY_PREFIX": "eventyay",
        }
    }

# --- Limits ---
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_PAGE_SIZE = env.int("MAX_PAGE_SIZE", default=1000)
# Open Event's `create_event` user permission: may users who have not verified their e-mail create events?
UNVERIFIED_USERS_MAY_CREATE_EVENTS = env.bool("UNVERIFIED_USERS_MAY_CREATE_EVENTS", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}


# ---------------------------------------------------------------------------
# App sections: each app keeps its settings in its own block below.
# --- payments (Stripe Connect) ---
# Platform keys of the Stripe Connect application (a PaymentSettings row in the admin overrides them).
STRIPE_CLIENT_ID = env.str("STRIPE_CLIENT_ID", default="")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_CONNECT_BASE = env.str("STRIPE_CONNECT_BASE", default="https://connect.stripe.com")
STRIPE_TIMEOUT_SECONDS = env.float("STRIPE_TIMEOUT_SECONDS", default=10.0)
# Ticket payments: Stripe's API base, the webhook endpoint's signing secret (whsec_…) and the platform's fee.
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="https://api.stripe.com")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
STRIPE_APPLICATION_FEE_PERCENT = env.str("STRIPE_APPLICATION_FEE_PERCENT", default="0")
# Fernet key(s) for Stripe secrets at rest; comma-separated, newest first (rotation). Derived from SECRET_KEY in DEBUG.
STRIPE_SECRETS_KEY = env.str("STRIPE_SECRETS_KEY", default="")
# --- payments (orders) ---
# Minutes an unpaid order holds its tickets before it expires (Open Event's order-expiry-time).
ORDER_EXPIRY_MINUTES = env.int("ORDER_EXPIRY_MINUTES", default=15)
# --- media (uploads) ---
# Size limits per upload endpoint (bytes); beyond them the API answers 413.
UPLOAD_FILES_MAX_BYTES = env.int("UPLOAD_FILES_MAX_BYTES", default=100 * 1024 * 1024)
UPLOAD_IMAGE_MAX_BYTES = env.int("UPLOAD_IMAGE_MAX_BYTES", default=10 * 1024 * 1024)
UPLOAD_MAX_FILES = env.int("UPLOAD_MAX_FILES", default=20)
# Images larger than this many pixels are refused (decompression bombs).
UPLOAD_IMAGE_MAX_PIXELS = env.int("UPLOAD_IMAGE_MAX_PIXELS", default=60_000_000)
# Local files are served by the app at /v1/media/ (with safe headers) unless a web server serves MEDIA_URL.
MEDIA_SERVED_BY_APP = env.bool("MEDIA_SERVED_BY_APP", default=True)
# Absolute base for local file URLs made outside a request (jobs); blank = the request's host.
MEDIA_BASE_URL = env.str("MEDIA_BASE_URL", default="")
# This API's public address (https://api.example.org): media and export download links are made absolute with it
# when MEDIA_BASE_URL is blank (the web client would resolve a path against its own host).
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="")
# Thumbnails of event, speaker and sponsor images when their URL changes to one of our uploads.
MEDIA_AUTO_THUMBNAILS = env.bool("MEDIA_AUTO_THUMBNAILS", default=True)
AWS_DEFAULT_ACL = env.str("AWS_DEFAULT_ACL", default="public-read") or None  # blank: a bucket policy decides
AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None
AWS_S3_ADDRESSING_STYLE = env.str("AWS_S3_ADDRESSING_STYLE", default="") or None  # path | virtual
# Google Cloud Storage through its S3-compatible XML API with HMAC keys (as Open Event's gs_key/gs_secret).
GS_ACCESS_KEY_ID = env.str("GS_ACCESS_KEY_ID", default="")
GS_SECRET_ACCESS_KEY = env.str("GS_SECRET_ACCESS_KEY", default="")
GS_ENDPOINT_URL = env.str("GS_ENDPOINT_URL", default="https://storage.googleapis.com")
GS_DEFAULT_ACL = env.str("GS_DEFAULT_ACL", default="public-read") or None
# --- transfers (import/export) ---
TRANSFERS_MAX_UPLOAD_BYTES = env.int("TRANSFERS_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
TRANSFERS_MAX_UNCOMPRESSED_BYTES = env.int("TRANSFERS_MAX_UNCOMPRESSED_BYTES", default=1024 * 1024 * 1024)
TRANSFERS_MAX_ENTRIES = env.int("TRANSFERS_MAX_ENTRIES", default=20000)
TRANSFERS_MAX_JSON_BYTES = env.int("TRANSFERS_MAX_JSON_BYTES", default=256 * 1024 * 1024)
#: Records of one kind (sessions, speakers, ...) an imported archive may hold; more refuses the archive.
TRANSFERS_MAX_RECORDS = env.int("TRANSFERS_MAX_RECORDS", default=50_000)
# --- discounts ---
# Most tickets of one kind a single order (or price calculation) may ask for.
DISCOUNT_MAX_ORDER_QUANTITY = env.int("DISCOUNT_MAX_ORDER_QUANTITY", default=1000)
# Most codes one bulk-generation request may create.
DISCOUNT_BULK_MAX_CODES = env.int("DISCOUNT_BULK_MAX_CODES", default=5000)
# --- forms ---
# Most answers a session's or speaker's complex-field-values may hold (reference §3.8: 30).
FORMS_MAX_COMPLEX_FIELDS = env.int("FORMS_MAX_COMPLEX_FIELDS", default=30)
# --- pages ---
# Tile server of the room map (/e/<identifier>/map), e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png;
# blank = no tiles, the markers show on a blank map (installs that run offline).
MAP_TILE_URL = env.str("MAP_TILE_URL", default="")
# Attribution the tile server asks for (HTML is escaped; plain text such as "© OpenStreetMap contributors").
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")
# --- cluster (response cache, metrics, logs; docs/deployment.md) ---
# Anonymous reads of a published event's programme are cached under the programme's version
# (eventyay/api/response_cache.py); a write bumps the version, so the TTL only bounds memory.
# How long the signed download link of a finished export opens without a JWT (transfers/download_links.py).
EXPORT_LINK_SECONDS = env.int("EXPORT_LINK_SECONDS", default=24 * 3600)
RESPONSE_CACHE_ENABLED = env.bool("RESPONSE_CACHE_ENABLED", default=True)
RESPONSE_CACHE_SECONDS = env.int("RESPONSE_CACHE_SECONDS", default=3600)
# Bytes of those answers each process also keeps in memory (keys carry the version: never stale).
RESPONSE_CACHE_LOCAL_BYTES = env.int("RESPONSE_CACHE_LOCAL_BYTES", default=32 * 1024 * 1024)
# `Cache-Control: public, max-age=N` on those reads, for a CDN in front (0: revalidate with the ETag every time).
RESPONSE_CACHE_MAX_AGE = env.int("RESPONSE_CACHE_MAX_AGE", default=0)
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")  # json: one object per line, with request_id
LOGGING["filters"] = {"request_id": {"()": "eventyay.observability.logs.RequestIdFilter"}}
LOGGING["formatters"]["json"] = {"()": "eventyay.observability.logs.JSONFormatter"}
LOGGING["handlers"]["console"].update(filters=["request_id"], formatter="json" if LOG_FORMAT == "json" else "plain")
MIDDLEWARE.insert(0, "eventyay.observability.middleware.RequestMiddleware")  # request id, metrics, query count
# GET /metrics (Prometheus): for `Authorization: Bearer <METRICS_TOKEN>` or callers from these networks. Loopback
# only in DEBUG: behind a proxy on the same host every caller would come from 127.0.0.1.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"] if DEBUG else [])
# Error reports through Sentry's SDK (optional dependency: requirements/sentry.txt).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from eventyay.observability.sentry import init as _init_sentry

    _init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
