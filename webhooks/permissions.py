"""Who may manage an organisation's webhooks: one predicate per rule (django-rules).

Endpoints, their secrets and their delivery log are for the organisation's owners and managers:
a secret lets its holder forge Helix's signature, and the log shows the organisation's partner
systems. Staff holding the model permissions (none by default) act from the admin.
"""

import rules

from organisations.permissions import is_manager


@rules.predicate
def manages_delivery_organisation(user, delivery) -> bool:
    return is_manager(user, delivery.endpoint.organisation)


@rules.predicate
def may_change_endpoints(user, obj=None) -> bool:
    return user.has_perm("webhooks.change_webhookendpoint")


@rules.predicate
def may_change_deliveries(user, obj=None) -> bool:
    return user.has_perm("webhooks.change_webhookdelivery")


rules.add_perm("webhooks.manage_webhooks", is_manager | may_change_endpoints)
rules.add_perm("webhooks.redeliver", manages_delivery_organisation | may_change_deliveries)
