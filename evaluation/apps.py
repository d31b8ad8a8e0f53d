from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        from allauth.account.signals import email_confirmed

        from projects import signals as project_signals

        from . import permissions, receivers  # noqa: F401  (permissions: the rules)

        email_confirmed.connect(
            receivers.email_confirmed, dispatch_uid="evaluation.attach_reviewer"
        )
        project_signals.solution_submitted.connect(
            receivers.solution_submitted, dispatch_uid="evaluation.solution_submitted"
        )
