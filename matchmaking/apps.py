from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from core import recount
        from organisations import signals as organisation_signals
        from projects import signals as project_signals

        from . import counters, for_you, permissions, receivers, signals  # noqa: F401  (the rules)

        recount.register("matchmaking", counters.check)
        for_you.connect()

        project_signals.project_status_changed.connect(
            receivers.project_changed, dispatch_uid="matchmaking.project_status_changed"
        )
        project_signals.project_edited.connect(
            receivers.project_changed, dispatch_uid="matchmaking.project_edited"
        )
        organisation_signals.organisation_verified.connect(
            receivers.organisation_changed, dispatch_uid="matchmaking.organisation_verified"
        )
        organisation_signals.organisation_unverified.connect(
            receivers.organisation_changed, dispatch_uid="matchmaking.organisation_unverified"
        )
        organisation_signals.organisation_edited.connect(
            receivers.organisation_changed, dispatch_uid="matchmaking.organisation_edited"
        )
        signals.capabilities_changed.connect(
            receivers.organisation_changed, dispatch_uid="matchmaking.capabilities_changed"
        )
        signals.needs_changed.connect(
            receivers.project_changed, dispatch_uid="matchmaking.needs_changed"
        )
