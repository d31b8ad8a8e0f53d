"""gunicorn's worker hook (helix/gunicorn.py)."""

import gc

from helix.gunicorn import post_worker_init


def test_a_worker_freezes_what_it_has_loaded():
    gc.unfreeze()
    try:
        post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000  # Django, the apps, the URLconf
    finally:
        gc.unfreeze()
