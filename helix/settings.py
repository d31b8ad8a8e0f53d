"""Helix settings, read from the environment (12-factor).

With no variable set, Helix runs embedded: a SQLite file, Celery tasks run eagerly in the web
process, mail printed on the console. Set DATABASE_URL and REDIS_URL for PostgreSQL and a Redis
broker; see the README's production section for the rest.
"""

from ipaddress import ip_network
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, REPORT_SAMPLE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# The default key is for development only: `manage.py check --deploy` rejects it.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="django-insecure-helix-development-key-do-not-deploy")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "helix.apps.HelixAdminConfig",  # django.contrib.admin, signing in through allauth only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sites",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django_filters",
    "django_htmx",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework",
    "rules",
    "helix.apps.TagsConfig",  # taggit, with a translated name in the staff desk
    "core",
    "helix",
    "accounts",
    "organisations",
    "projects",
    "api",
    "matchmaking",
    "opendata",
    "privacy",
    "insights",
    "evaluation",
    "webhooks",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "helix.middleware.HtmxSignInRedirectMiddleware",
    # The API's query strings pass the same text rule as its bodies (api/middleware.py).
    "api.middleware.ApiQueryTextMiddleware",
]

ROOT_URLCONF = "helix.urls"
WSGI_APPLICATION = "helix.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helix.context_processors.language_switcher",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]
# Project templates win over the apps' (allauth's layout and form elements are restyled).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Data ------------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and immediate transactions keep the embedded database usable by a second process.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer fails the request (and /readyz/) in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL JIT-compiles every query whose estimated cost passes `jit_above_cost`; for
        # a page's query that runs in 20 ms, compiling took 136 ms (My Helix's followed
        # projects, measured at province scale). Helix runs short queries: no JIT.
        DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# The cache may live on its own Redis (README, "Running in production"). Whatever it holds the
# database gives again: while it is down, Helix serves without it (core/cache.py).
CACHE_URL = env("CACHE_URL", default=REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.DegradingRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "helix",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions are rows in the database: a cache outage signs nobody out. With a shared cache
# (Redis) they are read through it, saving a query per signed-in request; its entries live a
# minute at most, so a session deleted while the cache could not be told is refused again
# within that minute (core/sessions.py). A per-process cache (locmem) would keep a signed-out
# session alive in the other processes: without Redis, sessions are read from the database.
SESSION_ENGINE = "core.sessions" if CACHE_URL else "django.contrib.sessions.backends.db"
HELIX_SESSION_CACHE_SECONDS = env.int("HELIX_SESSION_CACHE_SECONDS", default=60)

# --- Celery ----------------------------------------------------------------------------------
# No broker configured: tasks run eagerly, in process, so the embedded product needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# Jobs run by `celery -A helix beat` (the Procfile's beat process).
CELERY_BEAT_SCHEDULE = {
    "purge-idempotent-requests": {
        "task": "api.tasks.purge_idempotent_requests",
        "schedule": 60 * 60,
    },
    # Webhook deliveries whose queuing failed (broker down) or whose worker died.
    "webhooks-sweep": {"task": "webhooks.tasks.webhook_sweep", "schedule": 60.0},
    # The notification outbox's sweep, and the daily digest at 7:00 local time.
    "notifications-sweep": {
        "task": "notifications.tasks.notifications_sweep",
        "schedule": 60.0,
    },
    "notifications-daily-digest": {
        "task": "notifications.tasks.notifications_send_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Matches are refreshed on every change; the nightly pass re-weighs rarity (docs/decisions.md).
    "matchmaking-refresh-all": {
        "task": "matchmaking.tasks.refresh_all",
        "schedule": crontab(hour=2, minute=30),
    },
    # The open-data files (opendata/services.py), after the night's matches.
    "opendata-build": {
        "task": "opendata.tasks.build_open_data",
        "schedule": crontab(hour=3, minute=15),
    },
    # People's copies of their own data, once their link has expired.
    "privacy-purge-exports": {
        "task": "privacy.tasks.purge_data_exports",
        "schedule": crontab(hour=3, minute=45),
    },
    # The insights' tallies are kept on every change; the nightly pass recounts them all.
    "insights-rebuild-all": {
        "task": "insights.tasks.rebuild_all",
        "schedule": crontab(hour=3, minute=0),
    },
    # Reviewers reminded two days before a rubric closes (once per reviewer and rubric).
    "evaluation-remind-reviewers": {
        "task": "evaluation.tasks.remind_reviewers",
        "schedule": crontab(hour=8, minute=0),
    },
}

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Helix] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env(
    "ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http" if DEBUG else "https"
)
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
# Wrong passwords lock the account (the address typed) and the client address; even the
# right password is refused until the window has passed. The admin signs in here too
# (helix/admin_site.py).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("HELIX_LOGIN_FAILED_RATE", default="10/m/ip,5/5m/key"),
}
# Second factor (allauth.mfa): an authenticator app (TOTP) with recovery codes; required for
# staff before the admin opens, optional for everyone else (My Helix).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Helix"

# Proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated); none by
# default. The client address of throttles and lockouts is decided in core/client_ip.py.
HELIX_TRUSTED_PROXIES = env.list("HELIX_TRUSTED_PROXIES", default=[])
for _proxy in HELIX_TRUSTED_PROXIES:
    ip_network(_proxy.strip(), strict=False)  # a typo fails at start, not on a request

# --- Email -----------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Helix <no-reply@helix.localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Languages -------------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Helix's own catalogue first; the second carries the Vietnamese for django-allauth,
# which ships none (kept apart so that makemessages never marks those entries obsolete).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # the choice outlives the browser session
LANGUAGE_COOKIE_SECURE = not DEBUG
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["helix.formats"]  # Vietnamese number grouping (1.500.000.000 ₫)

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Files that are not public (confidential attachments): outside MEDIA_ROOT, no URL, served by
# a view that checks the permission (core/storage.py). Production may name another backend.
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "core.storage.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = (
    2_621_440  # larger uploads (covers, up to 5 MB) go to a temporary file
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5_242_880
# Documents attached to projects and solutions (evaluation/attachments.py).
HELIX_ATTACHMENT_MAX_BYTES = env.int("HELIX_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
# How a permitted download is sent: "django" (FileResponse, the embedded default), or handed to
# the web server: "x-accel-redirect" (nginx: an `internal` location serving PRIVATE_MEDIA_ROOT
# at HELIX_PRIVATE_FILES_PREFIX) or "x-sendfile" (Apache mod_xsendfile, the file's path).
HELIX_PRIVATE_FILES_SERVE = env.str("HELIX_PRIVATE_FILES_SERVE", default="django")
HELIX_PRIVATE_FILES_PREFIX = env.str("HELIX_PRIVATE_FILES_PREFIX", default="/private-files/")

# --- Security (production values unless DEBUG) -----------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The load balancer's health checks speak plain HTTP: let it through without a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^readyz/$"]

# Content-Security-Policy (django-csp): Helix's pages load only their own scripts, stylesheets,
# images and fonts, with no inline script, style or event handler, and may not be framed. The
# API docs add what Swagger UI and Redoc need on those pages only (api/docs.py). Images: data:
# for django-allauth's TOTP QR code. HELIX_CSP_REPORT_ONLY sends the same policy as
# Content-Security-Policy-Report-Only (reported, not enforced), e.g. to try a change in
# production; HELIX_CSP_REPORT_URI is where browsers send the reports. docs/decisions.md.
HELIX_CSP_REPORT_ONLY = env.bool("HELIX_CSP_REPORT_ONLY", default=False)
HELIX_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, REPORT_SAMPLE],
    "style-src": [SELF, REPORT_SAMPLE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "manifest-src": [SELF],
    "frame-src": [NONE],
    "object-src": [NONE],
    "base-uri": [NONE],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
if HELIX_CSP_REPORT_URI := env("HELIX_CSP_REPORT_URI", default=""):
    HELIX_CSP_DIRECTIVES["report-uri"] = [HELIX_CSP_REPORT_URI]
CONTENT_SECURITY_POLICY = None if HELIX_CSP_REPORT_ONLY else {"DIRECTIVES": HELIX_CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY_REPORT_ONLY = (
    {"DIRECTIVES": HELIX_CSP_DIRECTIVES} if HELIX_CSP_REPORT_ONLY else None
)
# Permissions-Policy (django-permissions-policy): none of these browser features is used by
# Helix, so no page (nor anything injected into one) may ask for them. WebAuthn
# (publickey-credentials-*) and the clipboard's writing are left at the browsers' defaults.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Logging ---------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    # Eager tasks log every run, and the in-memory broker its lack of host: noise, not news.
    "loggers": (
        {"celery.app.trace": {"level": "WARNING"}, "kombu.connection": {"level": "ERROR"}}
        if CELERY_TASK_ALWAYS_EAGER
        else {}
    ),
}

# --- Partner API (/api/) ----------------------------------------------------------------------
# Organisations' API keys (first, so that "not authenticated" is a 401), and the site's session
# for its own pages and scripts (CSRF enforced as DRF does).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # orjson: the same JSON as DRF's renderer (compact, UTF-8), several times faster to write.
    "DEFAULT_RENDERER_CLASSES": ["drf_orjson_renderer.renderers.ORJSONRenderer"],
    # JSON with a bounded depth and one text rule for every string (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["api.parsers.HelixJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.KeysetCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.AnonThrottle",
        "api.throttles.UserThrottle",
        "api.throttles.KeyThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Per anonymous address, signed-in person and API key; read on every request (api/throttles.py).
HELIX_API_THROTTLE_RATES = {
    "anon": env("HELIX_API_ANON_RATE", default="120/min"),
    "user": env("HELIX_API_USER_RATE", default="600/min"),
    "key": env("HELIX_API_KEY_RATE", default="1200/min"),
}
# How long the answer to a POST with an Idempotency-Key is kept and replayed (api/idempotency.py).
HELIX_IDEMPOTENCY_HOURS = 24
# How long a claimed key answers 409 to its retries while its request runs; after it, the
# request is taken for dead and a retry runs again. Longer than any request may run (gunicorn's
# timeout is 30 s).
HELIX_IDEMPOTENCY_LEASE_SECONDS = env.int("HELIX_IDEMPOTENCY_LEASE_SECONDS", default=60)
SPECTACULAR_SETTINGS = {
    "TITLE": "Helix partner API",
    "DESCRIPTION": (
        "Projects, solutions and their consortia, comments, supports by sector, follows and "
        "organisations of Helix. Public data is readable by anyone; writes use the site's "
        "session (with its CSRF token) and obey the same rules as the site. Every error has "
        "one shape: `{type, detail, errors: {field: [messages]}}`. Lists are cursor-paginated: "
        "follow `next`. See docs/api.md for a quickstart."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "projects.models.Project.Status",
        "SolutionStatusEnum": "projects.models.Solution.Status",
        "SolutionDecisionEnum": "projects.api.serializers.DECISIONS",
        "PartnerStatusEnum": "projects.models.ConsortiumPartner.Status",
        "ReportStatusEnum": "projects.models.Report.Status",
        "ProjectKindEnum": "projects.models.Project.Kind",
        "ResourceKindEnum": "matchmaking.models.ResourceKind",
        "SectorEnum": "organisations.models.Sector",
        "DistrictEnum": "core.choices.District",
        "ThemeEnum": "projects.models.Theme",
        "RoleEnum": "organisations.models.Role",
        "LanguageEnum": "helix.settings.LANGUAGES",
        "NotificationKindEnum": "notifications.models.Kind",
        "MilestoneStatusEnum": "evaluation.models.Milestone.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# --- Helix -----------------------------------------------------------------------------------
# Absolute links in emails sent outside a request (invitations, verification notices).
HELIX_SITE_URL = env("HELIX_SITE_URL", default="http://127.0.0.1:8000")
# allauth's emails name the site from the Sites framework: its one record is kept equal to
# these after every migrate (helix.apps.sync_site), so no email says "…on ." again.
SITE_ID = 1
HELIX_SITE_NAME = env("HELIX_SITE_NAME", default="Helix")
HELIX_INVITATION_DAYS = 14
# Invitations to propose, and expressions of interest, that one organisation may send in 24 hours
# (each kind counted apart): matchmaking's anti-abuse limit.
HELIX_MATCH_ACTIONS_PER_DAY = env.int("HELIX_MATCH_ACTIONS_PER_DAY", default=20)
HELIX_LOGO_MAX_BYTES = 2 * 1024 * 1024
HELIX_COVER_MAX_BYTES = 5 * 1024 * 1024

# --- Webhooks (docs/api.md, "Webhooks") -------------------------------------------------------
HELIX_WEBHOOK_TIMEOUT = env.float("HELIX_WEBHOOK_TIMEOUT", default=5.0)  # seconds per attempt
HELIX_WEBHOOK_MAX_ATTEMPTS = env.int("HELIX_WEBHOOK_MAX_ATTEMPTS", default=8)
# The wait after the first failure, doubled after each one: 1, 2, 4 … 64 minutes.
HELIX_WEBHOOK_BACKOFF_SECONDS = env.float("HELIX_WEBHOOK_BACKOFF_SECONDS", default=60.0)
HELIX_WEBHOOK_MAX_ENDPOINTS = 10  # per organisation
# Loopback receivers, for tests and local development only: production leaves this off.
HELIX_WEBHOOKS_ALLOW_LOOPBACK = env.bool("HELIX_WEBHOOKS_ALLOW_LOOPBACK", default=False)
