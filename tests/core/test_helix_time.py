"""Relative times: "just now", "3 minutes ago", "3 phút trước", wherever they show."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from core.templatetags.helix_time import ago

NOW = timezone.now()


@pytest.mark.parametrize(
    ("delta", "english", "vietnamese"),
    [
        (timedelta(seconds=20), "just now", "vừa xong"),
        (timedelta(minutes=1), "1 minute ago", "1 phút trước"),
        (timedelta(minutes=3, seconds=10), "3 minutes ago", "3 phút trước"),
        (timedelta(hours=5, minutes=2), "5 hours ago", "5 giờ trước"),
        (timedelta(days=2, hours=3), "2 days ago", "2 ngày trước"),
        (timedelta(days=15), "2 weeks ago", "2 tuần trước"),
        (timedelta(days=70), "2 months ago", "2 tháng trước"),
        (timedelta(days=800), "2 years ago", "2 năm trước"),
    ],
)
def test_a_relative_time_says_ago_in_both_languages(delta, english, vietnamese):
    # Django's timesince keeps a number and its unit together with a no-break space.
    with translation.override("en"):
        assert ago(NOW - delta, NOW).replace("\xa0", " ") == english
    with translation.override("vi"):
        assert ago(NOW - delta, NOW).replace("\xa0", " ") == vietnamese


def test_a_time_in_the_future_is_just_now():
    assert ago(NOW + timedelta(minutes=5), NOW) == "just now"


def test_no_template_uses_djangos_timesince_or_naturaltime():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        path.name
        for path in templates.rglob("*.html")
        if "|timesince" in path.read_text() or "naturaltime" in path.read_text()
    ]
    assert offenders == []
