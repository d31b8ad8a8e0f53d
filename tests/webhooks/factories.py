import factory
from django.utils import timezone

from tests.factories import OrganisationFactory
from webhooks.models import Event, WebhookDelivery, WebhookEndpoint


class WebhookEndpointFactory(factory.django.DjangoModelFactory):
    """Saved without the URL check (no DNS in tests); the services' tests check it."""

    class Meta:
        model = WebhookEndpoint

    organisation = factory.SubFactory(OrganisationFactory, verified=True)
    url = factory.Sequence(lambda n: f"https://hooks{n}.example.org/helix")
    events = factory.LazyFunction(lambda: list(Event.values))


class WebhookDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WebhookDelivery

    endpoint = factory.SubFactory(WebhookEndpointFactory)
    event_type = Event.SOLUTION_SUBMITTED
    event_id = factory.Faker("uuid4", cast_to=None)
    payload = factory.LazyAttribute(
        lambda o: {"id": str(o.event_id), "type": o.event_type, "created": "", "data": {}}
    )
    next_attempt_at = factory.LazyFunction(timezone.now)
