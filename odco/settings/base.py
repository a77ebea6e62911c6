"""Settings for every environment, read from environment variables (django-environ).

Production behaviour is switched by variables (DJANGO_DEBUG=0 and friends), never by code
that only production runs. See README.md for the list.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DJANGO_DEBUG=(bool, True),
    DJANGO_ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
    DATABASE_URL=(str, ""),
    REDIS_URL=(str, ""),
    EMAIL_URL=(str, "consolemail://"),
)

DEBUG = env("DJANGO_DEBUG")
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-local-development-key-change-me" if DEBUG else environ.Env.NOTSET,
)
ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "odco.apps.OdcoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "import_export",
    # platform core (lowest layer)
    "odco.apps.OdcoConfig",
    "odco.accounts",
    "odco.regions",
    "odco.audit",
    "odco.jobs",
    "odco.notifications",
    # domain apps, lowest first (DESIGN.md §4)
    "cooperatives",
    "prizes",
    "training",
    "coaching",
    "mentoring",
    "monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "odco.middleware.MfaRequiredMiddleware",
]

ROOT_URLCONF = "odco.urls"
WSGI_APPLICATION = "odco.wsgi.application"
ASGI_APPLICATION = "odco.asgi.application"

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
                "odco.context_processors.platform",
            ],
        },
    },
]

# --- Storage -------------------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (postgres://user@host:5432/name); without it, an SQLite
# file in the project folder so that a newcomer needs no server.
if env("DATABASE_URL"):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Redis down: reads miss and writes are dropped, pages keep serving (odco/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "odco.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / "var" / "cache",
        }
    }

MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"  # never served publicly: files go through permission-checked views
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Task queue ----------------------------------------------------------------------------
# REDIS_URL makes Redis the broker and result store; without it, an embedded file-system
# transport that needs no server (the worker started by `make run` reads the same folder).
QUEUE_DIR = BASE_DIR / "var" / "queue"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    # A message taken by a worker that dies unacknowledged goes back to the queue after this
    # many seconds (longer than the longest task).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        # Workers look for such messages every interval × throttle seconds (kombu: 10 × 10).
        "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
        "unacked_restore_throttle": env.int("CELERY_RESTORE_THROTTLE", default=10),
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(QUEUE_DIR / "messages"),
        "data_folder_out": str(QUEUE_DIR / "messages"),
        "processed_folder": str(QUEUE_DIR / "processed"),
        # Fanout exchanges (the workers' pidbox, broadcasts): kombu's default is ./control,
        # a folder in whatever directory the process was started from.
        "control_folder": str(QUEUE_DIR / "control"),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{QUEUE_DIR / 'results'}"
    for _folder in ("messages", "processed", "results", "control"):
        (QUEUE_DIR / _folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True  # a task whose worker process died runs again
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 3600 * 24
CELERY_TIMEZONE = "Africa/Casablanca"
CELERY_BEAT_SCHEDULE: dict = {}
# A running job records a heartbeat at least this often while its task runs (a thread in the
# worker), and is shown as interrupted once its heartbeat is older than ODCO_JOB_STALE_SECONDS.
ODCO_JOB_HEARTBEAT_SECONDS = env.float("ODCO_JOB_HEARTBEAT_SECONDS", default=15)
ODCO_JOB_STALE_SECONDS = env.float("ODCO_JOB_STALE_SECONDS", default=90)

# --- Accounts ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "odco.accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# Email verification is mandatory in production (DJANGO_DEBUG=0).
ACCOUNT_EMAIL_VERIFICATION = "optional" if DEBUG else "mandatory"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
# One login throttle for every way in (the admin logs in through allauth, odco/admin_site.py):
# wrong passwords and wrong second-factor codes, 10 a minute per address and 5 per 5 minutes
# per account; wrong codes also 20 a day per account. Counters live in the cache above; with
# Redis down they go to the database (odco/accounts/throttle_store.py).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "mfa_code_failed": "20/d/key",
    "login": "30/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ODCO"
MFA_FORMS = {"authenticate": "odco.accounts.forms.SecondFactorAuthenticateForm"}
# Roles that must have a second factor before using the platform (production only).
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=[] if DEBUG else ["staff", "committee"])

SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# --- Internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("ar", _("العربية"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "django_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

# --- Email ---------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="ODCO <no-reply@odco.gov.ma>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ------------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not DEBUG and env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The admin's django-import-export exports: only CSV (UTF-8 with BOM) and XLSX, written by the
# platform's writers, every cell neutralised (odco/admin_exports.py). Import formats unchanged.
from odco.admin_exports import EXPORT_FORMAT_CLASSES  # noqa: E402

EXPORT_FORMATS = EXPORT_FORMAT_CLASSES

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Logging -------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint reports each rendering step and every CSS property it skips (the print
        # style sheets use a few it does not know): only its errors are worth a line.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
        # The embedded file-system broker has no host name, which kombu mentions each time.
        "kombu.connection": {"level": "ERROR"},
        "odco.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- Programme settings (used by the domain apps) ------------------------------------------
# A cooperative counts as a women's / youth cooperative above these shares of its members.
ODCO_WOMEN_COOPERATIVE_SHARE = env.float("ODCO_WOMEN_COOPERATIVE_SHARE", default=0.5)
ODCO_YOUTH_COOPERATIVE_SHARE = env.float("ODCO_YOUTH_COOPERATIVE_SHARE", default=0.5)
ODCO_PAGE_SIZE = 25
# Absolute address of the platform, for links in e-mails and the QR codes of certificates.
ODCO_SITE_URL = env("ODCO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Certificates of participation: the share of a phase's sessions a participant must attend.
TRAINING_CERTIFICATE_MIN_ATTENDANCE_PERCENT = env.int(
    "TRAINING_CERTIFICATE_MIN_ATTENDANCE_PERCENT", default=75
)
# Periodic reports: due this many days after the period ends; reminder this many days before.
ODCO_REPORT_DUE_DAYS = env.int("ODCO_REPORT_DUE_DAYS", default=15)
ODCO_REPORT_REMINDER_DAYS = env.int("ODCO_REPORT_REMINDER_DAYS", default=7)
# Uploaded evidence and kit files: largest accepted size in bytes.
ODCO_EVIDENCE_MAX_BYTES = env.int("ODCO_EVIDENCE_MAX_BYTES", default=5 * 1024 * 1024)
# Photos of cooperatives (pitch deck, public page): largest upload, and the web size kept.
ODCO_PHOTO_MAX_BYTES = env.int("ODCO_PHOTO_MAX_BYTES", default=8 * 1024 * 1024)
ODCO_PHOTO_WEB_PIXELS = env.int("ODCO_PHOTO_WEB_PIXELS", default=1600)
# Imported tables (registry, candidacies, the admin's import; odco/uploads.py): largest file,
# most cells (rows × columns; the national registry is about 65,000 rows of 14 columns), what
# an XLSX may expand to and by how many times (zip bombs); files of more data rows than
# ODCO_IMPORT_INLINE_ROWS are previewed by a job instead of inside the request.
ODCO_IMPORT_MAX_BYTES = env.int("ODCO_IMPORT_MAX_BYTES", default=20 * 1024 * 1024)
ODCO_IMPORT_MAX_CELLS = env.int("ODCO_IMPORT_MAX_CELLS", default=1_500_000)
ODCO_IMPORT_MAX_UNZIPPED_BYTES = env.int("ODCO_IMPORT_MAX_UNZIPPED_BYTES", default=250 * 1024 * 1024)
ODCO_IMPORT_MAX_ZIP_RATIO = env.int("ODCO_IMPORT_MAX_ZIP_RATIO", default=100)
ODCO_IMPORT_INLINE_ROWS = env.int("ODCO_IMPORT_INLINE_ROWS", default=2_000)
