from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from evaluation import signals as evaluation_signals
        from matchmaking import signals as matchmaking_signals
        from organisations import signals as organisation_signals
        from projects import signals as project_signals

        from . import permissions, receivers, signals, tasks  # noqa: F401  (permissions: the rules)

        signals.event_recorded.connect(
            tasks.on_event_recorded, dispatch_uid="notifications.queue_fan_out"
        )

        project_signals.solution_submitted.connect(
            receivers.solution_submitted, dispatch_uid="notifications.solution_submitted"
        )
        project_signals.comment_created.connect(
            receivers.comment_created, dispatch_uid="notifications.comment_created"
        )
        project_signals.project_status_changed.connect(
            receivers.project_status_changed, dispatch_uid="notifications.project_status_changed"
        )
        project_signals.solution_status_changed.connect(
            receivers.solution_status_changed, dispatch_uid="notifications.solution_status_changed"
        )
        project_signals.partner_invited.connect(
            receivers.partner_invited, dispatch_uid="notifications.partner_invited"
        )
        project_signals.partner_answered.connect(
            receivers.partner_answered, dispatch_uid="notifications.partner_answered"
        )
        project_signals.support_cast.connect(
            receivers.support_cast, dispatch_uid="notifications.support_cast"
        )
        organisation_signals.organisation_verified.connect(
            receivers.organisation_verified, dispatch_uid="notifications.organisation_verified"
        )
        organisation_signals.invitation_created.connect(
            receivers.invitation_created, dispatch_uid="notifications.invitation_created"
        )
        organisation_signals.invitation_accepted.connect(
            receivers.invitation_accepted, dispatch_uid="notifications.invitation_accepted"
        )
        organisation_signals.membership_requested.connect(
            receivers.membership_requested, dispatch_uid="notifications.membership_requested"
        )
        organisation_signals.membership_request_approved.connect(
            receivers.membership_request_approved,
            dispatch_uid="notifications.membership_request_approved",
        )
        matchmaking_signals.strong_matches_found.connect(
            receivers.strong_matches_found, dispatch_uid="notifications.strong_matches_found"
        )
        evaluation_signals.reviewer_assigned.connect(
            receivers.reviewer_assigned, dispatch_uid="notifications.reviewer_assigned"
        )
        evaluation_signals.reviewer_reminded.connect(
            receivers.reviewer_reminded, dispatch_uid="notifications.reviewer_reminded"
        )
        evaluation_signals.reviews_completed.connect(
            receivers.reviews_completed, dispatch_uid="notifications.reviews_completed"
        )
        matchmaking_signals.approach_sent.connect(
            receivers.approach_sent, dispatch_uid="notifications.approach_sent"
        )
        matchmaking_signals.approach_answered.connect(
            receivers.approach_answered, dispatch_uid="notifications.approach_answered"
        )
        evaluation_signals.update_posted.connect(
            receivers.update_posted, dispatch_uid="notifications.update_posted"
        )
