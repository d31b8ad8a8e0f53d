from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from .emails import queue_email


class AccountAdapter(DefaultAccountAdapter):
    """Helix's only customisation point for allauth."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Same rendering as allauth, but the sending goes through Celery after commit.
        request = self.request
        ctx = {"request": request, "email": email}
        ctx.update(context)
        queue_email(self.render_mail(template_prefix, email, ctx))

    def save_user(self, request, user, form, commit=True):
        # A new account keeps the language its owner signed up in.
        user.preferred_language = translation.get_language() or user.preferred_language
        return super().save_user(request, user, form, commit=commit)
