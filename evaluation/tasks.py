from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import selectors, services

REMIND_BEFORE = timedelta(days=2)


@shared_task
def remind_reviewers() -> int:
    """Beat, daily: remind (once) the reviewers with work left on rubrics closing in two days."""
    closing = timezone.localdate() + REMIND_BEFORE
    reminded = 0
    for reviewer_id in selectors.reviewers_to_remind(closes_on=closing):
        reminded += services.reviewer_remind(reviewer_id=reviewer_id)
    return reminded
