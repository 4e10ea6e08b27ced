"""OT Desk settings, driven by environment variables.

Per-district policy lives in the database (schools.District), not here. Importing this
module reads the environment and creates nothing: the data directory and the generated
secret key are made by the start-up step, otdesk/core/startup.py's prepare().
A value that cannot be read (OTDESK_DEBUG=yes-please) stops start-up with a message naming
the variable, rather than quietly meaning something else.
"""

import datetime as dt
import os
import re
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from otdesk.core.startup import STATIC_DIR, data_dir, stored_secret_key

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable: true/false, 1/0, yes/no or on/off in any case; unset or empty
    means the default; anything else is an error naming the variable."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not a yes/no value. "
        f"Use one of {', '.join(TRUE_WORDS)} (yes) or {', '.join(FALSE_WORDS)} (no)."
    )


def env_int(name: str, default: int, *, low: int, high: int) -> int:
    """A whole-number variable between low and high; unset or empty means the default."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdecimal()) or not low <= int(value) <= high:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not a whole number from {low} to {high}."
        )
    return int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of a few words (any case); unset or empty means the default."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in choices:
        raise ImproperlyConfigured(
            f"{name}={os.environ[name]!r} is not one of {', '.join(choices)}."
        )
    return value


def env_together(names: tuple[str, ...]) -> None:
    """Variables that mean something only together: all set, or none."""
    missing = [name for name in names if not os.environ.get(name, "").strip()]
    if missing and len(missing) < len(names):
        raise ImproperlyConfigured(
            f"{', '.join(missing)} must be set too: set all of {', '.join(names)}, or none."
        )


def production_secret_key() -> str:
    """SECRET_KEY from the environment, refused when short, of few characters or Django's
    placeholder kind (Django's own test of a key). No generated fallback in production:
    every machine of the site needs the same key."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "OTDESK_PRODUCTION is on, so SECRET_KEY must be set to a long random value "
            "(50 characters or more, the same on every machine). Make one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return key


def production_hosts() -> list[str]:
    hosts = env_list("OTDESK_ALLOWED_HOSTS", [])
    if not hosts or "*" in hosts:
        raise ImproperlyConfigured(
            "OTDESK_PRODUCTION is on, so OTDESK_ALLOWED_HOSTS must name the site's host "
            "names, e.g. OTDESK_ALLOWED_HOSTS=otdesk.example.org ('*' is refused)."
        )
    return hosts


DATA_DIR = data_dir()

# One switch for a district's server (docs/deploy.md): HTTPS only, behind a TLS proxy, with
# a SECRET_KEY and host names given. Off (development, `make run`, the test suite), OT Desk
# serves plain http on 127.0.0.1.
PRODUCTION = env_bool("OTDESK_PRODUCTION", False)
DEBUG = env_bool("OTDESK_DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured(
        "OTDESK_DEBUG cannot be on with OTDESK_PRODUCTION: the debug pages show settings "
        "and records to anyone who causes an error."
    )
if PRODUCTION:
    SECRET_KEY = production_secret_key()
    ALLOWED_HOSTS = production_hosts()
else:
    # SECRET_KEY from the environment, else the one prepare() generated in the data
    # directory. A process that never ran the start-up step (a test run, a script calling
    # django.setup()) gets a key of its own that lasts as long as it does.
    SECRET_KEY = (
        os.environ.get("SECRET_KEY") or stored_secret_key(DATA_DIR) or secrets.token_urlsafe(50)
    )
    ALLOWED_HOSTS = env_list("OTDESK_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "otdesk.core.admin_apps.OTDeskAdminConfig",  # django.contrib.admin, for operators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "otdesk.core",
    "otdesk.accounts",
    "otdesk.sso",
    "otdesk.schools",
    "otdesk.students",
    "otdesk.activities",
    "otdesk.delivery",
    "otdesk.programs",
    "otdesk.workload",
    "otdesk.scheduling",
    "otdesk.supervision",
    "otdesk.district",
    "otdesk.teamwork",
    "otdesk.family",
    "otdesk.accesslog",
    "otdesk.jobs",
    "otdesk.progress",
    "otdesk.fidelity",
    "otdesk.evaluations",
    "otdesk.billing",
    "otdesk.assessments",
    "otdesk.roster",
    "otdesk.retention",
    "otdesk.api",
    "otdesk.demo",
]

MIDDLEWARE = [
    "otdesk.core.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "otdesk.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "otdesk.core.middleware.UserLanguageMiddleware",
    "otdesk.core.middleware.DistrictTimeZoneMiddleware",
    "otdesk.core.middleware.AuditAddressMiddleware",
    "otdesk.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "otdesk.accounts.middleware.SessionTimeoutMiddleware",
    "otdesk.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "otdesk.core.middleware.TooLargeNumberMiddleware",
    "otdesk.core.middleware.BusyDatabaseMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the locked page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "otdesk.urls"
WSGI_APPLICATION = "otdesk.wsgi.application"

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
                "otdesk.core.context_processors.navigation",
            ],
        },
    }
]

