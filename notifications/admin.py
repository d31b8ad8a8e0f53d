"""The outbox, for operators: which events are waiting (the broker was down) or done.

Read-only: events are written by the domain's services and fanned out by the worker.
Individual notifications are people's private inbox and are not listed here.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceOnlyAdminMixin

from .models import Event


class ProcessedFilter(admin.SimpleListFilter):
    title = _("fan-out")
    parameter_name = "processed"

    def lookups(self, request, model_admin):
        return [("no", _("Waiting in the outbox")), ("yes", _("Done"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(processed_at__isnull=self.value() == "no")
        return queryset


@admin.register(Event)
class EventAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "type", "actor", "created", "processed_at"]
    list_filter = [ProcessedFilter, "type"]
    list_select_related = ["actor"]
    date_hierarchy = "created"
    fields = [
        "type", "actor", "project", "solution", "comment", "organisation", "context",
        "once_key", "created", "processed_at",
    ]  # fmt: skip
    readonly_fields = fields
