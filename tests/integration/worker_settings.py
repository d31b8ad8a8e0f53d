"""Settings for the Celery worker that test_celery_worker starts as a subprocess.

The test settings with one change: mail goes to files in HELIX_TEST_EMAIL_DIR, where the test
reads it. The worker is a separate process, so the locmem backend of helix.settings_test would
keep its messages out of the test's reach.
"""

import os

from helix.settings_test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["HELIX_TEST_EMAIL_DIR"]
# Nothing sends the worker control commands; without its mailbox it leaves no keys in Redis.
CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
