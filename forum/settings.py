"""Settings for the India–Japan SME Forum portal, read from the environment.

Every value a deployment changes comes from an environment variable (see README). Secrets have
no production default: with DEBUG off and no SECRET_KEY the process refuses to start.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
import dj_email_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from forum.env import env_bool, env_int, env_list, env_str
from forum.ops.logging import logging_config
from forum.ops.sentry import sentry_init

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("PORTAL_TESTING", "pytest" in sys.modules)
# Set by manage.py for commands that only read the code (makemigrations, makemessages): they
# get placeholders for what only a running portal needs. Serving never sets it.
CODE_ONLY = env_bool("PORTAL_CODE_ONLY", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and not TESTING and not CODE_ONLY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 the portal needs a SECRET_KEY of at least "
            "50 random characters, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"] if DEBUG or TESTING else []
)
SITE_URL = (env_str("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", [SITE_URL] if SITE_URL.startswith("https://") else []
)

INSTALLED_APPS = [
    "accounts.admin_apps.PortalAdminConfig",  # django.contrib.admin behind allauth + MFA
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_celery_beat",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "forum",
    "taxonomy",
    "accounts",
    "accounts.notifications",
    "matchmaking",
    "matchmaking.runs",
    "matchmaking.partnerships",
    "programs",
    "digests",
    "forum.discussions",
    "forum.savedsearches",
    "forum.home",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "forum.middleware.BadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "forum.urls"
WSGI_APPLICATION = "forum.wsgi.application"
ASGI_APPLICATION = "forum.asgi.application"

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
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "forum.context_processors.portal",
                "accounts.notifications.context_processors.notifications",
            ],
            "builtins": ["django.templatetags.i18n", "forum.templatetags.portal"],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", "postgres://localhost/portal" if CODE_ONLY else None)
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. `make run` / `make test` start an embedded PostgreSQL and set "
        "it for you; otherwise set DATABASE_URL=postgres://user:password@host:5432/dbname."
    )
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…).")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
_test_db_name = env_str("TEST_DB_NAME")
if _test_db_name:
    DATABASES["default"]["TEST"] = {"NAME": _test_db_name}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache, Celery -------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "redis://localhost:6379/0" if CODE_ONLY else None)
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL is not set. `make run` / `make test` start an embedded Redis and set it for "
        "you; otherwise set REDIS_URL=redis://host:6379/0."
    )
CACHES = {
    "default": {
        # Degrades to misses / allowing when Redis is away, so sign-in keeps working.
        "BACKEND": "forum.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal") or "portal",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 25 * 60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers a task nobody acknowledged after this many seconds (acks_late: a worker
# acknowledges when the task ends), so it must exceed the longest task: a full run's shard
# takes about a minute of one core at 5,000 rows × 1,000,000 profiles (docs/matching.md).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
# Three queues: `celery` (Celery's default: everything else), `matching` (match runs and their shards, served
# by the scalable `matcher` service) and `mail` (digests and every email), so a nightly run
# never delays mail and a digest batch never delays an incremental match.
CELERY_TASK_QUEUES = [Queue("celery"), Queue("matching"), Queue("mail")]
CELERY_TASK_ROUTES = {
    "matchmaking.runs.tasks.match_run_execute_task": {"queue": "matching"},
    "matchmaking.runs.tasks.match_shard_task": {"queue": "matching"},
    "digests.tasks.*": {"queue": "mail"},
    "forum.discussions.tasks.subscription_mail_*": {"queue": "mail"},
    "forum.discussions.tasks.moderation_notice_send_task": {"queue": "mail"},
    "accounts.tasks.*_mail_send": {"queue": "mail"},
    "programs.tasks.*_email": {"queue": "mail"},
    "matchmaking.tasks.introduction_notify": {"queue": "mail"},
}
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Tasks go out through forum.outbox: a message that cannot be published at commit stays in
# PostgreSQL and the sweep (beat, worker start-up) publishes it once older than the grace.
OUTBOX_GRACE_SECONDS = env_int("OUTBOX_GRACE_SECONDS", 30)
OUTBOX_SWEEP_BATCH = env_int("OUTBOX_SWEEP_BATCH", 500)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Default periodic tasks; `manage.py sync_beat_schedule` (run by `make run` and the compose
# stack) writes them into django-celery-beat's tables, where admins can change them.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # 02:00 IST / 05:30 JST: the quietest hour in both countries
    "matchmaking: nightly full match run": {
        "task": "matchmaking.runs.tasks.match_run_full_scheduled",
        "schedule": crontab(minute="30", hour="20"),
    },
    "matchmaking: expire introduction requests": {
        "task": "matchmaking.tasks.introductions_expire",
        "schedule": crontab(minute="5"),
    },
    # Every 15 minutes, so each recipient's 08:00 in their own zone is met (IST is UTC+5:30).
    "digests: send due digests": {
        "task": "digests.tasks.digest_tick",
        "schedule": crontab(minute="*/15"),
    },
    # The batching window is minutes long; a minute's tick ends each one on time.
    "notifications: send batched notification emails": {
        "task": "accounts.notifications.tasks.notification_email_tick",
        "schedule": crontab(minute="*"),
    },
    "matchmaking: remind of introductions about to expire": {
        "task": "matchmaking.tasks.introductions_remind_expiring",
        "schedule": crontab(minute="15"),
    },
    "savedsearches: notify new results of saved searches": {
        "task": "forum.savedsearches.tasks.savedsearch_check_tick",
        "schedule": crontab(minute="40"),
    },
    "partnerships: meeting reminders 24 h and 1 h before": {
        "task": "matchmaking.partnerships.tasks.meeting_reminder_tick",
        "schedule": crontab(minute="*/5"),
    },
    "forum: send tasks the broker missed (outbox)": {
        "task": "forum.tasks.outbox_sweep_task",
        "schedule": crontab(minute="*"),
    },
    "forum: mail new replies to thread subscribers": {
        "task": "forum.discussions.tasks.subscription_mail_tick",
        "schedule": crontab(minute="*/10"),
    },
    # Hourly: a day ends at 18:30 UTC in India and 15:00 UTC in Japan; each is counted at the
    # first tick after it ends, and a missed tick is caught up by the next (HOME_COUNT_CATCHUP_DAYS).
    "home: daily counts": {
        "task": "forum.home.tasks.daily_counts_tick",
        "schedule": crontab(minute="20"),
    },
}

# --- Auth and accounts ----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
# The subject prefix is the brand in the recipient's language: AccountAdapter.format_email_subject.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https://") else "http"
ACCOUNT_RATE_LIMITS: dict[str, str] | None = (
    {} if env_bool("DISABLE_RATE_LIMITS", False) else None
)  # None = allauth defaults
if ACCOUNT_RATE_LIMITS is None:
    del ACCOUNT_RATE_LIMITS
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "India–Japan SME Forum"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語"), ("hi", "हिन्दी")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["forum.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = (
    BASE_DIR / ".devdata" / "staticfiles"
    if DEBUG or TESTING
    else Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
)
STATICFILES_DIRS = [BASE_DIR / "static"]
if DEBUG or TESTING:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".devdata" / "media")) or "")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Email ----------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL")
if EMAIL_URL:
    _email = dj_email_url.parse(EMAIL_URL)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"]
    EMAIL_PORT = _email["EMAIL_PORT"]
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
    EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
    EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
    if _email.get("EMAIL_FILE_PATH"):
        EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
elif env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
elif DEBUG or TESTING or CODE_ONLY:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(BASE_DIR / ".devdata" / "mail")
else:
    raise ImproperlyConfigured(
        "With DEBUG=0 set EMAIL_URL (smtp://user:pass@host:587/?tls=True) or EMAIL_HOST."
    )
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "India–Japan SME Forum <no-reply@ijsme-forum.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: DRF answers unauthenticated calls with the first class's challenge, so they
    # get 401 with `WWW-Authenticate: Token` rather than a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "accounts.authentication.PortalSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "forum.api.pagination.PortalPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "forum.api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "forum.api.errors.portal_exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PARSER_CLASSES": [
        "forum.api.parsers.PortalJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
# Larger JSON bodies get 413, deeper ones 400 (forum.middleware, forum.api.parsers).
API_MAX_JSON_BYTES = env_int("API_MAX_JSON_BYTES", 1024 * 1024)
API_MAX_JSON_DEPTH = env_int("API_MAX_JSON_DEPTH", 32)
SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "India–Japan SME Forum API",
    "DESCRIPTION": "Partner profiles, matches, introductions, policy notices, funding windows, "
    "training programmes and the discussion forum.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from static/vendor/swagger-ui (pinned, with its licence), not a CDN: the CSP
    # allows scripts from 'self' only. The page loads its init script from its own URL
    # (SpectacularSwaggerSplitView), so no inline script is needed either.
    "SWAGGER_UI_DIST": f"{STATIC_URL}vendor/swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": f"{STATIC_URL}vendor/swagger-ui/favicon-32x32.png",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Security -------------------------------------------------------------------------------
# X-Forwarded-Proto is anyone's to send unless a proxy in front overwrites it: trusted only
# when the deployment says so (docker-compose.yml publishes gunicorn on 127.0.0.1 for a proxy).
TRUST_PROXY_HEADERS = env_bool("TRUST_PROXY_HEADERS", False)
if TRUST_PROXY_HEADERS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG and not TESTING
SECURE_HSTS_PRELOAD = not DEBUG and not TESTING
# Off only for a local plain-HTTP run with DEBUG=0 (`python -m forum.devstack fuzz`).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Logging --------------------------------------------------------------------------------
# JSON lines in production, text in development; both carry the request id (docs/operations.md).
LOG_FORMAT = (env_str("LOG_FORMAT", "text" if DEBUG else "json") or "").lower()
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not one of: json, text.")
LOG_LEVEL = (env_str("LOG_LEVEL", "INFO") or "").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL={LOG_LEVEL!r} is not one of: DEBUG, INFO, WARNING, ERROR, CRITICAL."
    )
LOGGING = logging_config(fmt=LOG_FORMAT, level=LOG_LEVEL)

# --- Portal ---------------------------------------------------------------------------------
PORTAL_SAMPLE_DATA_NOTICE = True

# --- Tunables ---------------------------------------------------------------------------------
# Every tunable of the apps is defined here, once, and read as `settings.X`; each is listed with
# its default and meaning in docs/configuration.md.

# accounts
ACCOUNTS_LOGO_MAX_BYTES = env_int("ACCOUNTS_LOGO_MAX_BYTES", 1024 * 1024)

# discussions
# A post flagged by this many distinct people is hidden until a moderator reviews it.
FORUM_FLAG_HIDE_THRESHOLD = env_int("FORUM_FLAG_HIDE_THRESHOLD", 3)
# A new account's first posts wait for a moderator's approval.
FORUM_NEW_USER_APPROVAL_POSTS = env_int("FORUM_NEW_USER_APPROVAL_POSTS", 2)
# For this many days after joining, posts with links wait for approval too.
FORUM_NEW_USER_DAYS = env_int("FORUM_NEW_USER_DAYS", 7)
FORUM_POSTS_PER_MINUTE = env_int("FORUM_POSTS_PER_MINUTE", 5)
FORUM_POSTS_PER_PAGE = env_int("FORUM_POSTS_PER_PAGE", 20)

# matchmaking
# Introduction requests one organisation may send in any 24 hours.
MATCHMAKING_MAX_INTRO_REQUESTS_PER_DAY = env_int("MATCHMAKING_MAX_INTRO_REQUESTS_PER_DAY", 10)
# Days an introduction request waits for an answer before it expires.
MATCHMAKING_INTRODUCTION_DAYS = env_int("MATCHMAKING_INTRODUCTION_DAYS", 14)

# match runs
MATCHRUNS_K = env_int("MATCHRUNS_K", 20)  # suggestions kept per profile
# Seconds the directory's facet counts are cached; profile services invalidate them at once,
# other writes (admin edits, an organisation's country) show within this time.
DIRECTORY_FACETS_CACHE_SECONDS = env_int("DIRECTORY_FACETS_CACHE_SECONDS", 300)
# A full run's shards: rows scored per score shard, profiles stored per store shard.
MATCHRUNS_SHARD_ROWS = env_int("MATCHRUNS_SHARD_ROWS", 10000)
# Engine threads per shard; scale with more worker processes (`--scale matcher=N`) instead.
MATCHRUNS_ENGINE_THREADS = env_int("MATCHRUNS_ENGINE_THREADS", 1)
MATCHRUNS_DEBOUNCE_SECONDS = env_int("MATCHRUNS_DEBOUNCE_SECONDS", 30)  # incremental run delay

# programs
PROGRAMS_ATTACHMENT_MAX_BYTES = env_int("PROGRAMS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# partnerships (docs/partnerships.md)
# Largest message attachment (PDF, PNG, JPEG) and deal-room document, in bytes.
PARTNERSHIPS_ATTACHMENT_MAX_BYTES = env_int("PARTNERSHIPS_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
PARTNERSHIPS_DOCUMENT_MAX_BYTES = env_int("PARTNERSHIPS_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024)
# How many slot suggestions the meeting form offers, searched over this many days ahead.
PARTNERSHIPS_SUGGESTIONS = env_int("PARTNERSHIPS_SUGGESTIONS", 6)
PARTNERSHIPS_SUGGESTION_DAYS = env_int("PARTNERSHIPS_SUGGESTION_DAYS", 21)

# digests (docs/digests.md)
DIGEST_BATCH_SIZE = env_int("DIGEST_BATCH_SIZE", 500)  # recipients per batch task
DIGEST_MAX_ATTEMPTS = env_int("DIGEST_MAX_ATTEMPTS", 4)  # SMTP attempts per delivery
# A delivery left in 'sending' this long belonged to a worker that died.
DIGEST_SENDING_LEASE_SECONDS = env_int("DIGEST_SENDING_LEASE_SECONDS", 300)
# Resend such deliveries (risking a duplicate) instead of marking them 'unknown'.
DIGEST_RESEND_INTERRUPTED = env_bool("DIGEST_RESEND_INTERRUPTED", False)
# Claims on a second, asynchronous connection (off: inline on Django's connection).
DIGEST_CLAIM_ASYNC = env_bool("DIGEST_CLAIM_ASYNC", True)
# synchronous_commit=off for claim statements (a crash loses at most the last claims).
DIGEST_ASYNC_COMMIT = env_bool("DIGEST_ASYNC_COMMIT", True)
DIGEST_CLAIM_TIMEOUT = env_int("DIGEST_CLAIM_TIMEOUT", 30)  # seconds to wait for a claim

# --- API schema names ---
# One schema name per accounts choice set, whichever app's serializer uses it.
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "CountryEnum": "accounts.models.Country",
        "OrgKindEnum": "accounts.models.OrgKind",
        "MsmeClassEnum": "accounts.models.MsmeClass",
        "VerificationStatusEnum": "accounts.models.Verification",
        "OrgRoleEnum": "accounts.models.OrgRole",
        "RegionEnum": "forum.regions.region_choices",
        "CurrencyEnum": "forum.currencies.CURRENCY_CHOICES",
        "LanguageEnum": LANGUAGES,
    }
)

SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "InstrumentEnum": "programs.models.funding.Instrument",
        "NoticeKindEnum": "programs.models.notices.NoticeKind",
        "PublicationStatusEnum": "programs.models.common.Status",
        "InterestStatusEnum": "programs.models.funding.InterestStatus",
        "EnrolmentStatusEnum": "programs.models.training.EnrolmentStatus",
        "CriterionStatusEnum": [("met", "met"), ("missed", "missed"), ("unknown", "unknown")],
        "InterestMarkEnum": [("contacted", "contacted"), ("declined", "declined")],
        # several "status" enums now exist, so the forum's one needs its own name too
        "PostStatusEnum": "forum.discussions.models.PostStatus",
    }
)

# --- Operations: request ids, metrics, beat's heartbeat, error reporting -------------------
# docs/operations.md explains each; docs/configuration.md lists them.
MIDDLEWARE.insert(0, "forum.ops.middleware.RequestIdMiddleware")
SECURE_REDIRECT_EXEMPT += [r"^healthz/live$", r"^metrics$"]  # probes and scrapes over HTTP

METRICS_ENABLED = env_bool("METRICS_ENABLED", False)
METRICS_TOKEN = env_str("METRICS_TOKEN")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", [])
for _network in METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_IPS: {_network!r} is not an IP address or network (10.0.0.0/8)."
        ) from _exc
if METRICS_TOKEN is not None and len(METRICS_TOKEN) < 16:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 16 characters.")
if METRICS_ENABLED and not METRICS_TOKEN and not METRICS_ALLOWED_IPS:
    raise ImproperlyConfigured(
        "METRICS_ENABLED=1 needs METRICS_TOKEN (a bearer token of 16+ characters) or "
        "METRICS_ALLOWED_IPS (addresses Prometheus scrapes from): /metrics is never open."
    )
_multiproc_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")  # read by prometheus_client itself
if METRICS_ENABLED and _multiproc_dir and not os.path.isdir(_multiproc_dir):
    raise ImproperlyConfigured(
        f"PROMETHEUS_MULTIPROC_DIR={_multiproc_dir!r} is not a directory; create it (empty) "
        "before gunicorn starts, or unset it for a single process."
    )
if METRICS_ENABLED:
    INSTALLED_APPS.append("django_prometheus")
    MIDDLEWARE.insert(0, "django_prometheus.middleware.PrometheusBeforeMiddleware")
    MIDDLEWARE.append("django_prometheus.middleware.PrometheusAfterMiddleware")
    DATABASES["default"]["ENGINE"] = "django_prometheus.db.backends.postgresql"
    CACHES["default"]["BACKEND"] = "forum.ops.instrumentation.InstrumentedRedisCache"

# Beat's heartbeat: a task every interval; /healthz answers 503 past twice the interval.
BEAT_HEARTBEAT_INTERVAL = env_int("BEAT_HEARTBEAT_INTERVAL", 60)
if BEAT_HEARTBEAT_INTERVAL < 10:
    raise ImproperlyConfigured("BEAT_HEARTBEAT_INTERVAL must be at least 10 (seconds).")
CELERY_BEAT_SCHEDULE["portal: beat heartbeat"] = {
    "task": "forum.tasks.beat_heartbeat",
    "schedule": timedelta(seconds=BEAT_HEARTBEAT_INTERVAL),
    # A tick that waited a whole interval in the queue is dropped: the next one says the same.
    "options": {"expire_seconds": BEAT_HEARTBEAT_INTERVAL},
}
# The worker logs through LOGGING (forum/ops/celery.py), and sends the events Flower shows.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True

SENTRY_DSN = env_str("SENTRY_DSN")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")
SENTRY_RELEASE = env_str("SENTRY_RELEASE")
# Web processes, the Celery worker and beat all load these settings, so all of them report.
SENTRY_ENABLED = sentry_init(
    dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT or "production", release=SENTRY_RELEASE
)

# --- notifications ---
# Emails of notifications that follow the last one within this many minutes are merged into
# one message sent when the window ends (the first one always goes at once).
NOTIFICATIONS_EMAIL_BATCH_MINUTES = env_int("NOTIFICATIONS_EMAIL_BATCH_MINUTES", 10)
# Pending introduction requests get an "about to expire" notification this many days ahead.
NOTIFICATIONS_INTRODUCTION_REMINDER_DAYS = env_int("NOTIFICATIONS_INTRODUCTION_REMINDER_DAYS", 2)

# --- savedsearches ---
# Saved searches one person may keep, and result links listed in one hit notification.
SAVEDSEARCHES_MAX_PER_USER = env_int("SAVEDSEARCHES_MAX_PER_USER", 50)
SAVEDSEARCHES_ITEMS_PER_NOTIFICATION = env_int("SAVEDSEARCHES_ITEMS_PER_NOTIFICATION", 10)

SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "MeetingStatusEnum": "matchmaking.partnerships.models.MeetingStatus",
        "MeetingModeEnum": "matchmaking.partnerships.models.MeetingMode",
        "OutcomeKindEnum": "matchmaking.partnerships.models.OutcomeKind",
        "NdaKindEnum": "matchmaking.partnerships.models.NdaKind",
        "ConversationStatusEnum": "matchmaking.partnerships.models.ConversationStatus",
        "FlagReasonEnum": "forum.discussions.models.FlagReason",
    }
)

# --- home (home pages, daily counts, dashboards) ---
# The time zones days are counted in; a reader sees the zone of theirs, or the one with the
# same UTC offset, or the first.
HOME_COUNT_ZONES = env_list("HOME_COUNT_ZONES", ["Asia/Kolkata", "Asia/Tokyo"])
# How many ended days each tick looks back for days not counted yet (a stopped beat catches up).
HOME_COUNT_CATCHUP_DAYS = env_int("HOME_COUNT_CATCHUP_DAYS", 7)
# A day claimed longer ago than this without finishing was left by a crashed worker.
HOME_COUNT_STALE_SECONDS = env_int("HOME_COUNT_STALE_SECONDS", 15 * 60)
# A home page view after this long a pause starts a new visit ("new since your last visit").
HOME_VISIT_GAP_MINUTES = env_int("HOME_VISIT_GAP_MINUTES", 30)
# The financier's eligible pool per window is one aggregate over every MSME; kept this long.
HOME_ELIGIBLE_POOL_CACHE_SECONDS = env_int("HOME_ELIGIBLE_POOL_CACHE_SECONDS", 600)
# Weeks of history the dashboards chart.
HOME_DASHBOARD_WEEKS = env_int("HOME_DASHBOARD_WEEKS", 52)
# A signed-in person's repeated views of one profile within this many seconds count once.
PROFILE_VIEW_DEDUP_SECONDS = env_int("PROFILE_VIEW_DEDUP_SECONDS", 30 * 60)
