from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from core.client_ip import client_address
from core.emails import queue_email

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """Helix's only customisation point for allauth."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render as allauth does, in the language of the account the address belongs to
        (if any), and send through Celery after commit."""
        recipient = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(recipient, "preferred_language", "") or translation.get_language()
        # As allauth's own send_mail: every template may name the site and its address.
        ctx = {
            "request": self.request,
            "email": email,
            "current_site": get_current_site(self.request),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        queue_email(message)

    def login(self, request, user) -> None:
        # From here on the person is served in their own language, the "signed in" message too.
        super().login(request, user)
        if user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language

    def get_client_ip(self, request) -> str:
        # The address sign-in lockouts count by: the same rule as the API's throttles.
        return client_address(request)

    def save_user(self, request, user, form, commit=True):
        # A new account keeps the language its owner signed up in.
        user.preferred_language = translation.get_language() or user.preferred_language
        return super().save_user(request, user, form, commit=commit)
