"""Production settings (from the environment) plus what the benchmark measures with."""

from helix.settings import *  # noqa: F403
from helix.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# First, so that it counts every query of the request, middleware included.
MIDDLEWARE = ["bench.middleware.query_count", *MIDDLEWARE]
