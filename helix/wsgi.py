"""WSGI entry point (gunicorn helix.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helix.settings")

application = get_wsgi_application()
