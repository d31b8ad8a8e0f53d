"""The staff desk's admin site: no password form of its own, and a second factor required.

Signing in happens only through the site's sign-in (allauth), so the admin shares its lockouts
per account and per address and its second-factor stage. Every admin page (admin_view checks
has_permission on each one) is for active staff with an activated TOTP authenticator; a staff
account without one is sent to set it up.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


class HelixAdminSite(AdminSite):
    # The first page starts with what waits for staff and the week's figures (staff_desk.py).
    index_template = "admin/staff_desk.html"

    def index(self, request: HttpRequest, extra_context=None):
        from . import staff_desk

        context = {
            "waiting": staff_desk.waiting(),
            "week": staff_desk.week(),
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.has_second_factor

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponseRedirect:
        """Where admin_view sends whoever may not enter (GET or POST: no form is read)."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME)
        if not next_url or not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            query = urlencode({REDIRECT_FIELD_NAME: next_url})
            return HttpResponseRedirect(f"{reverse('account_login')}?{query}")
        if not (user.is_active and user.is_staff):
            raise PermissionDenied(_("Your account has no access to the staff desk."))
        if not user.has_second_factor:
            messages.warning(
                request,
                _(
                    "The staff desk needs a second factor. Set up an authenticator app "
                    "below, then open the staff desk again."
                ),
            )
            return HttpResponseRedirect(reverse("mfa_activate_totp"))
        return HttpResponseRedirect(next_url)
