"""The projects app's API views, one module per resource; the v1 router imports them from here."""

from .projects import *  # noqa: F403
