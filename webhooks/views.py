"""An organisation's webhooks, for its owners and managers: endpoints, secrets, the delivery log.

Every view checks `webhooks.manage_webhooks` on the organisation; every change calls a service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from organisations.models import Organisation

from . import services
from .forms import WebhookEndpointForm
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

PAGE_SIZE = 20
SHOW_SECRET = "webhooks_show_secret"  # session key: the endpoint whose secret to show once


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not request.user.has_perm("webhooks.manage_webhooks", organisation):
        raise PermissionDenied
    return organisation


def _endpoint(request: HttpRequest, slug: str, pk: int) -> WebhookEndpoint:
    organisation = _organisation(request, slug)
    endpoint = get_object_or_404(WebhookEndpoint, organisation=organisation, pk=pk)
    endpoint.organisation = organisation
    return endpoint


@login_required
def endpoint_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's endpoints, and the form to add one."""
    organisation = _organisation(request, slug)
    form = WebhookEndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.webhook_endpoint_create(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[SHOW_SECRET] = endpoint.pk
            messages.success(
                request,
                _("The endpoint is added. Copy its secret now to verify the signatures."),
            )
            return redirect(endpoint)
    Status = WebhookDelivery.Status
    endpoints = organisation.webhook_endpoints.annotate(
        pending=Count("deliveries", filter=Q(deliveries__status=Status.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__status=Status.FAILED)),
    ).order_by("created", "pk")
    return render(
        request,
        "webhooks/endpoint_list.html",
        {"organisation": organisation, "endpoints": endpoints, "form": form},
    )


def _detail(request: HttpRequest, endpoint: WebhookEndpoint, *, show_secret: bool) -> HttpResponse:
    deliveries = endpoint.deliveries.prefetch_related(
        Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("number"))
    ).order_by("-created", "-pk")
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {
            "organisation": endpoint.organisation,
            "endpoint": endpoint,
            "page_obj": page,
            "show_secret": show_secret,
        },
    )


@never_cache  # it may show the secret
@login_required
def endpoint_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An endpoint, its secret (once after creation or rotation, or on request) and its log."""
    endpoint = _endpoint(request, slug, pk)
    show_secret = request.session.get(SHOW_SECRET) == endpoint.pk
    if show_secret:
        del request.session[SHOW_SECRET]
    return _detail(request, endpoint, show_secret=show_secret)


@login_required
def endpoint_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Change the URL or the events; the secret and the log stay."""
    endpoint = _endpoint(request, slug, pk)
    form = WebhookEndpointForm(
        request.POST or None, initial={"url": endpoint.url, "events": endpoint.events}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.webhook_endpoint_update(
                endpoint=endpoint, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The endpoint is saved."))
            return redirect(endpoint)
    return render(
        request,
        "webhooks/endpoint_form.html",
        {"organisation": endpoint.organisation, "endpoint": endpoint, "form": form},
    )


@never_cache
@login_required
@require_POST
def endpoint_secret(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Reveal the secret (a POST, so it never sits in a link or a history), or rotate it."""
    endpoint = _endpoint(request, slug, pk)
    if request.POST.get("action") == "rotate":
        services.webhook_endpoint_rotate_secret(endpoint=endpoint, by=request.user)
        request.session[SHOW_SECRET] = endpoint.pk
        messages.success(
            request, _("A new secret is in force. Give it to the receiving system now.")
        )
        return redirect(endpoint)
    return _detail(request, endpoint, show_secret=True)


@login_required
@require_POST
def endpoint_toggle(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, pk)
    active = request.POST.get("active") == "1"
    services.webhook_endpoint_set_active(endpoint=endpoint, active=active, by=request.user)
    if active:
        messages.success(request, _("The endpoint is enabled."))
    else:
        messages.success(request, _("The endpoint is disabled: nothing more is sent to it."))
    return redirect(endpoint)


@login_required
@require_POST
def endpoint_ping(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, pk)
    try:
        services.webhook_ping(endpoint=endpoint, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("A test ping is on its way; its result appears in the log."))
    return redirect(endpoint)


@login_required
def endpoint_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Asks first (GET), deletes on POST."""
    endpoint = _endpoint(request, slug, pk)
    if request.method != "POST":
        return render(
            request,
            "webhooks/endpoint_confirm_delete.html",
            {"organisation": endpoint.organisation, "endpoint": endpoint},
        )
    services.webhook_endpoint_delete(endpoint=endpoint, by=request.user)
    messages.success(request, _("The endpoint and its delivery log are deleted."))
    return redirect("webhooks:list", slug=slug)


@login_required
@require_POST
def delivery_redeliver(request: HttpRequest, slug: str, pk: int, delivery_pk: int) -> HttpResponse:
    endpoint = _endpoint(request, slug, pk)
    delivery = get_object_or_404(endpoint.deliveries.select_related("endpoint"), pk=delivery_pk)
    delivery.endpoint = endpoint
    services.webhook_redeliver(delivery=delivery, by=request.user)
    if endpoint.is_paused:
        messages.warning(request, services.paused_message(endpoint.organisation))
    else:
        messages.success(request, _("The delivery is queued to be sent again."))
    page = request.POST.get("page", "")
    url = endpoint.get_absolute_url()
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
