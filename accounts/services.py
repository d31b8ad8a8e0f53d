"""Writes on the user's own row that are not allauth's."""

from datetime import datetime, timedelta

from django.utils import timezone

from .models import User

# A visit to My Helix begins after this long without one.
HOME_VISIT_GAP = timedelta(hours=1)


def user_record_home_visit(*, user: User, now: datetime | None = None) -> datetime | None:
    """Note a visit to My Helix; return when the previous visit began (None on the first).

    Within `HOME_VISIT_GAP` of the visit's start nothing is written, and the answer stays the
    same: reloading My Helix does not make what changed disappear. One UPDATE otherwise.
    """
    now = now or timezone.now()
    if user.home_visit_at is not None and now - user.home_visit_at < HOME_VISIT_GAP:
        return user.home_previous_visit_at
    previous = user.home_visit_at
    User.objects.filter(pk=user.pk).update(home_previous_visit_at=previous, home_visit_at=now)
    user.home_previous_visit_at, user.home_visit_at = previous, now
    return previous
