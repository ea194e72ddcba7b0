"""Settings for Digital help nearby: one module, driven by environment variables.

See README.md ("Configuration") for every variable. Local defaults are safe: SQLite in
the project folder, DEBUG on, mail to the console, tasks run immediately.
"""

from pathlib import Path

from django.conf.locale import LANG_INFO
from django.utils.translation import gettext_lazy as _

from config import env

# The environment file every process shares (DIGITALHELP_ENV_FILE=/etc/digitalhelp/env),
# read before any setting; a variable set in the process itself wins over the file.
env.load_env_file()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env.flag("DEBUG", default=True)

SECRET_KEY = env.text("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise env.ConfigError(
            "SECRET_KEY must be set to a long random value when DEBUG=0 "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "local-development-only-not-secret-" + "x" * 20

ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
if DEBUG:
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS")
# LOCAL_REHEARSAL=1: production settings over plain HTTP on the loopback only (no Secure
# cookies, SSL redirect or HSTS; see Security below), refused with DEBUG=1 and for any
# host or BASE_URL that is not a loopback one (config/env.py local_rehearsal).
LOCAL_REHEARSAL = env.local_rehearsal(DEBUG, ALLOWED_HOSTS)

# The project's apps, from the ground layer up (README "Layout"; lint-imports checks it).
INSTALLED_APPS = [
    "core",
    "geography",
    "directory",
    "networks",
    "partners",
    "figures",
    "home",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",  # in place of wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "leaflet",
    "django_tasks",
    "django_tasks_db",
    # No django.contrib.admin: its autodiscovery imports leaflet.admin, which needs GDAL.
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
]

# Form widgets render through TEMPLATES, so widget templates live in templates/ too.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's cache middleware for public pages (core.http_cache): first to store a
    # response, so every Vary header is known, and last to look one up.
    "core.http_cache.UpdateCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.sessions.SessionTimeoutMiddleware",
    "core.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "core.http_cache.FetchFromCacheMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# The local SQLite file is for development only: production (DEBUG=0) must name its
# database, so a process started without the environment (a cron job, a shell) stops
# instead of quietly writing to an empty SQLite file. sqlite:///PATH named here is fine.
if not DEBUG and not env.text("DATABASE_URL"):
    raise env.ConfigError(
        "DATABASE_URL must be set when DEBUG=0 (postgres://USER:PASSWORD@HOST:5432/NAME); "
        "production never falls back to the local SQLite file."
    )
DATABASES = {
    "default": env.database(env.text("DATABASE_URL"), BASE_DIR / "db.sqlite3"),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": env.cache(
        env.text("CACHE_URL") or env.text("REDIS_URL"),
        timeout=env.number("CACHE_TIMEOUT", 0.5, minimum=0.01),
        retry_seconds=env.number("CACHE_RETRY_SECONDS", 10, minimum=0),
    )
}

