"""The projects app's API serializers, one module per resource."""

from .projects import *  # noqa: F403
