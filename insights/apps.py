from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from django.db import models
        from django.utils.autoreload import file_changed

        from core import recount
        from matchmaking import signals as matchmaking_signals
        from organisations import signals as organisation_signals
        from projects import signals as project_signals
        from projects.models import Project

        from . import receivers, tallies
        from .views import forget_filter_fields

        for signal in (
            project_signals.project_status_changed,
            project_signals.project_edited,
        ):
            signal.connect(receivers.project_changed, dispatch_uid=f"insights.{id(signal)}")
        for signal in (project_signals.solution_submitted, project_signals.solution_status_changed):
            signal.connect(receivers.solution_changed, dispatch_uid=f"insights.{id(signal)}")
        project_signals.partner_answered.connect(
            receivers.partner_changed, dispatch_uid="insights.partner_answered"
        )
        for signal in (project_signals.support_cast, project_signals.support_withdrawn):
            signal.connect(receivers.support_changed, dispatch_uid=f"insights.{id(signal)}")
        organisation_signals.organisation_edited.connect(
            receivers.organisation_changed, dispatch_uid="insights.organisation_edited"
        )
        matchmaking_signals.offer_pledged.connect(
            receivers.offer_pledged, dispatch_uid="insights.offer_pledged"
        )
        models.signals.pre_delete.connect(
            receivers.project_deleted, sender=Project, dispatch_uid="insights.project_deleted"
        )
        recount.register("insights", tallies.check)
        file_changed.connect(forget_filter_fields, dispatch_uid="insights.filter_fields")
