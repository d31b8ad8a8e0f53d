"""The organisation's webhook pages: for its owners and managers only."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

from .factories import WebhookDeliveryFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db

PUBLIC_URL = "https://93.184.216.34/helix"
PAGES = ["list", "add", "detail", "edit", "secret", "toggle", "delete", "ping", "redeliver"]


@pytest.fixture
def endpoint(organisation):
    return WebhookEndpointFactory(organisation=organisation)


def urls(endpoint) -> dict[str, tuple[str, str]]:
    slug, pk = endpoint.organisation.slug, endpoint.pk
    delivery = WebhookDeliveryFactory(endpoint=endpoint)
    return {
        "list": ("get", reverse("webhooks:list", args=[slug])),
        "add": ("post", reverse("webhooks:list", args=[slug])),
        "detail": ("get", reverse("webhooks:detail", args=[slug, pk])),
        "edit": ("post", reverse("webhooks:edit", args=[slug, pk])),
        "secret": ("post", reverse("webhooks:secret", args=[slug, pk])),
        "toggle": ("post", reverse("webhooks:toggle", args=[slug, pk])),
        "delete": ("post", reverse("webhooks:delete", args=[slug, pk])),
        "ping": ("post", reverse("webhooks:ping", args=[slug, pk])),
        "redeliver": ("post", reverse("webhooks:redeliver", args=[slug, pk, delivery.pk])),
    }


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, endpoint, page):
    method, url = urls(endpoint)[page]

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("visitor", ["user", "member", "other_owner", "staff"])
@pytest.mark.parametrize("page", PAGES)
def test_only_owners_and_managers_reach_the_webhooks(client, request, endpoint, visitor, page):
    client.force_login(request.getfixturevalue(visitor))
    method, url = urls(endpoint)[page]

    response = getattr(client, method)(url, {"url": PUBLIC_URL, "events": ["comment.created"]})

    assert response.status_code == 403
    assert WebhookEndpoint.objects.get() == endpoint
    assert endpoint.secret == WebhookEndpoint.objects.get().secret
    assert WebhookAttempt.objects.count() == 0


def test_another_organisations_endpoint_is_not_found(client, owner, other_owner):
    theirs = WebhookEndpointFactory()
    client.force_login(owner)

    response = client.get(
        reverse("webhooks:detail", args=[owner.memberships.get().organisation.slug, theirs.pk])
    )

    assert response.status_code == 404


def test_a_manager_adds_an_endpoint_and_sees_its_secret_once(client, organisation, manager):
    client.force_login(manager)

    response = client.post(
        reverse("webhooks:list", args=[organisation.slug]),
        {"url": PUBLIC_URL, "events": ["solution.submitted", "comment.created"]},
        follow=True,
    )

    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.organisation == organisation
    assert endpoint.events == ["comment.created", "solution.submitted"]
    assert endpoint.created_by == manager
    assert endpoint.secret in response.content.decode()
    again = client.get(endpoint.get_absolute_url())
    assert endpoint.secret not in again.content.decode()


def test_a_private_url_is_a_field_error_on_the_form(client, organisation, owner):
    client.force_login(owner)

    response = client.post(
        reverse("webhooks:list", args=[organisation.slug]),
        {"url": "http://169.254.169.254/latest/meta-data/", "events": ["comment.created"]},
    )

    assert response.status_code == 200
    assert "not a public internet address" in " ".join(response.context["form"].errors["url"])
    assert not WebhookEndpoint.objects.exists()


def test_no_event_chosen_is_a_field_error(client, organisation, owner):
    client.force_login(owner)

    response = client.post(reverse("webhooks:list", args=[organisation.slug]), {"url": PUBLIC_URL})

    assert response.context["form"].errors["events"]


def test_the_secret_is_revealed_on_request_and_rotated(client, endpoint, owner):
    client.force_login(owner)
    url = reverse("webhooks:secret", args=[endpoint.organisation.slug, endpoint.pk])
    old = endpoint.secret

    revealed = client.post(url, {"action": "reveal"})
    rotated = client.post(url, {"action": "rotate"}, follow=True)

    assert old in revealed.content.decode()
    endpoint.refresh_from_db()
    assert endpoint.secret != old
    assert endpoint.secret in rotated.content.decode()


def test_disable_then_enable(client, endpoint, manager):
    client.force_login(manager)
    url = reverse("webhooks:toggle", args=[endpoint.organisation.slug, endpoint.pk])

    client.post(url, {"active": "0"})
    endpoint.refresh_from_db()
    assert not endpoint.is_active

    client.post(url, {"active": "1"})
    endpoint.refresh_from_db()
    assert endpoint.is_active


def test_delete_removes_the_endpoint_and_its_log(client, endpoint, owner):
    WebhookDeliveryFactory(endpoint=endpoint)
    client.force_login(owner)

    response = client.post(
        reverse("webhooks:delete", args=[endpoint.organisation.slug, endpoint.pk])
    )

    assert response.status_code == 302
    assert not WebhookEndpoint.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_the_redeliver_button_sends_again(
    client, organisation, owner, receiver, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpointFactory(organisation=organisation, url=receiver.url)
    receiver.secret = endpoint.secret
    delivery = WebhookDeliveryFactory(endpoint=endpoint, status=WebhookDelivery.Status.FAILED)
    client.force_login(owner)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("webhooks:redeliver", args=[organisation.slug, endpoint.pk, delivery.pk]),
            {"page": "2"},
        )

    assert response.status_code == 302
    assert response.url.endswith("?page=2")
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert [r.verified for r in receiver.requests] == [True]


def test_a_delivery_of_another_endpoint_cannot_be_redelivered_from_this_one(
    client, endpoint, owner
):
    elsewhere = WebhookDeliveryFactory()
    client.force_login(owner)

    response = client.post(
        reverse("webhooks:redeliver", args=[endpoint.organisation.slug, endpoint.pk, elsewhere.pk])
    )

    assert response.status_code == 404


def test_the_log_shows_each_attempt(client, endpoint, owner):
    delivery = WebhookDeliveryFactory(endpoint=endpoint, status=WebhookDelivery.Status.FAILED)
    WebhookAttempt.objects.create(
        delivery=delivery, number=1, started_at=delivery.created, duration_ms=812,
        response_status=503, error="The receiver answered 503.",
    )  # fmt: skip
    client.force_login(owner)

    page = client.get(endpoint.get_absolute_url()).content.decode()

    assert "HTTP 503" in page
    assert "812 ms" in page
    assert "Failed" in page


def test_the_organisation_page_links_to_webhooks_for_managers_only(client, organisation, manager):
    link = reverse("webhooks:list", args=[organisation.slug])
    member = UserFactory()
    organisation.memberships.create(user=member, role="member")

    client.force_login(member)
    assert link not in client.get(organisation.get_absolute_url()).content.decode()
    client.force_login(manager)
    assert link in client.get(organisation.get_absolute_url()).content.decode()


def _log_queries(client, endpoint, owner, deliveries, django_assert_max_num_queries) -> int:
    for _ in range(deliveries):
        delivery = WebhookDeliveryFactory(endpoint=endpoint)
        for number in (1, 2):
            WebhookAttempt.objects.create(
                delivery=delivery, number=number, started_at=delivery.created, duration_ms=5,
                response_status=500,
            )  # fmt: skip
    client.force_login(type(owner).objects.get(pk=owner.pk))
    with django_assert_max_num_queries(20) as captured:
        response = client.get(endpoint.get_absolute_url())
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_log_costs_the_same_with_3_or_25_deliveries(
    client, organisation, owner, django_assert_max_num_queries
):
    few = _log_queries(
        client, WebhookEndpointFactory(organisation=organisation), owner, 3,
        django_assert_max_num_queries,
    )  # fmt: skip
    many = _log_queries(
        client, WebhookEndpointFactory(organisation=organisation), owner, 25,
        django_assert_max_num_queries,
    )  # fmt: skip

    assert few == many


def test_the_endpoint_list_costs_the_same_with_1_or_8_endpoints(
    client, organisation, owner, django_assert_max_num_queries
):
    def queries() -> int:
        client.force_login(type(owner).objects.get(pk=owner.pk))
        with django_assert_max_num_queries(20) as captured:
            assert client.get(reverse("webhooks:list", args=[organisation.slug])).status_code == 200
        return len(captured.captured_queries)

    WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(organisation=organisation))
    one = queries()
    for _ in range(7):
        WebhookDeliveryFactory(endpoint=WebhookEndpointFactory(organisation=organisation))

    assert queries() == one


def test_delete_asks_first(client, endpoint, owner):
    client.force_login(owner)

    response = client.get(
        reverse("webhooks:delete", args=[endpoint.organisation.slug, endpoint.pk])
    )

    assert response.status_code == 200
    assert "cannot be undone" in response.content.decode()
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk).exists()


def test_pages_that_may_show_the_secret_are_not_cached(client, endpoint, owner):
    client.force_login(owner)

    response = client.post(
        reverse("webhooks:secret", args=[endpoint.organisation.slug, endpoint.pk]),
        {"action": "reveal"},
    )

    assert "no-store" in response["Cache-Control"]


def test_a_test_ping_reaches_the_receiver_signed(
    client, organisation, manager, receiver, django_capture_on_commit_callbacks
):
    endpoint = WebhookEndpointFactory(organisation=organisation, url=receiver.url)
    receiver.secret = endpoint.secret
    client.force_login(manager)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webhooks:ping", args=[organisation.slug, endpoint.pk]))

    [request] = receiver.requests
    assert request.verified
    assert request.json()["type"] == "ping"
    assert request.json()["data"]["endpoint"]["url"] == receiver.url
    assert endpoint.deliveries.get().status == WebhookDelivery.Status.SUCCEEDED


def test_a_disabled_endpoint_gets_no_ping(client, organisation, owner):
    endpoint = WebhookEndpointFactory(organisation=organisation, is_active=False)
    client.force_login(owner)

    response = client.post(
        reverse("webhooks:ping", args=[organisation.slug, endpoint.pk]), follow=True
    )

    assert "Enable the endpoint" in response.content.decode()
    assert not endpoint.deliveries.exists()


def test_a_manager_changes_the_events_and_the_secret_stays(client, endpoint, manager):
    secret = endpoint.secret
    client.force_login(manager)

    response = client.post(
        reverse("webhooks:edit", args=[endpoint.organisation.slug, endpoint.pk]),
        {"url": PUBLIC_URL, "events": ["project.published"]},
    )

    assert response.status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.url, endpoint.events, endpoint.secret) == (
        PUBLIC_URL,
        ["project.published"],
        secret,
    )


def test_editing_to_a_private_url_is_refused(client, endpoint, owner):
    client.force_login(owner)

    response = client.post(
        reverse("webhooks:edit", args=[endpoint.organisation.slug, endpoint.pk]),
        {"url": "http://[::1]:8000/", "events": ["project.published"]},
    )

    assert "not a public internet address" in " ".join(response.context["form"].errors["url"])
    endpoint.refresh_from_db()
    assert endpoint.url != "http://[::1]:8000/"


def test_an_organisation_has_at_most_ten_endpoints(client, organisation, owner):
    for _ in range(10):
        WebhookEndpointFactory(organisation=organisation)
    client.force_login(owner)

    response = client.post(
        reverse("webhooks:list", args=[organisation.slug]),
        {"url": PUBLIC_URL, "events": ["comment.created"]},
    )

    assert "at most 10 webhook endpoints" in response.content.decode()
    assert organisation.webhook_endpoints.count() == 10
