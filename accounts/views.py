from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from organisations.selectors import invitations_for_user, memberships_of
from projects.selectors import pending_partnerships_for

from .forms import ProfileForm


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


def remember_language(response: HttpResponse, language: str) -> None:
    """The language cookie, set exactly as Django's set_language sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also saves the choice on a signed-in account."""
    response = django_set_language(request)
    language = request.POST.get("language")
    user = request.user
    if (
        user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and user.preferred_language != language
    ):
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return response
