"""Small overrides for the test suite on top of the real settings.

DATABASE_URL and REDIS_URL keep their meaning: the suite runs on SQLite by default and on
PostgreSQL in CI. Tasks run eagerly unless a test starts a real worker (tests/integration).
"""

from .settings import *  # noqa: F403
from .settings import STORAGES

SECRET_KEY = "helix-test-secret-key-not-for-production-0123456789abcdefghijklmnop"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Eager unless a real worker is what is being tested (tests/integration sets this to false).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405
# Each test starts with an empty cache (allauth's rate limits live there).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if "EMAIL_URL" not in env.ENVIRON:  # noqa: F405  (a worker under test writes mail to files)
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".pytest-media"  # noqa: F405
# Webhook retries follow each other at once (the schedule is tested on its own).
HELIX_WEBHOOK_BACKOFF_SECONDS = 0
HELIX_WEBHOOK_TIMEOUT = 2.0
