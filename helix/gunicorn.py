"""gunicorn's settings for Helix: `gunicorn helix.wsgi --config python:helix.gunicorn`."""

import gc


def post_worker_init(worker) -> None:
    """Freeze what the worker has loaded (Django, the apps, the models, the URLconf: some
    140,000 objects) so that the garbage collector's full passes stop walking it: each took
    about 70 ms, once every few hundred requests, and made the slowest percent of requests
    (measured for `make bench`; Instagram's reason for `gc.freeze` too)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and the views before the freeze
    gc.freeze()
