from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = _("Webhooks")

    def ready(self) -> None:
        from evaluation import signals as evaluation_signals
        from matchmaking import signals as matchmaking_signals
        from organisations import signals as organisation_signals
        from projects import signals

        from . import permissions, receivers, tasks  # noqa: F401  (permissions registers the rules)
        from .signals import deliveries_recorded

        deliveries_recorded.connect(tasks.on_deliveries_recorded, dispatch_uid="webhooks.queue")

        signals.project_status_changed.connect(
            receivers.on_project_status_changed, dispatch_uid="webhooks.project_status_changed"
        )
        signals.solution_submitted.connect(
            receivers.on_solution_submitted, dispatch_uid="webhooks.solution_submitted"
        )
        signals.solution_status_changed.connect(
            receivers.on_solution_status_changed, dispatch_uid="webhooks.solution_status_changed"
        )
        signals.comment_created.connect(
            receivers.on_comment_created, dispatch_uid="webhooks.comment_created"
        )
        evaluation_signals.milestone_changed.connect(
            receivers.on_milestone_changed, dispatch_uid="webhooks.milestone_changed"
        )
        evaluation_signals.update_posted.connect(
            receivers.on_update_posted, dispatch_uid="webhooks.update_posted"
        )
        evaluation_signals.reviews_completed.connect(
            receivers.on_reviews_completed, dispatch_uid="webhooks.reviews_completed"
        )
        organisation_signals.organisation_verified.connect(
            receivers.on_organisation_verified, dispatch_uid="webhooks.organisation_verified"
        )
        matchmaking_signals.approach_sent.connect(
            receivers.on_approach_sent, dispatch_uid="webhooks.approach_sent"
        )
        matchmaking_signals.approach_answered.connect(
            receivers.on_approach_answered, dispatch_uid="webhooks.approach_answered"
        )
        matchmaking_signals.offer_pledged.connect(
            receivers.on_offer_pledged, dispatch_uid="webhooks.offer_pledged"
        )
