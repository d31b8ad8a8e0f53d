"""The notification list, marking read, email preferences, and unsubscribing without sign-in.

Plain forms that post and redirect; every write goes through `services`.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import selectors, services, tokens
from .forms import PreferencesForm
from .models import Kind, Notification
from .texts import describe, subject

PAGE_SIZE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    for notification in page:
        notification.text = describe(notification)
        notification.subject = subject(notification)
        notification.url = notification.get_absolute_url()
        notification.day = day_label(timezone.localdate(notification.created), today)
    return render(request, "notifications/list.html", {"page": page})


def day_label(day: date, today: date) -> str:
    """The heading of a day's notifications: "Today", "Yesterday", or the date."""
    if day == today:
        return _("Today")
    if day == today - timedelta(days=1):
        return _("Yesterday")
    return date_format(day, "DATE_FORMAT")


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read (someone else's is a 404); with `next`, go on to its page."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification, by=request.user)
    return _back(request)


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    services.notification_mark_all_read(by=request.user)
    messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(
        request.POST or None, initial_channels=selectors.preferences_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, channels=form.cleaned_data)
        messages.success(request, _("Your email preferences have been saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# Mail clients post the one-click unsubscribe (RFC 8058) without cookies or a CSRF token; the
# signed token is the authority, and the only effect is fewer emails.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    target = tokens.unsubscribe_target(token)
    if target is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    user, kind = target
    # The link came in an email written in the person's language: answer in it too.
    with translation.override(user.preferred_language):
        label = _("the daily digest") if kind == tokens.UNSUBSCRIBE_DIGEST else Kind(kind).label
        if request.method == "POST":
            services.unsubscribe(user=user, kind=kind)
            response = render(request, "notifications/unsubscribe_done.html", {"label": label})
        else:
            context = {"label": label, "token": token}
            response = render(request, "notifications/unsubscribe.html", context)
        response["Content-Language"] = user.preferred_language
    return response
