from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import UserAdmin as AccountsUserAdmin
from accounts.models import User
from core.admin import PlainTagsAdminMixin, ServiceOnlyAdminMixin
from core.forms import WebsiteField, WebsiteInput
from core.images import image_assign, image_saved, image_stored

from . import services, tasks
from .models import Invitation, Membership, MembershipRequest, Organisation


class VerifiedFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [("yes", _("Verified")), ("no", _("Not yet verified"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(verified_at__isnull=self.value() == "no")
        return queryset


class MembershipInline(ServiceOnlyAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    fields = readonly_fields = ("user", "role", "created")


@admin.register(Organisation)
class OrganisationAdmin(PlainTagsAdminMixin, admin.ModelAdmin):
    list_display = (
        "name",
        "sector",
        "district",
        "member_count",
        "is_verified",
        "verified_at",
        "created",
    )
    list_filter = (VerifiedFilter, "sector", "district")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("verified_at", "verified_by", "member_count", "created", "modified")
    date_hierarchy = "created"
    inlines = [MembershipInline]
    actions = ["verify", "unverify"]
    list_select_related = ("verified_by",)
    # A bare domain is accepted and gets https:// (core.forms.WebsiteField), as on the site.
    formfield_overrides = {
        models.URLField: {
            "form_class": WebsiteField,
            "widget": WebsiteInput(attrs={"class": "vURLField"}),
        }
    }

    def save_model(self, request, obj: Organisation, form, change: bool) -> None:
        """A new or removed logo takes the site's path: stored without its metadata, the old
        files removed and the thumbnail made once the change commits (core.images)."""
        if "logo" not in form.changed_data:
            return super().save_model(request, obj, form, change)
        stored = image_stored(obj, "logo")
        image_assign(
            obj,
            field="logo",
            value=form.cleaned_data["logo"],
            max_bytes=settings.HELIX_LOGO_MAX_BYTES,
        )
        super().save_model(request, obj, form, change)
        image_saved(obj, field="logo", stored=stored, task=tasks.organisation_logo_thumbnail)
        return None

    @admin.display(boolean=True, description=_("verified"), ordering="verified_at")
    def is_verified(self, obj: Organisation) -> bool:
        return obj.is_verified

    def has_verify_permission(self, request) -> bool:
        return request.user.has_perm("organisations.verify_organisation")

    @admin.action(permissions=["verify"], description=_("Verify the selected organisations"))
    def verify(self, request, queryset):
        count = sum(
            services.organisation_verify(organisation=organisation, by=request.user)
            for organisation in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation verified; its owners have been told.",
                "%(count)d organisations verified; their owners have been told.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(permissions=["verify"], description=_("Withdraw verification"))
    def unverify(self, request, queryset):
        for organisation in queryset:
            services.organisation_unverify(organisation=organisation, by=request.user)
        self.message_user(
            request,
            _(
                "Verification withdrawn. Until verified again, the organisation cannot publish, "
                "its API keys can read but not write, and its webhooks are paused."
            ),
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "created")
    list_filter = ("role", "organisation__sector")
    search_fields = ("user__email", "user__display_name", "organisation__name")
    list_select_related = ("user", "organisation")


@admin.register(Invitation)
class InvitationAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "email",
        "organisation",
        "role",
        "status",
        "invited_by",
        "created",
        "answered_at",
    )
    list_filter = ("status", "role")
    search_fields = ("email", "organisation__name")
    list_select_related = ("organisation", "invited_by")
    exclude = ("token_hash",)


@admin.register(MembershipRequest)
class MembershipRequestAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "organisation", "status", "created", "decided_by", "decided_at")
    list_filter = ("status",)
    search_fields = ("user__email", "user__display_name", "organisation__name")
    list_select_related = ("user", "organisation", "decided_by")


class UserMembershipInline(ServiceOnlyAdminMixin, admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    fields = readonly_fields = ("organisation", "role", "created")


# A person's page lists their memberships: organisations sit above accounts, so they extend
# the accounts admin here rather than accounts importing organisations.
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(AccountsUserAdmin):
    inlines = [*AccountsUserAdmin.inlines, UserMembershipInline]
