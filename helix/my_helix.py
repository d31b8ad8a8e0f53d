"""My Helix (/me/): one person's page across the apps, so it sits on the top floor.

Their profile (accounts), their organisations and the invitations waiting for them
(organisations), and the partnerships waiting for their answer (projects). The URL names keep
the `accounts` namespace they had when the page lived there.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from accounts.forms import ProfileForm
from accounts.views import remember_language
from organisations.selectors import invitations_for_user, memberships_of
from projects.selectors import pending_partnerships_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """“My Helix”: the person's profile, organisations and invitations waiting for them."""
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            response = redirect("accounts:dashboard")
            remember_language(response, form.instance.preferred_language)
            return response
    else:
        form = ProfileForm(instance=request.user)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "form": form,
            "memberships": memberships_of(request.user),
            "invitations": invitations_for_user(request.user),
            "partnerships": pending_partnerships_for(request.user),
        },
    )


app_name = "accounts"

urlpatterns = [
    path("", dashboard, name="dashboard"),
]
