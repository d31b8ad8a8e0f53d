"""Helix project package: settings, root URLs, the Celery app and cross-app pieces.

It is also an installed app so that cross-app commands (the demo data) and the site-wide
templates have a home without an app of their own.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)
