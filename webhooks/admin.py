from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ServiceOnlyAdminMixin

from . import services
from .forms import WebhookEndpointAdminForm
from .models import WebhookAttempt, WebhookDelivery, WebhookEndpoint


def _sending(endpoint: WebhookEndpoint) -> str:
    if not endpoint.is_active:
        return _("No: the endpoint is disabled")
    if endpoint.is_paused:
        return _("Paused: the organisation is not verified (deliveries wait)")
    return _("Yes")


class FailingFilter(admin.SimpleListFilter):
    """The endpoints the staff desk counts as failing (`WebhookEndpoint.objects.failing`)."""

    title = _("failing")
    parameter_name = "failing"

    def lookups(self, request, model_admin):
        return [("week", _("A delivery failed or is retrying in the last 7 days"))]

    def queryset(self, request, queryset):
        if self.value() == "week":
            return queryset.failing(timezone.now())
        return queryset


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Endpoints; the secret is never shown here (the organisation's managers reveal it)."""

    form = WebhookEndpointAdminForm
    list_display = ("url", "organisation", "events_list", "is_active", "sending", "created")
    list_filter = (
        "is_active",
        FailingFilter,
        ("organisation", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("url", "organisation__name")
    list_select_related = ("organisation",)
    readonly_fields = ("created_by", "created", "modified")

    @admin.display(description=_("events"))
    def events_list(self, obj: WebhookEndpoint) -> str:
        return ", ".join(obj.events)

    @admin.display(description=_("sending"))
    def sending(self, obj: WebhookEndpoint) -> str:
        return _sending(obj)

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "sending") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            services.webhook_endpoint_update(
                endpoint=obj, by=request.user, url=obj.url, events=obj.events
            )
            if "is_active" in form.changed_data:
                services.webhook_endpoint_set_active(
                    endpoint=obj, active=obj.is_active, by=request.user
                )
            return
        created = services.webhook_endpoint_create(
            organisation=obj.organisation, url=obj.url, events=obj.events, by=request.user
        )
        if not obj.is_active:
            services.webhook_endpoint_set_active(endpoint=created, active=False, by=request.user)
        # The admin goes on with the object it built (its log entry, its redirect).
        vars(obj).update({key: value for key, value in vars(created).items() if key != "_state"})
        obj._state.adding = False

    def delete_model(self, request, obj):
        services.webhook_endpoint_delete(endpoint=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for endpoint in queryset.select_related("organisation"):
            services.webhook_endpoint_delete(endpoint=endpoint, by=request.user)


class WebhookAttemptInline(ServiceOnlyAdminMixin, admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    fields = readonly_fields = (
        "number",
        "started_at",
        "duration_ms",
        "response_status",
        "succeeded",
        "error",
    )
    ordering = ("number",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    """The log: read-only; the one change is redelivery, through the service."""

    list_display = (
        "event_type",
        "endpoint",
        "organisation",
        "status",
        "sending",
        "attempt_count",
        "next_attempt_at",
        "created",
    )
    list_filter = (
        "status",
        "event_type",
        ("endpoint__organisation", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("event_id", "endpoint__url", "endpoint__organisation__name")
    list_select_related = ("endpoint__organisation",)
    fields = readonly_fields = (
        "endpoint",
        "event_type",
        "event_id",
        "status",
        "sending",
        "attempt_count",
        "next_attempt_at",
        "created",
        "modified",
        "payload",
    )
    inlines = [WebhookAttemptInline]
    actions = ["redeliver"]
    date_hierarchy = "created"

    @admin.display(description=_("organisation"), ordering="endpoint__organisation__name")
    def organisation(self, obj: WebhookDelivery):
        return obj.endpoint.organisation

    @admin.display(description=_("sending"))
    def sending(self, obj: WebhookDelivery) -> str:
        if obj.status != WebhookDelivery.Status.PENDING:
            return "—"
        return _sending(obj.endpoint)

    def has_redeliver_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.change_webhookdelivery")

    @admin.action(permissions=["redeliver"], description=_("Redeliver the selected deliveries"))
    def redeliver(self, request, queryset):
        count = 0
        for delivery in queryset.select_related("endpoint__organisation"):
            services.webhook_redeliver(delivery=delivery, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued to be sent again.",
                "%(count)d deliveries queued to be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
