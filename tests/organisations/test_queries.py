"""Pages run a constant number of queries whatever the number of rows."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from taggit.models import Tag

from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def make_organisations(n: int) -> None:
    for organisation in OrganisationFactory.create_batch(n, verified=True):
        organisation.expertise.add("IoT", f"tag {organisation.pk}")
        MembershipFactory(organisation=organisation, role="owner")


def count_queries(client, url, django_assert_max_num_queries, n) -> int:
    # Measured cold each time: the home page's charts are cached until the tallies change,
    # which factories do not tell.
    cache.clear()
    with django_assert_max_num_queries(100) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        reverse("organisations:list"),
        reverse("home"),
        reverse("organisations:list") + "?q=IoT&sector=enterprise",
    ],
)
def test_list_pages_cost_the_same_with_5_or_30_organisations(
    client, url, django_assert_max_num_queries
):
    make_organisations(5)
    few = count_queries(client, url, django_assert_max_num_queries, 5)
    make_organisations(25)
    many = count_queries(client, url, django_assert_max_num_queries, 30)

    assert few == many
    assert Tag.objects.count() > 25


def test_the_members_page_costs_the_same_with_3_or_30_members(
    client, organisation, owner, django_assert_max_num_queries
):
    client.force_login(owner)
    url = reverse("organisations:members", args=[organisation.slug])
    for _ in range(2):
        MembershipFactory(organisation=organisation)
    few = count_queries(client, url, django_assert_max_num_queries, 3)
    for _ in range(27):
        MembershipFactory(organisation=organisation)
    many = count_queries(client, url, django_assert_max_num_queries, 30)

    assert few == many
