from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceOnlyAdminMixin
from core.choices import District
from organisations.models import Sector

from . import services
from .models import Approach, CapabilityProfile, Match, ProjectNeed, Resource

SECTORS = Sector.values


class ResourceAdminForm(forms.ModelForm):
    district_choices = forms.MultipleChoiceField(
        label=_("Districts covered"),
        choices=District.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resource
        fields = [
            "organisation",
            "direction",
            "kind",
            "title",
            "description",
            "conditions",
            "value_vnd",
            "is_open",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["district_choices"] = self.instance.district_codes


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    """Staff edit resources through the same services as the organisations' managers."""

    form = ResourceAdminForm
    list_display = ("title", "organisation", "direction", "kind", "is_open", "created")
    list_filter = ("direction", "kind", "is_open")
    search_fields = ("title", "organisation__name", "search_text")
    autocomplete_fields = ("organisation",)
    actions = None  # no bulk delete around the services

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.RESOURCE_FIELDS}
        fields["districts"] = form.cleaned_data["district_choices"]
        if change:
            services.resource_update(resource=obj, by=request.user, **fields)
        else:
            saved = services.resource_create(
                organisation=form.cleaned_data["organisation"], by=request.user, **fields
            )
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.resource_delete(resource=obj, by=request.user)


@admin.register(ProjectNeed)
class ProjectNeedAdmin(admin.ModelAdmin):
    list_display = ("title", "project", "kind", "is_open", "created")
    list_filter = ("kind", "is_open")
    search_fields = ("title", "project__title")
    raw_id_fields = ("project",)
    fields = ("project", "kind", "title", "description", "is_open")
    actions = None

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.NEED_FIELDS}
        if change:
            services.need_update(need=obj, by=request.user, **fields)
        else:
            saved = services.need_create(
                project=form.cleaned_data["project"], by=request.user, **fields
            )
            obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.need_delete(need=obj, by=request.user)


@admin.register(CapabilityProfile)
class CapabilityProfileAdmin(admin.ModelAdmin):
    list_display = ("organisation", "seeks_government", "seeks_enterprise", "seeks_academia")
    search_fields = ("organisation__name",)
    autocomplete_fields = ("organisation",)
    actions = None

    def save_model(self, request, obj, form, change):
        sectors = [s for s in SECTORS if form.cleaned_data.get(f"seeks_{s}")]
        saved = services.capability_profile_update(
            organisation=form.cleaned_data["organisation"], by=request.user, sectors=sectors
        )
        obj.pk = saved.pk


@admin.register(Match)
class MatchAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    """Computed by the tasks, never edited: read-only, to see why a pair was matched."""

    list_display = ("project", "organisation", "score", "computed_at")
    search_fields = ("project__title", "organisation__name")
    list_select_related = ("project", "organisation")
    readonly_fields = ("project", "organisation", "score", "reasons", "computed_at")


def _each(modeladmin, request, queryset, act, done: str) -> None:
    """Run a service on each selected row; report what it refused."""
    changed = 0
    for approach in queryset:
        try:
            act(approach)
        except (ValidationError, PermissionDenied) as error:
            text = "; ".join(getattr(error, "messages", [])) or _("Not allowed.")
            modeladmin.message_user(request, f"{approach}: {text}", messages.ERROR)
        else:
            changed += 1
    if changed:
        modeladmin.message_user(request, done % {"count": changed}, messages.SUCCESS)


@admin.register(Approach)
class ApproachAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    """Invitations to propose and expressions of interest: staff see them, and answer or
    withdraw one on someone's behalf through the services (the rules, limits and counters)."""

    actions_change = True
    list_display = ("__str__", "kind", "status", "pledge", "created", "answered_at")
    list_filter = ("kind", "status")
    search_fields = ("project__title", "organisation__name")
    list_select_related = ("project", "organisation", "pledge")
    readonly_fields = (
        "kind",
        "project",
        "organisation",
        "message",
        "pledge",
        "status",
        "sent_by",
        "answer_message",
        "answered_by",
        "answered_at",
        "created",
    )
    actions = ["accept", "decline", "withdraw"]

    @admin.action(description=_("Accept the selected (on the other side's behalf)"))
    def accept(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda a: services.approach_answer(approach=a, accept=True, by=request.user),
            _("%(count)s accepted."),
        )

    @admin.action(description=_("Decline the selected (on the other side's behalf)"))
    def decline(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda a: services.approach_answer(approach=a, accept=False, by=request.user),
            _("%(count)s declined."),
        )

    @admin.action(description=_("Withdraw the selected"))
    def withdraw(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            lambda a: services.approach_withdraw(approach=a, by=request.user),
            _("%(count)s withdrawn."),
        )
