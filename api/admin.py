from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ApiKey
from .permissions import organisation_holds_keys


class ActiveFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Active")), ("no", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(revoked_at__isnull=self.value() == "yes")
        return queryset


class ApiKeyAddForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ["organisation", "name", "scope"]

    def clean_organisation(self):
        organisation = self.cleaned_data["organisation"]
        if not organisation_holds_keys(organisation):
            raise ValidationError(
                _(
                    "Only a verified organisation can have API keys. "
                    "Government staff verify organisations."
                )
            )
        return organisation


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Staff issue keys (the key is shown once, in a message) and revoke them; nothing else."""

    list_display = (
        "name",
        "organisation",
        "display_prefix",
        "scope",
        "created",
        "created_by",
        "last_used_at",
        "is_active",
    )
    list_filter = (ActiveFilter, "scope")
    search_fields = ("name", "organisation__name", "lookup")
    list_select_related = ("organisation", "created_by")
    autocomplete_fields = ("organisation",)
    actions = ["revoke"]
    fields = (
        "organisation",
        "name",
        "scope",
        "display_prefix",
        "created",
        "created_by",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )

    @admin.display(boolean=True, description=_("active"), ordering="revoked_at")
    def is_active(self, obj: ApiKey) -> bool:
        return obj.is_active

    @admin.display(description=_("key starts with"))
    def display_prefix(self, obj: ApiKey) -> str:
        return obj.display_prefix

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ApiKeyAddForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked keys stay, as a record of who had access

    def save_model(self, request, obj, form, change):
        if change:
            return  # an issued key's fields are read-only: revoke it and issue another
        issued = services.api_key_create(
            organisation=obj.organisation, name=obj.name, scope=obj.scope, by=request.user
        )
        obj.pk = issued.api_key.pk
        obj.refresh_from_db()
        self.message_user(
            request,
            _("The key for %(name)s is %(key)s — copy it now: it will not be shown again.")
            % {"name": obj.organisation, "key": issued.key},
            messages.WARNING,
        )

    @admin.action(permissions=["change"], description=_("Revoke the selected keys"))
    def revoke(self, request, queryset):
        for api_key in queryset:
            services.api_key_revoke(api_key=api_key, by=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
        )
