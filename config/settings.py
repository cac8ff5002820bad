"""Settings for the claim tracker, read from the environment.

With no environment at all the tracker runs on a SQLite file in the project
(zero set-up). Production sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and a
PostgreSQL DATABASE_URL, and leaves DJANGO_DEBUG off, which switches on the
secure defaults below so that `manage.py check --deploy` passes.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=true for local development)."
        )
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# An empty DATABASE_URL behaves as unset: SQLite in the project folder.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Reusing connections matters: a reconnect per request triples the
        # latency of small reads on PostgreSQL.
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        # A health check is a `SELECT 1` round trip at the start of a request
        # that reuses a connection. Without it a connection the database dropped
        # (a restart) fails the one request that finds it with a 500; readers
        # should never see that, so it is on unless DJANGO_CONN_HEALTH_CHECKS=false.
        conn_health_checks=env_bool("DJANGO_CONN_HEALTH_CHECKS", True),
    )
}

# PostgreSQL: a statement a connection runs again and again (a list page, a
# detail read) is prepared after its fifth run, and PostgreSQL keeps a plan for it
# when one plan serves every value, instead of planning each request afresh
# (over a millisecond for a list page). Parameters must then travel apart from
# the SQL (server-side binding). A pooler in transaction mode (PgBouncer before
# 1.21) cannot carry prepared statements: DJANGO_DB_PREPARED_STATEMENTS=false.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DJANGO_DB_PREPARED_STATEMENTS", True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Production serves collected files (`manage.py collectstatic`) through
# WhiteNoise; development serves them straight from the apps (WhiteNoise's
# finders), so there is nothing to collect.
STATIC_ROOT = None if DEBUG else BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# "representations" holds rendered claim pages and API bodies under the version
# they show (claims.representations): never stale, so no expiry is needed; the
# oldest go when it is full. Per process; DJANGO_REPRESENTATION_CACHE=off
# measures the pages without it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "representations": {
        "BACKEND": (
            "django.core.cache.backends.locmem.LocMemCache"
            if env_bool("DJANGO_REPRESENTATION_CACHE", True)
            else "django.core.cache.backends.dummy.DummyCache"
        ),
        "LOCATION": "representations",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

LOGIN_URL = "admin:login"

# Where the reference lists (sources, places) and seed articles live.
SEEDS_DIR = Path(os.environ.get("CLAIMS_SEEDS_DIR", BASE_DIR / "seeds"))

# Anonymous reads are throttled per client address; so are failed logins by
# token (claims.api.authentication). Rates are "N/second|minute|hour|day".
API_ANON_RATE = os.environ.get("DJANGO_API_ANON_RATE", "600/minute")
API_USER_RATE = os.environ.get("DJANGO_API_USER_RATE", "3000/minute")
API_FAILED_AUTH_RATE = os.environ.get("DJANGO_API_FAILED_AUTH_RATE", "10/minute")

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header turns "not logged in" into a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone reads; writing needs the model permission (the Editors group has it).
    "DEFAULT_PERMISSION_CLASSES": [
        "claims.api.permissions.ModelPermissionsOrReadOnly",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttling.AnonymousThrottle",
        "claims.api.throttling.EditorThrottle",
    ],
    # DRF's JSON, byte for byte, written by orjson (the list's encoding cost).
    "DEFAULT_RENDERER_CLASSES": [
        "claims.api.renderers.FastJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["claims.api.filtering.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Claim tracker API",
    "DESCRIPTION": (
        "Who claimed what about which event, and whether it holds up. Anyone may read; "
        "writes need an editor's session or token (`Authorization: Token <key>`). Claim "
        "responses carry an `ETag`: send it back as `If-Match` when changing a claim, and a "
        "change made meanwhile by someone else answers 412 instead of being overwritten."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs pages' scripts and styles come from the tracker, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "ClaimKindEnum": "claims.models.ClaimKind",
        "DatePrecisionEnum": "claims.models.DatePrecision",
        "EventKindEnum": "claims.models.EventKind",
        "SourceKindEnum": "claims.models.SourceKind",
        "QuantityEnum": "claims.models.Quantity",
        "RelationKindEnum": "claims.models.RelationKind",
        "RelationStateEnum": "claims.models.RelationState",
        "RelationOriginEnum": "claims.models.RelationOrigin",
    },
}

# Production hardening: on whenever DEBUG is off. Each can be turned off by
# environment for a deployment that terminates TLS elsewhere.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
