"""The Celery app, wired the standard Django way (settings under the CELERY_ namespace)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings")

# DjangoTask gives every task delay_on_commit(), so side effects leave only after the
# transaction that caused them has committed.
app = Celery("helix", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