_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "otdesk.sqlite3"),
            "OPTIONS": {
                # WAL lets readers work while a write is in progress; IMMEDIATE takes the
                # write lock at BEGIN so two writers queue instead of failing mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
# A read replica of the PostgreSQL database (docs/deploy.md): the district reports read
# from it (core/db_router.py, inside reading_from_replica()); every write, and every read
# inside a transaction, stays on default. A test run makes no second database: the alias
# reads the test database (TEST MIRROR).
_replica_url = env_str("OTDESK_REPLICA_DATABASE_URL", "").strip()
if _replica_url:
    _replica = dj_database_url.parse(_replica_url, conn_max_age=60)
    if _replica["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "OTDESK_REPLICA_DATABASE_URL must be a copy of the database DATABASE_URL names "
            f"(same kind): it is {_replica['ENGINE']}, the database is "
            f"{DATABASES['default']['ENGINE']}."
        )
    DATABASES["replica"] = {**_replica, "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["otdesk.core.db_router.ReplicaRouter"]

# Long work (otdesk/jobs): Django's task API (django-tasks) with the queue in the same
# database (django-tasks-db), run by `manage.py run_worker` (one or more, on any machine
# that reaches the database). A worker writes a heartbeat every
# OTDESK_WORKER_HEARTBEAT_SECONDS; a task whose worker has been silent for
# OTDESK_WORKER_TIMEOUT_SECONDS is given to another worker. A job that fails in a way
# worth retrying waits OTDESK_JOB_RETRY_SECONDS, then twice that, and so on.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
OTDESK_WORKER_HEARTBEAT_SECONDS = env_int("OTDESK_WORKER_HEARTBEAT_SECONDS", 5, low=1, high=300)
OTDESK_WORKER_TIMEOUT_SECONDS = env_int("OTDESK_WORKER_TIMEOUT_SECONDS", 30, low=2, high=3600)
# A district's weekly plans (scheduling/services/runs.py) are split in this many jobs, one
# per task-queue worker the district runs, on one machine or several; each share makes
# OTDESK_PLANS_AT_ONCE plans at a time (threads: one per core its worker may use).
OTDESK_PLAN_RUN_SHARES = env_int("OTDESK_PLAN_RUN_SHARES", 1, low=1, high=64)
OTDESK_PLANS_AT_ONCE = env_int("OTDESK_PLANS_AT_ONCE", 2, low=1, high=64)
OTDESK_JOB_RETRY_SECONDS = env_int("OTDESK_JOB_RETRY_SECONDS", 30, low=0, high=3600)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in (otdesk/accounts; docs/running.md). django-axes counts failed sign-ins per username
# AND address: a whole school behind one address is never locked out by one person.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
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
AXES_FAILURE_LIMIT = env_int("OTDESK_LOCKOUT_FAILURES", 5, low=1, high=100)
AXES_COOLOFF_MINUTES = env_int("OTDESK_LOCKOUT_MINUTES", 15, low=1, high=24 * 60)
AXES_COOLOFF_TIME = dt.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "otdesk.core.audit.request_address"
AXES_LOCKOUT_CALLABLE = "otdesk.accounts.views.sign_in.locked_out"
AXES_VERBOSE = False
# Sessions end after OTDESK_IDLE_MINUTES without a request and OTDESK_ABSOLUTE_HOURS after
# signing in, whichever comes first (accounts/middleware.py); the cookie lasts no longer.
OTDESK_IDLE_MINUTES = env_int("OTDESK_IDLE_MINUTES", 30, low=1, high=24 * 60)
OTDESK_ABSOLUTE_HOURS = env_int("OTDESK_ABSOLUTE_HOURS", 12, low=1, high=24 * 7)
SESSION_COOKIE_AGE = OTDESK_ABSOLUTE_HOURS * 3600
# An invitation link works this many days (accounts.Invitation).
OTDESK_INVITATION_DAYS = env_int("OTDESK_INVITATION_DAYS", 7, low=1, high=60)
# District sign-in over OpenID Connect (otdesk/sso; docs/running.md). Each district's
# coordinator sets it up on /district/sign-in/; these variables set it for one district
# instead (the page then shows it read-only): all four of issuer, client id, client secret
# and district (its id or its name), or none.
OIDC_VARIABLES = (
    "OTDESK_OIDC_ISSUER",
    "OTDESK_OIDC_CLIENT_ID",
    "OTDESK_OIDC_CLIENT_SECRET",
    "OTDESK_OIDC_DISTRICT",
)
env_together(OIDC_VARIABLES)
OTDESK_OIDC_ISSUER = env_str("OTDESK_OIDC_ISSUER", "").strip()
OTDESK_OIDC_CLIENT_ID = env_str("OTDESK_OIDC_CLIENT_ID", "").strip()
OTDESK_OIDC_CLIENT_SECRET = env_str("OTDESK_OIDC_CLIENT_SECRET", "").strip()
OTDESK_OIDC_DISTRICT = env_str("OTDESK_OIDC_DISTRICT", "").strip()
OTDESK_OIDC_PROVIDER = env_choice("OTDESK_OIDC_PROVIDER", "other", ("google", "microsoft", "other"))
OTDESK_OIDC_EMAIL_DOMAINS = env_list("OTDESK_OIDC_EMAIL_DOMAINS", [])
# The address the provider sends people back to; unset, it is built from the request
# (https://<host>/sign-in/district/callback/).
OTDESK_OIDC_REDIRECT_URI = env_str("OTDESK_OIDC_REDIRECT_URI", "").strip()
# Plain http to this machine's own provider (development and the test suite only).
OTDESK_OIDC_ALLOW_LOOPBACK_HTTP = env_bool("OTDESK_OIDC_ALLOW_LOOPBACK_HTTP", False)
if OTDESK_OIDC_ISSUER and not (
    OTDESK_OIDC_ISSUER.startswith("https://") or OTDESK_OIDC_ALLOW_LOOPBACK_HTTP
):
    raise ImproperlyConfigured(
        f"OTDESK_OIDC_ISSUER={OTDESK_OIDC_ISSUER!r} must start with https://."
    )
# Two-factor sign-in (django-otp): the name an authenticator app shows.
OTP_TOTP_ISSUER = "OT Desk"
# The admin never shows a person's authenticator key, its QR code or recovery codes (the
# site operator could otherwise pass anyone's second step).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Email: the console (the process's output) unless OTDESK_EMAIL_HOST names an SMTP server.
EMAIL_HOST = env_str("OTDESK_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("OTDESK_EMAIL_PORT", 587, low=1, high=65535)
    EMAIL_HOST_USER = env_str("OTDESK_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env_str("OTDESK_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("OTDESK_EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 20
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("OTDESK_EMAIL_FROM", "OT Desk <otdesk@localhost>")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Only the fallback: a signed-in person's district's zone governs their requests
# (core/middleware.DistrictTimeZoneMiddleware; core/dates.py for work outside a request).
TIME_ZONE = "America/Chicago"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / STATIC_DIR
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "otdesk.core.views.csrf_failure"
SECURE_COOKIES = PRODUCTION or env_bool("OTDESK_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
# Over HTTPS the cookies carry the __Host- prefix: the browser then takes them only when
# Secure, for the whole site (Path=/) and this host alone (no Domain), so a page on another
# subdomain of the district cannot plant or overwrite them. Django's defaults give Path=/
# and no Domain.
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE_COOKIES else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_COOKIES else "csrftoken"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Production runs behind a TLS proxy (nginx, Caddy) that sends X-Forwarded-Proto: https
# and overwrites any such header from the client; plain http is redirected to https, and
# browsers are told to use https only for a year (HSTS, preload-ready).
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
# The request header the TLS proxy puts the client's address in (e.g. X-Real-IP): it
# becomes REMOTE_ADDR, which the access log and the sign-in lockout record
# (core/middleware.ClientAddressMiddleware). Unset: REMOTE_ADDR as the server gives it.
OTDESK_CLIENT_ADDRESS_HEADER = env_str("OTDESK_CLIENT_ADDRESS_HEADER", "").strip()
if OTDESK_CLIENT_ADDRESS_HEADER and not re.fullmatch(
    r"[A-Za-z0-9-]+", OTDESK_CLIENT_ADDRESS_HEADER
):
    raise ImproperlyConfigured(
        f"OTDESK_CLIENT_ADDRESS_HEADER={OTDESK_CLIENT_ADDRESS_HEADER!r} is not a header "
        "name (letters, digits and '-', e.g. X-Real-IP)."
    )

# What a request may send. A form or JSON body (files apart) is at most 2.5 MB and 1,000
# fields; at most 5 files, each kept on disk once over 2.5 MB. The roster import checks its
# own file (50 MB, 60 files in a zip, 500 MB unpacked: roster/models.py, oneroster.py);
# the TLS proxy caps the whole request (docs/deploy.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Logs carry no secret link and no query string (core/logs.py; the same filter is put on
# django.server and gunicorn's loggers when the apps load).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"hide_secrets": {"()": "otdesk.core.logs.HideSecrets"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_secrets"]}},
    "root": {"handlers": ["console"], "level": env_str("OTDESK_LOG_LEVEL", "WARNING")},
}