TASKS = env.tasks(env.text("TASKS_BACKEND", "immediate"))
# Readiness (/readyz) says "degraded" when a task has waited longer than this for the
# worker (TASKS_BACKEND=database).
TASK_QUEUE_MAX_AGE_SECONDS = env.integer("TASK_QUEUE_MAX_AGE_SECONDS", 15 * 60, minimum=1)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: Swedish first, every other language complete; Europe/Stockholm.
# Django's own list of languages lacks Somali and Tigrinya: they are added to it here, so
# that get_language_info, the bidi flag and the language cookie know them.
LANG_INFO.update(
    {
        "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
        "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
    }
)
LANGUAGE_CODE = "sv"
LANGUAGES = [
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("so", _("Somali")),
    ("ti", _("Tigrinya")),
    ("uk", _("Ukrainian")),
]
# The project's catalogues; locale-django holds Django's own form messages in the
# languages Django ships none for (Somali, Tigrinya).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-django"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Content (pages and vocabularies) is written in Swedish and translated into the others
# with wagtail-localize: each language has a page tree of its own (core.models).
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Mail: EMAIL_URL (smtp://user:pass@host:587?tls=1), console by default.
globals().update(env.email(env.text("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "Digital hjälp nära dig <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security. Production (DEBUG=0) is HTTPS-only; SECURE_SSL_REDIRECT can be turned off
# when a proxy already redirects.
# Proxies: TRUSTED_PROXY_COUNT=N (N >= 1) says N proxies stand in front, the one that
# terminates HTTPS setting X-Forwarded-Proto itself (replacing what the client sent) and
# each appending the address it saw to X-Forwarded-For. Only then is X-Forwarded-Proto
# believed (request.is_secure(): the SSL redirect, CSRF's origin checks) and the client's
# address taken from X-Forwarded-For (core/client.py: rate limits, the security log).
# With 0 nobody is in front to vouch for them, so both headers are ignored. Forwarded host
# and port headers are never believed.
TRUSTED_PROXY_COUNT = env.integer("TRUSTED_PROXY_COUNT", 0, minimum=0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_COUNT else None
USE_X_FORWARDED_HOST = False
USE_X_FORWARDED_PORT = False
SESSION_COOKIE_HTTPONLY = True
# Admin sessions: at most one working day after logging in (SESSION_COOKIE_AGE, enforced
# from the log-in time), and logged out after SESSION_IDLE_TIMEOUT without a request
# (OWASP ASVS level 2: 12 hours / 30 minutes at most; computers in libraries are shared).
SESSION_COOKIE_AGE = env.integer("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_IDLE_TIMEOUT = env.integer("SESSION_IDLE_TIMEOUT", 30 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's own preview views override this to SAMEORIGIN
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Log-in throttling (Wagtail admin): failures per user name (and 4x per address) within
# the window lock further attempts until the window ends.
LOGIN_FAILURE_LIMIT = env.integer("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = env.integer("LOGIN_FAILURE_WINDOW", 15 * 60)
WAGTAILADMIN_USER_LOGIN_FORM = "core.login.ThrottledLoginForm"
# A local rehearsal is plain HTTP: Secure cookies would never come back, and HSTS or the
# redirect would lock the browser out of http://127.0.0.1 (Django's defaults stay).
if not DEBUG and not LOCAL_REHEARSAL:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.flag("SECURE_SSL_REDIRECT", default=True)
    # A load balancer's health probe may come over plain HTTP: it gets the answer.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.flag("SECURE_HSTS_PRELOAD", default=True)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Rate limits, shared through the cache: "scope=requests/seconds,…" overrides the
# defaults in core/throttle.py (referral-form, report-form, directory-api, route-api).
# The forms are counted per browser and, higher, per client address ("scope.address=…";
# config/env.py parse_rate_limits); the APIs per address. Behind N trusted proxies that
# append to X-Forwarded-For, set TRUSTED_PROXY_COUNT=N (Security above) so that the
# client's own address is counted.
RATE_LIMITS = env.rate_limits("RATE_LIMITS")
# Addresses or networks shared by many honest people (a library's public computers, a
# municipal office): their per-address limits are RATE_LIMIT_TRUSTED_FACTOR times higher;
# each browser's own limit still holds. "192.0.2.10,198.51.100.0/24".
RATE_LIMIT_TRUSTED_ADDRESSES = env.networks("RATE_LIMIT_TRUSTED_ADDRESSES")
RATE_LIMIT_TRUSTED_FACTOR = env.integer("RATE_LIMIT_TRUSTED_FACTOR", 10, minimum=1)

# Referrals: the spam guard's minimum time to fill in the form, and how long referrals
# that are never closed are kept (closed ones: each network's own period, default 90).
REFERRAL_MIN_FILL_SECONDS = env.integer("REFERRAL_MIN_FILL_SECONDS", 4)
REFERRAL_OPEN_RETENTION_DAYS = env.integer("REFERRAL_OPEN_RETENTION_DAYS", 365)
# Statistics: a help topic is out of reach when no live place offers it this close.
FIGURES_GAP_DISTANCE_KM = env.integer("FIGURES_GAP_DISTANCE_KM", 20)
# Public pages and shared values are kept this long at most ("open now" is that fresh);
# README "Caching".
PAGE_CACHE_SECONDS = env.integer("PAGE_CACHE_SECONDS", 60)
CACHE_MIDDLEWARE_SECONDS = PAGE_CACHE_SECONDS
# Wagtail's routing (Site and page tree) kept in the cache until the page tree changes
# (core/page_routes.py); 0 routes every request as stock Wagtail does.
REMEMBER_PAGE_ROUTES = env.flag("REMEMBER_PAGE_ROUTES", default=True)
CACHE_MIDDLEWARE_KEY_PREFIX = "pages"
# Publishing purges pages from Django's cache and, with FRONTEND_CACHE_PURGE_URL, from a
# front proxy that accepts HTTP PURGE (Varnish, nginx); Wagtail's other backends
# (Cloudflare, CloudFront) are configured the same way.
WAGTAILFRONTENDCACHE = {"django": {"BACKEND": "core.http_cache.PagesInDjangoCache"}}
if env.text("FRONTEND_CACHE_PURGE_URL"):
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env.text("FRONTEND_CACHE_PURGE_URL"),
    }
# How long the "still correct" link in a partner's reminder email works.
VERIFICATION_LINK_MAX_AGE_DAYS = env.integer("VERIFICATION_LINK_MAX_AGE_DAYS", 30)

# Wagtail
WAGTAIL_SITE_NAME = "Digital hjälp nära dig"
WAGTAILADMIN_BASE_URL = env.text("BASE_URL", env.DEFAULT_BASE_URL).rstrip("/")
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Avatars are the users' own uploads or Wagtail's default: no outside avatar service, which
# the admin's content security policy would block anyway (and which would learn who logs in).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Partner changes approved by their network's coordinators are published for them.
WAGTAIL_FINISH_WORKFLOW_ACTION = "partners.workflows.publish_approved"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "swedish",
        "AUTO_UPDATE": True,
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

# Maps: tiles from a configurable server; OpenStreetMap's by default.
MAP_TILES_URL = env.text("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_ATTRIBUTION = env.text(
    "MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (57.55, 14.45),
    "DEFAULT_ZOOM": 8,
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 18,
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": MAP_ATTRIBUTION})],
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "security": {"level": "INFO"},
    },
}
