"""Settings for Lumbung Inovasi, driven by environment variables.

Development defaults are safe to run locally. With DJANGO_ENV=production every secret must be
given explicitly and insecure defaults are refused (see `_require_production_secrets`).
The multi-tenant wiring lives in `lumbung.tenancy`, applied at the end of this module.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lumbung.env import env_bool, env_int, env_list, env_str

PLATFORM_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = PLATFORM_DIR.parent
DATA_DIR = Path(env_str("LUMBUNG_DATA_DIR", str(REPO_DIR / ".data")))

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r}: use development, test or production")
PRODUCTION = DJANGO_ENV == "production"

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else DEV_SECRET_KEY)
DEBUG = env_bool("DEBUG", not PRODUCTION and DJANGO_ENV != "test")

# Regions are served at <slug>.<BASE_DOMAIN>; the public site at BASE_DOMAIN itself.
BASE_DOMAIN = env_str("BASE_DOMAIN", "localhost").lower()
# Scheme and port used in links that leave a request (e-mails, printed URLs).
SITE_SCHEME = env_str("SITE_SCHEME", "https" if PRODUCTION else "http")
SITE_PORT_SUFFIX = env_str("SITE_PORT_SUFFIX", "" if PRODUCTION else ":8000")
# Every host is checked by regions.middleware.RegionRoutingMiddleware against BASE_DOMAIN, the
# region slugs and the custom-domain table; unknown hosts get a 404 page. Custom domains are
# data, so they cannot be listed here.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["*"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Shared-schema apps (public schema)
    "core",
    "regions",
    "accounts",
    "rubric",
    "rankings",
    "lumbung.demo",
    "pipeline",
    "imports",
    "webhooks",
    "replication.catalog",
    "replication.requests",
    "replication.notifications",
    "replication.network",
    # Region-schema apps (one copy per activated region)
    "tenants.organization",
    "tenants.innovations",
    "tenants.assessment",
    "tenants.history",
    "tenants.dashboard",
    "tenants.spreadsheets",
    "tenants.publishing",
    "tenants.scoring",
    "tenants.members",
    "tenants.calls",
    "tenants.ideas",
    "tenants.lab",
    "tenants.programme",
    "tenants.discussions",
    "tenants.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages and API answers compressed (static files are compressed by whitenoise). The CSRF
    # token in pages is masked per response, which defeats BREACH-style guessing through size.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.central_sign_in.EndedSignInMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.SecondFactorMiddleware",
    "core.middleware.LanguageMiddleware",
    # Under /api/: Deprecation and Sunset on requests that use what will stop (api.deprecations).
    # Outside the three below, so their own answers (a refused query, a 304, a replayed
    # Idempotency-Key answer) carry the headers as the view's answer would.
    "api.deprecations.DeprecationHeadersMiddleware",
    # Under /api/: a query or JSON body its operation's schema does not allow is a 400.
    "api.contract.RequestContractMiddleware",
    # Under /api/: ETag (and Last-Modified for an object) on reads, 304 when nothing changed.
    "api.conditional.ApiConditionalGetMiddleware",
    # Under /api/: a POST sent again with the same Idempotency-Key is done once.
    "api.idempotency.IdempotencyKeyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lumbung.urls_region"
PUBLIC_SCHEMA_URLCONF = "lumbung.urls_public"
WSGI_APPLICATION = "lumbung.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PLATFORM_DIR / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site_context",
                "replication.notifications.context_processors.unread_notifications",
                # Last: while a public page is rendered for the shared cache, its CSRF token is a
                # placeholder each visitor's own token replaces (core.public_cache).
                "core.public_cache.csrf_placeholder",
            ],
        },
    },
]


def _require_production_secrets() -> None:
    problems = []
    if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 40:
        problems.append("SECRET_KEY must be set to a random value of at least 40 characters")
    if DEBUG:
        problems.append("DEBUG must be false")
    if not env_str("DATABASE_URL"):
        problems.append("DATABASE_URL must be set")
    if not env_str("REDIS_URL"):
        problems.append("REDIS_URL must be set")
    if BASE_DOMAIN == "localhost":
        problems.append("BASE_DOMAIN must be the public domain name")
    if problems:
        raise ImproperlyConfigured("Production settings are incomplete: " + "; ".join(problems))


if PRODUCTION:
    _require_production_secrets()

# An empty value counts as unset: development falls back to the local server.
DATABASE_URL = env_str("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/lumbung"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A kept connection is checked before a request uses it: after a PostgreSQL restart the
        # dead one is replaced instead of failing the request.
        conn_health_checks=True,
    )
}
# DATABASE_NAME overrides the name in DATABASE_URL (tests point a worker or a live server at the
# test database this way).
if env_str("DATABASE_NAME"):
    DATABASES["default"]["NAME"] = env_str("DATABASE_NAME")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL") or "redis://127.0.0.1:6379/0"
# Answers as an empty cache while Redis is unreachable (core.cache); short timeouts so a hung
# Redis cannot hold a request.
CACHES = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "lumbung"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
if DJANGO_ENV == "test":
    # Hashing is deliberately slow; the suite creates hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login rate limit: after AXES_FAILURE_LIMIT failures for one username from one address the
# pair is locked for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form and the API both send the e-mail as `username`.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Failures and lock-outs are kept in the database, not in Redis: a Redis outage must not lift
# the lock-out.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Behind reverse proxies every request comes from a proxy's address: the client's address is read
# from X-Forwarded-For, trusting exactly TRUSTED_PROXY_COUNT proxies (accounts.client_ip).
TRUSTED_PROXY_COUNT = env_int(
    "TRUSTED_PROXY_COUNT", 1 if env_bool("BEHIND_TLS_PROXY", PRODUCTION) else 0
)
AXES_CLIENT_IP_CALLABLE = "accounts.client_ip.client_ip"

# Sessions: host-only cookies (each region host has its own session; people sign in on the public
# site, which hands a signed one-time token to the region host: accounts.central_sign_in),
# HttpOnly, SameSite=Lax, Secure in production.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", PRODUCTION) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PLATFORM_DIR / "core" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(
    env_str("MEDIA_ROOT", str(DATA_DIR / ("test-media" if DJANGO_ENV == "test" else "media")))
)
# Evidence (bukti dukung) uploads: documents and photos, and the innovation video (the national
# form allows a video of at most five minutes).
# Public pages and public API answers for anonymous visitors (core.public_cache): how long a
# rendered copy is kept in the shared cache (0: never; the suite's default, since its database
# changes roll back while Redis keeps what they rendered, and DEBUG's, so template edits show at
# once), the largest body kept, and what Cache-Control lets browsers and proxies do: keep it a
# minute, then show it for another while asking again in the background. LUMBUNG_RELEASE names
# the deployed code (copies of another release are never served); unset, the code's files tell.
# The change feed (/api/v1/history/feed/) shows a change once every transaction that started
# before it has ended, less this margin for application servers' clocks (history.selectors).
CHANGE_FEED_SETTLE_SECONDS = env_int("CHANGE_FEED_SETTLE_SECONDS", 5)
# How long an answer given to a POST with an Idempotency-Key is replayed (api.idempotency).
IDEMPOTENCY_KEEP_HOURS = env_int("IDEMPOTENCY_KEEP_HOURS", 24)
# How long a revoked or expired personal token stays listed before it is deleted (the audit log
# keeps what was done with it).
PERSONAL_TOKEN_KEEP_DAYS = env_int("PERSONAL_TOKEN_KEEP_DAYS", 90)
# How long the public change feed (core.public_changes) keeps a change: a client whose position
# is older reads the public collections again (410 cursor_expired).
PUBLIC_CHANGE_KEEP_DAYS = env_int("PUBLIC_CHANGE_KEEP_DAYS", 90)
# How many region schemas are kept made ahead, so an activation renames one instead of waiting
# for the DDL (regions.spare_schemas; `manage.py spare_schemas make N` before a larger roll-out).
REGION_SPARE_SCHEMAS = env_int("REGION_SPARE_SCHEMAS", 0 if DJANGO_ENV == "test" else 10)
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 0 if DJANGO_ENV == "test" or DEBUG else 600)
PUBLIC_CACHE_MAX_BYTES = env_int("PUBLIC_CACHE_MAX_KB", 1024) * 1024
PUBLIC_MAX_AGE = env_int("PUBLIC_MAX_AGE", 60)
PUBLIC_STALE_SECONDS = env_int("PUBLIC_STALE_SECONDS", 60)
PUBLIC_CACHE_RELEASE = env_str("LUMBUNG_RELEASE")
# How long a process keeps the rubric of a year in memory; changes are picked up sooner through
# the shared cache. Tests run inside transactions that never commit, so they read it fresh.
RUBRIC_CACHE_SECONDS = env_int("RUBRIC_CACHE_SECONDS", 0 if DJANGO_ENV == "test" else 300)
# How many innovation scores a process keeps, over all the region indexes it keeps (about 12 KiB
# each, so ~75 MiB at most): tenants.scoring.compute._ScoreMemo.
SCORE_MEMO_MAX_INNOVATIONS = env_int("SCORE_MEMO_MAX_INNOVATIONS", 6000)
# Unanswered replication requests expire after this many days (a Celery beat task checks daily).
REPLICATION_REQUEST_EXPIRY_DAYS = env_int("REPLICATION_REQUEST_EXPIRY_DAYS", 30)
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_MB", 10) * 1024 * 1024
EVIDENCE_MAX_VIDEO_BYTES = env_int("EVIDENCE_MAX_VIDEO_MB", 100) * 1024 * 1024
WHITENOISE_USE_FINDERS = not PRODUCTION

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that stops answering must not hold a worker forever (seconds per SMTP call).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
# Forms of calls for innovations sent without an account (tenants.calls.spam): the least time a
# person takes to fill one in, and how many one client address may send (count, window seconds).
CALLS_MIN_FILL_SECONDS = env_int("CALLS_MIN_FILL_SECONDS", 5)
CALLS_PUBLIC_LIMIT = (env_int("CALLS_PUBLIC_PER_HOUR", 5), 3600)

# A password-reset link works once and for an hour (accounts.password_reset); asking is limited
# to (per client address, per e-mail address) within the window, in seconds.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
PASSWORD_RESET_LIMITS = (
    env_int("PASSWORD_RESET_PER_CLIENT", 5),
    env_int("PASSWORD_RESET_PER_ADDRESS", 3),
    3600,
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Lumbung Inovasi <noreply@{BASE_DOMAIN}>")

REST_FRAMEWORK = {
    # Personal tokens first (api.authentication: Bearer, or the older Token keyword): their
    # WWW-Authenticate header makes a missing or wrong credential a 401 (with the session
    # first, DRF answers 403, which tells a client to stop, not to sign in).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.LumbungAutoSchema",
    # One content type per operation, so a generated client sends each body one way: JSON,
    # except the operations that can carry a file, which take multipart only (their views say so).
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "api.list_backends.StrictOrderingFilter",
        "api.list_backends.UpdatedSinceFilter",
    ],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_METADATA_CLASS": "api.metadata.OperationMetadata",
    # Failed token exchanges per client address and per e-mail (api.accounts.throttle).
    "DEFAULT_THROTTLE_RATES": {"failed_sign_in": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lumbung Inovasi API",
    "DESCRIPTION": (
        "REST API of Lumbung Inovasi. The public site (BASE_DOMAIN) serves national resources; "
        "each activated region serves its own resources at <slug>.BASE_DOMAIN/api/v1/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several fields are called "status"; name their choice sets so the components read well.
    "ENUM_NAME_OVERRIDES": {
        "ReportStatusEnum": "tenants.assessment.models.ReportStatus",
        "EvidenceStatusEnum": "tenants.assessment.models.EvidenceStatus",
        "ReviewDecisionEnum": "api.assessment.serializers.REVIEW_DECISIONS",
        "HealthStatusEnum": ["ok", "degraded", "down"],
        "PublicationDocumentKindEnum": "tenants.publishing.models.DocumentKind",
        "ReplicationStatusEnum": "replication.requests.models.RequestStatus",
        "IdeaStatusEnum": "tenants.ideas.models.IdeaStatus",
        "IdeaTriageStatusEnum": ["new", "needs_work", "duplicate", "accepted"],
        "ProposerKindEnum": "tenants.ideas.models.ProposerKind",
        "MemberProposerKindEnum": ["asn", "opd"],
        "OpdReportingStatusEnum": "tenants.reporting.selectors.OpdStatus",
        "ReportTransitionEnum": "api.assessment.serializers.REPORT_TRANSITIONS",
        "ReplicationTransitionEnum": "api.requests.serializers.TRANSITION_NAMES",
        "ExportKindEnum": "imports.models.ExportKind",
        "ExportStatusEnum": "imports.models.ExportStatus",
        "CategoryEnum": "api.calls.serializers.CATEGORY_CHOICES",
        "SubmitterKindEnum": "api.calls.serializers.SUBMITTER_KIND_CHOICES",
        "FollowUpKindEnum": "api.calls.serializers.FOLLOW_UP_KIND_CHOICES",
        "FollowUpStatusEnum": "tenants.calls.models.FollowUpStatus",
        "ObjectionStatusEnum": "tenants.calls.models.ObjectionStatus",
    },
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One queue name per deployment, so tests and a dev worker on the same Redis never share work.
CELERY_TASK_DEFAULT_QUEUE = env_str(
    "CELERY_QUEUE", "lumbung-test" if DJANGO_ENV == "test" else "lumbung"
)
# Broker loss: keep reconnecting for as long as it takes (the default gives up after 100 tries
# and the worker exits).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Index snapshots: a change to a region's data recomputes its snapshot this many seconds later
# (the effect's debounce, kept in the database), so a burst of edits costs one recompute; the
# nightly run spreads the active regions over this many minutes, also in the database.
SNAPSHOT_DEBOUNCE_SECONDS = env_int("SNAPSHOT_DEBOUNCE_SECONDS", 30)
SNAPSHOT_NIGHTLY_WINDOW_MINUTES = env_int("SNAPSHOT_NIGHTLY_WINDOW_MINUTES", 120)
if SNAPSHOT_DEBOUNCE_SECONDS < 0 or SNAPSHOT_NIGHTLY_WINDOW_MINUTES < 0:
    raise ImproperlyConfigured(
        "SNAPSHOT_DEBOUNCE_SECONDS and SNAPSHOT_NIGHTLY_WINDOW_MINUTES cannot be negative"
    )
# Imports (imports/): a file with more rows than this is checked and applied by a worker (the page
# follows its progress) instead of in the web request; 500 rows take about 4 s in the web request
# (docs/benchmarks.md), so no request comes near the 10 s a web process may give one upload.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 500)
# … and a file bigger than this goes to a worker without being counted first (the 500-row
# benchmark file is 62 KiB, the 5,000-row one 570 KiB).
IMPORT_BACKGROUND_BYTES = env_int("IMPORT_BACKGROUND_BYTES", 256 * 1024)
# An import preview nobody confirmed is discarded (its file dropped) after this many days.
IMPORT_RUN_KEEP_DAYS = env_int("IMPORT_RUN_KEEP_DAYS", 7)
# Export jobs (imports.exports, /api/v1/exports/): a written file is kept this many hours, then
# a beat task deletes it; a user has at most this many jobs waiting for a worker at once.
EXPORT_KEEP_HOURS = env_int("EXPORT_KEEP_HOURS", 24)
EXPORT_MAX_ACTIVE_JOBS = env_int("EXPORT_MAX_ACTIVE_JOBS", 5)
# The effect pipeline (pipeline/): beat sweeps for due effects this often; one run works at most
# this long before leaving the rest to the next; a failing effect is retried after the base
# delay, doubled per attempt up to the maximum; effects due for longer than the overdue limit
# make /healthz say "degraded".
PIPELINE_SWEEP_SECONDS = env_int("PIPELINE_SWEEP_SECONDS", 10)
PIPELINE_RUN_BUDGET_SECONDS = env_int("PIPELINE_RUN_BUDGET_SECONDS", 50)
PIPELINE_RETRY_BASE_SECONDS = env_int("PIPELINE_RETRY_BASE_SECONDS", 10)
PIPELINE_RETRY_MAX_SECONDS = env_int("PIPELINE_RETRY_MAX_SECONDS", 3600)
PIPELINE_OVERDUE_SECONDS = env_int("PIPELINE_OVERDUE_SECONDS", 120)

# Connections that migrate region schemas in parallel during a roll-out (regions.rollout):
# the work is mostly waiting on PostgreSQL, so more than the CPUs (docs/benchmarks.md).
ROLLOUT_WORKERS = env_int("ROLLOUT_WORKERS", 4)
if PIPELINE_SWEEP_SECONDS < 1 or PIPELINE_RUN_BUDGET_SECONDS < 1:
    raise ImproperlyConfigured(
        "PIPELINE_SWEEP_SECONDS and PIPELINE_RUN_BUDGET_SECONDS must be >= 1"
    )
# No task waits for a countdown in the broker (debounces and the nightly spread live in the
# database), so a message a dead worker held is handed out again after minutes, not hours.
# Socket timeouts keep a hung Redis from holding a request that queues a task.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 300),
    "socket_connect_timeout": 2,
    "socket_timeout": 10,
}
# Periodic work (the `beat` process of deploy/compose.yaml), at quiet hours of Asia/Jakarta.
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # The sweep: applies every effect that is due, also those whose nudge was lost.
    "pipeline-sweep": {
        "task": "pipeline.run_due_effects",
        "schedule": float(PIPELINE_SWEEP_SECONDS),
        "options": {"expires": PIPELINE_SWEEP_SECONDS * 3},
    },
    # The catalog's change log (replication.catalog.facet_index) keeps an hour of changes.
    "prune-catalog-changes": {
        "task": "catalog.prune_changes",
        "schedule": crontab(minute=40),
    },
    # Answers kept for Idempotency-Key (api.idempotency) are kept a day.
    "prune-idempotency-keys": {
        "task": "core.prune_idempotency_keys",
        "schedule": crontab(hour=3, minute=20),
    },
    # The public change feed's changes older than PUBLIC_CHANGE_KEEP_DAYS (core.public_changes).
    "prune-public-changes": {
        "task": "core.prune_public_changes",
        "schedule": crontab(hour=3, minute=50),
    },
    # Personal tokens revoked or expired PERSONAL_TOKEN_KEEP_DAYS ago (accounts.personal_tokens).
    "prune-personal-tokens": {
        "task": "accounts.prune_personal_tokens",
        "schedule": crontab(hour=3, minute=35),
    },
    # Region schemas made ahead (regions.spare_schemas): topped up to REGION_SPARE_SCHEMAS, and
    # those of a template a roll-out has migrated since are dropped and made again.
    "keep-spare-region-schemas": {
        "task": "regions.keep_spare_schemas",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 600},
    },
    "expire-replication-requests": {
        "task": "replication.expire_requests",
        "schedule": crontab(hour=1, minute=15),
    },
    "forget-stale-import-runs": {
        "task": "imports.forget_stale_runs",
        "schedule": crontab(hour=2, minute=10),
    },
    # Export jobs past EXPORT_KEEP_HOURS, with their files (imports.exports).
    "prune-export-jobs": {
        "task": "imports.prune_export_jobs",
        "schedule": crontab(minute=25),
    },
    "daily-notification-digests": {
        "task": "notifications.queue_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Records one snapshot recompute per active region, due times spread over
    # SNAPSHOT_NIGHTLY_WINDOW_MINUTES from here: catches up anything no change asked for.
    "nightly-index-snapshots": {
        "task": "rankings.queue_nightly_snapshots",
        "schedule": crontab(hour=1, minute=30),
    },
}
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"client_errors_without_traceback": {"()": "core.log_filters.ClientErrorsBrief"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    # Any case: "warning" and "WARNING" alike (Celery accepts both; logging only upper case).
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        # Django's own console and mail handlers are replaced by the root's: one line per event.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # A client error (4xx) is one line, without the traceback Django attaches to a 403.
        "django.request": {"filters": ["client_errors_without_traceback"]},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # The pipeline's sweep runs every few seconds: its "received"/"succeeded"/"sending" lines
        # would bury everything else. Failures still log (WARNING and above).
        "celery.app.trace": {"level": "WARNING"},
        "celery.worker.strategy": {"level": "WARNING"},
        "celery.beat": {"level": "WARNING"},
    },
}


from lumbung.tenancy import apply_tenancy  # noqa: E402

apply_tenancy(globals())
