"""The notification list reads at a glance: days, an icon per kind, the object as the link."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from tests.notifications.test_views import told  # noqa: F401 (the fixture)


def test_notifications_are_grouped_by_day_with_icons_and_the_object_as_link(
    world, told, client  # noqa: F811
):
    earlier = told[0]
    Notification.objects.filter(pk=earlier.pk).update(created=timezone.now() - timedelta(days=1))
    world.follower.preferred_language = "vi"
    world.follower.save()
    client.force_login(world.follower)

    page = client.get(reverse("notifications:list")).content.decode()

    headings = re.findall(r'<h2 id="day-\d+" class="notification-day__title">([^<]+)</h2>', page)
    assert headings == ["Hôm nay", "Hôm qua"]
    assert page.count('class="notification__icon notification__icon--project_status"') == 2
    assert "img/notification-icons.svg#project_status" in page
    # The sentence is plain text; the link is the object's name.
    assert f'<a href="{world.project.get_absolute_url()}">{world.project.title}</a>' in page
    assert not re.search(r'<a href="[^"]*">[^<]*is now', page)
    assert "phút trước" in page or "vừa xong" in page
