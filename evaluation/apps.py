from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from projects import filters as project_filters
        from projects import signals as project_signals

        from . import (  # noqa: F401  (the *permissions modules: the rules)
            followthrough,
            followthrough_permissions,
            permissions,
            receivers,
        )

        project_filters.register_results_filter(followthrough.with_results)

        email_confirmed.connect(
            receivers.email_confirmed, dispatch_uid="evaluation.attach_reviewer"
        )
        project_signals.solution_submitted.connect(
            receivers.solution_submitted, dispatch_uid="evaluation.solution_submitted"
        )
