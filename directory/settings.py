"""
Settings of the institute member directory.

Everything that differs between a laptop and production comes from environment variables;
with none set, the site runs on a SQLite file in the project with DEBUG on.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    return value in {"1", "true", "yes", "on"} if value else default


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# --- Environment -------------------------------------------------------------------------------
DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

if PRODUCTION:
    # Refuse to start rather than run in production with a guessable key or open host header.
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_ENV=production requires SECRET_KEY to be set.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ENV=production requires ALLOWED_HOSTS to be set.")
else:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-do-not-use-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation must come before the admin so that it can patch the admin forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Trigram and full-text lookups on PostgreSQL; inert on SQLite.
    "django.contrib.postgres",
    "django_filters",
    "csp",
    "axes",
    "simple_history",
    "corsheaders",
    # The house, bottom to top: each app imports only from the apps listed before it.
    "core",
    "members",
    "publications",
    "directory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so that a stored API response still answers a cross-origin GET.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag and 304 for the open API, cached responses included.
    "directory.api.http.ApiResponseMiddleware",
    # Before the rest: a cached page for an anonymous visitor costs one cache round trip, and
    # is stored with its Content-Security-Policy header (the same for every page).
    "directory.caching.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    # First of all that could read the body (the ones above only add headers, to its 413 too).
    "directory.limits.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records who made each change kept in the history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "directory.urls"
WSGI_APPLICATION = "directory.wsgi.application"

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
            ],
        },
    },
]
# Inputs, labels and empty error lists written in Python, as Django's templates write them.
FORM_RENDERER = "core.rendering.QuickFormRenderer"

# --- Database ----------------------------------------------------------------------------------
# SQLite file in the project by default; DATABASE_URL=postgres://... selects PostgreSQL (psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_POOL", True
):
    # One pool per process; gunicorn threads share it. With health checks on, the pool tests
    # a connection before lending it, so a database restart costs a reconnect, not a 500.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Short queries: no parallel workers (start-up time only; docs/performance.md), and scans
    # from a table's start, so that a LIMITed read (a search's first 1,001 matches) is steady.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", "-c max_parallel_workers_per_gather=0 -c synchronize_seqscans=off"
    )
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN", 1)),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX", 8)),
        "timeout": 10,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL; SQLite builds them without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# Django 6 behaviour now: a link typed without a scheme is https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Cache and sessions ------------------------------------------------------------------------
# CACHE_URL=redis://127.0.0.1:6379/0 shares the cache (pages, session reads) between app
# servers; without it, each process keeps its own in memory.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's Redis cache, reusing its client (core/cache.py).
            "BACKEND": "core.cache.DirectoryRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "directory"),
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}
    }
# Sessions are written to the database and read through the cache: evicting or losing cache
# entries never signs anyone out, and every app server sees every session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# How long an anonymous visitor's page is kept; edits empty the cache at once (directory.caching).
# Off by default in production without a shared cache: one server's edit could not empty the
# others' (`check --deploy` says so, directory.checks).
PAGE_CACHE_SECONDS = int(
    os.environ.get("PAGE_CACHE_SECONDS", 0 if PRODUCTION and not CACHE_URL else 600)
)
# What anonymous pages tell browsers (max-age) and proxies or CDNs (s-maxage), in seconds:
# after an edit a browser may show the old page for max-age, a shared cache for s-maxage.
PAGE_MAX_AGE = int(os.environ.get("PAGE_MAX_AGE", 60))
PAGE_SHARED_MAX_AGE = int(os.environ.get("PAGE_SHARED_MAX_AGE", 300))
# With the project's Redis cache, each process hears every change (directory/caching.py) and
# serves the pages it keeps without asking Redis. Otherwise, how long a process trusts the
# generation it last read, in ms: 0 (the default) asks on every request; N shows another
# server's edit within N ms (this server's own at once). docs/performance.md has figures.
PAGE_GENERATION_MEMO_MS = int(os.environ.get("PAGE_GENERATION_MEMO_MS", 0))

# --- Accounts ----------------------------------------------------------------------------------
# django-axes checks every login first, so that a locked-out username and address never reach the
# password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
# Per username and visitor's address: failures from elsewhere never lock the account out.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# A lock lifts by itself after this long (0: only staff lift it).
AXES_COOLOFF_MINUTES = int(os.environ.get("AXES_COOLOFF_MINUTES", 15))
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES) if AXES_COOLOFF_MINUTES > 0 else None
# Lockouts are still logged; the version banner on every management command is not.
AXES_VERBOSE = False
# How many proxies in front of the site append to X-Forwarded-For (0: REMOTE_ADDR is the
# visitor); the visitor's address is read from the right, never from what they could forge.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_ip_address"

# Members sign in on the public site to edit their own profile; staff use the admin's login.
LOGIN_URL = "members:login"
LOGIN_REDIRECT_URL = "members:account"
LOGOUT_REDIRECT_URL = "members:directory"
# The history keeps file names, not copies of the portraits.
SIMPLE_HISTORY_FILEFIELD_TO_CHARFIELD = True

# --- Passwords ---------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ---------------------------------------------------------------------------------
# French is the institute's language and the source language of the content; English is complete.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "America/Montreal"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fr",), "fr": ("en",)}

# --- Request bodies ----------------------------------------------------------------------------
# A body larger than this is refused (413) before anything reads it: a little over the 5 MB a
# portrait or a publication file may be. The proxy should refuse it first (README, Deploying).
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", 6 * 1024 * 1024))
# Whatever passes is parsed in memory, never spooled to disk: form fields up to Django's usual
# 2.5 MB, files up to the whole cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = min(2_621_440, MAX_REQUEST_BODY_BYTES)
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES

# --- Static files and media --------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Portraits on this server's disk (MEDIA_ROOT, shared between app servers by NFS or the like),
# or MEDIA_STORAGE=s3 for S3-compatible object storage that every server writes to.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", "media"),
            # Portraits are public; their addresses need no signature.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("MEDIA_STORAGE must be filesystem or s3.")
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security ----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# The admin reads the CSRF token from its forms, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Scripts, styles and images from this site only: no inline code, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Directory ---------------------------------------------------------------------------------
DIRECTORY_PAGE_SIZE = 24
PROFILE_PUBLICATIONS_PAGE_SIZE = 10
# Portraits a member may send from their own profile page within an hour (staff: no limit).
PORTRAIT_UPLOADS_PER_HOUR = int(os.environ.get("PORTRAIT_UPLOADS_PER_HOUR", 10))

# --- Open API (/api/v1/) -----------------------------------------------------------------------
# Anyone may read it from any site: GET only, no cookies, limited to /api/.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag",)
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# --- Jobs: harvests and imports in the background ----------------------------------------------
# Celery runs them. Without CELERY_BROKER_URL a job runs at once, in the process that asks for it
# (`make run` needs no broker); with one (redis://127.0.0.1:6379/1 or
# amqp://guest:guest@127.0.0.1:5672//) `make worker` runs them, on as many machines as wanted.
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://"
# Our own queue name, so that a broker shared with other applications never mixes their jobs in.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "directory")
# A job's message is acknowledged once the job ran: one whose worker is killed is not lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Results and progress live on the job records (publications.runs), not in Celery.
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Schedules are rows staff see and change in the admin (django-celery-beat).
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
INSTALLED_APPS.insert(INSTALLED_APPS.index("core"), "django_celery_beat")
# A running job that shows no sign of life for this long is marked failed ("worker lost").
JOBS_STALE_AFTER_SECONDS = int(os.environ.get("JOBS_STALE_AFTER_SECONDS", 600))
# A job no worker took within a day is marked failed too (no worker is running).
JOBS_QUEUED_TIMEOUT_SECONDS = 24 * 3600

# Uploads waiting for their import job: shared by web servers and workers, never served.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}

# A member saying "this is mine" of a pending paper linked to them through an identifier staff
# confirmed approves it; off, staff approve every paper themselves.
MEMBER_CONFIRMATION_APPROVES = env_bool("MEMBER_CONFIRMATION_APPROVES", True)

# Harvests: where each source answers (tests point them at a local server), who asks, and how
# often each source may be asked (requests per second, shared by workers through the cache).
HARVEST_DBLP_URL = os.environ.get("HARVEST_DBLP_URL", "https://dblp.org")
HARVEST_OPENALEX_URL = os.environ.get("HARVEST_OPENALEX_URL", "https://api.openalex.org")
HARVEST_ORCID_URL = os.environ.get("HARVEST_ORCID_URL", "https://pub.orcid.org")
HARVEST_CROSSREF_URL = os.environ.get("HARVEST_CROSSREF_URL", "https://api.crossref.org")
HARVEST_ARXIV_URL = os.environ.get("HARVEST_ARXIV_URL", "https://export.arxiv.org")
HARVEST_CONTACT_EMAIL = os.environ.get("HARVEST_CONTACT_EMAIL", "")
# Each API's published guidance: OpenAlex 10/s, Crossref's polite pool 10/s, ORCID's public API
# 24/s, arXiv one request every 3 seconds, DBLP about one a second.
# HARVEST_RATES="arxiv=0.2,openalex=5" lowers some of them.
HARVEST_RATES = {"dblp": 1.0, "openalex": 10.0, "orcid": 24.0, "crossref": 10.0, "arxiv": 1 / 3}
HARVEST_RATES |= {
    name.strip(): float(rate)
    for name, _sep, rate in (item.partition("=") for item in env_list("HARVEST_RATES"))
}
# One request, retries and the whole answer included, is given up after this many seconds.
HARVEST_REQUEST_DEADLINE_SECONDS = int(os.environ.get("HARVEST_REQUEST_DEADLINE_SECONDS", 60))
