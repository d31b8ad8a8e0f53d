"""The staff desk for projects: lifecycle moves, decisions on solutions, moderation, exports.

Every change is an admin action that calls the services, which check the rules and keep the
counters; the change pages are read-only, because editing rows here would bypass both.
Nothing is deleted: projects are archived and comments hidden, with a reason.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ServiceOnlyAdminMixin

from . import services
from .exports import export_csv
from .models import (
    Comment,
    ConsortiumPartner,
    Follow,
    Project,
    Report,
    Solution,
    StatusChange,
    Vote,
)


class ServiceOnlyAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    """Rows change only through the services: no add, no delete, a read-only change page.

    The change permission still matters on the list, where the actions need it.
    """

    actions_change = True

    def _each(self, request, objects, call, done: str = "") -> int:
        """Call a service on each object and tell the outcome: a refusal is a message, never
        an error page. `done` (with %(obj)s) reports each success; without it, the caller
        reports the count."""
        count = 0
        for obj in objects:
            try:
                call(obj)
            except ValidationError as error:
                self.message_user(request, f"{obj}: {' '.join(error.messages)}", messages.ERROR)
            except PermissionDenied:
                self.message_user(
                    request, _("%(obj)s: you may not do this.") % {"obj": obj}, messages.ERROR
                )
            else:
                count += 1
                if done:
                    self.message_user(request, done % {"obj": obj}, messages.SUCCESS)
        return count


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fk_name = "project"
    fields = readonly_fields = ("from_status", "to_status", "by", "at")
    verbose_name_plural = _("lifecycle")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class SolutionStatusChangeInline(StatusChangeInline):
    fk_name = "solution"


class ConsortiumPartnerInline(ReadOnlyInline):
    model = ConsortiumPartner
    fields = readonly_fields = ("organisation", "role", "status", "answered_by", "answered_at")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "answered_by")


def _link(obj) -> str:
    url = reverse(f"admin:projects_{obj._meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, Truncator(str(obj)).chars(60))


def _filtered_link(model_name: str, project: Project, text) -> str:
    url = reverse(f"admin:projects_{model_name}_changelist")
    return format_html('<a href="{}?project__id__exact={}">{}</a>', url, project.pk, text)


# --- Projects --------------------------------------------------------------------------------


def _move(to: str, description, done):
    """An admin action that moves each selected project to `to` through the service."""

    def action(modeladmin, request, queryset):
        modeladmin._each(
            request,
            queryset,
            lambda project: services.project_transition(project=project, to=to, by=request.user),
            done,
        )

    action.__name__ = f"move_to_{to}"
    return admin.action(permissions=["change"], description=description)(action)


@admin.register(Project)
class ProjectAdmin(ServiceOnlyAdmin):
    list_display = (
        "title",
        "organisation",
        "status",
        "theme",
        "district",
        "support_count",
        "solution_count",
        "deadline",
    )
    list_filter = ("status", "theme", "district", "organisation__sector", "kind")
    search_fields = ("title", "slug", "summary", "organisation__name")
    list_select_related = ("organisation",)
    date_hierarchy = "created"
    readonly_fields = (
        "published_at",
        "support_by_sector",
        "solutions",
        "comments",
        "follower_count",
        "created",
        "modified",
    )
    fieldsets = (
        (None, {"fields": ("organisation", "kind", "title", "slug", "summary", "description")}),
        (
            _("Scope"),
            {
                "fields": (
                    "theme",
                    "district",
                    "tags",
                    ("seeks_government", "seeks_enterprise", "seeks_academia", "seeks_community"),
                    "budget_vnd",
                    "deadline",
                )
            },
        ),
        (
            _("Lifecycle and counters"),
            {
                "fields": (
                    "status",
                    "published_at",
                    "support_by_sector",
                    "solutions",
                    "comments",
                    "follower_count",
                    ("created", "modified"),
                )
            },
        ),
    )
    inlines = [StatusChangeInline]
    actions = [
        _move(
            Project.Status.OPEN,
            _("Publish, or reopen for solutions"),
            _("“%(obj)s” is open for solutions."),
        ),
        _move(
            Project.Status.IN_REVIEW,
            _("Move to review (solutions closed)"),
            _("“%(obj)s” is in review."),
        ),
        _move(
            Project.Status.IN_PROGRESS,
            _("Move to in progress"),
            _("“%(obj)s” is in progress."),
        ),
        _move(Project.Status.COMPLETED, _("Mark as completed"), _("“%(obj)s” is completed.")),
        _move(Project.Status.ARCHIVED, _("Archive"), _("“%(obj)s” is archived.")),
        "export_as_csv",
    ]

    @admin.display(description=_("supports by sector"))
    def support_by_sector(self, obj: Project) -> str:
        parts = [f"{label}: {count}" for _value, label, count, _pc in obj.support_by_sector()]
        return f"{obj.support_count} — " + ", ".join(parts)

    @admin.display(description=_("solutions"))
    def solutions(self, obj: Project) -> str:
        """The count, linked to the project's solutions, where they are decided."""
        return _filtered_link("solution", obj, obj.solution_count)

    @admin.display(description=_("comments"))
    def comments(self, obj: Project) -> str:
        return _filtered_link("comment", obj, obj.comment_count)

    @admin.action(permissions=["view"], description=_("Export as CSV"))
    def export_as_csv(self, request, queryset):
        return export_csv(queryset, f"helix-projects-{timezone.localdate():%Y-%m-%d}.csv")

    def export_view(self, request, object_id):
        project = self.get_object(request, object_id)
        if project is None or not self.has_view_permission(request, project):
            raise PermissionDenied
        return export_csv(Project.objects.filter(pk=project.pk), f"{project.slug}.csv")

    def get_urls(self):
        export = path(
            "<path:object_id>/export/",
            self.admin_site.admin_view(self.export_view),
            name="projects_project_export",
        )
        return [export, *super().get_urls()]


# --- Solutions -------------------------------------------------------------------------------


def _decide(to: str, name: str, description, done):
    """An admin action that decides on each selected solution through the service."""

    def action(modeladmin, request, queryset):
        modeladmin._each(
            request,
            queryset,
            lambda solution: services.solution_decide(solution=solution, to=to, by=request.user),
            done,
        )

    action.__name__ = name
    return admin.action(permissions=["change"], description=description)(action)


@admin.register(Solution)
class SolutionAdmin(ServiceOnlyAdmin):
    list_display = (
        "title",
        "project",
        "lead",
        "status",
        "support_count",
        "comment_count",
        "estimated_cost_vnd",
        "duration_months",
        "created",
    )
    list_filter = (
        "status",
        "project__theme",
        "project__district",
        "lead_organisation__sector",
        "project__status",
    )
    search_fields = ("title", "summary", "project__title", "lead_organisation__name")
    list_select_related = ("project", "lead_organisation", "lead_user")
    date_hierarchy = "created"
    readonly_fields = ("support_by_sector", "comment_count", "created", "modified")
    fields = (
        "project",
        "lead_user",
        "lead_organisation",
        "title",
        "summary",
        "description",
        "estimated_cost_vnd",
        "duration_months",
        "status",
        *readonly_fields,
    )
    inlines = [ConsortiumPartnerInline, SolutionStatusChangeInline]
    actions = [
        _decide(
            Solution.Status.SHORTLISTED,
            "shortlist",
            _("Shortlist"),
            _("“%(obj)s” is shortlisted."),
        ),
        _decide(Solution.Status.SELECTED, "select", _("Select"), _("“%(obj)s” is selected.")),
        _decide(
            Solution.Status.NOT_SELECTED,
            "not_select",
            _("Do not select"),
            _("“%(obj)s” is not selected."),
        ),
    ]

    @admin.display(description=_("lead"), ordering="lead_organisation__name")
    def lead(self, obj: Solution):
        return obj.lead_organisation or obj.lead_user

    support_by_sector = ProjectAdmin.support_by_sector


# --- Moderation ------------------------------------------------------------------------------


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason, shown in place of the comment"),
        max_length=Comment._meta.get_field("hidden_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class ModerationMixin:
    """Hiding asks for a reason on an intermediate page, like Django's delete confirmation."""

    def has_hide_permission(self, request) -> bool:
        return request.user.has_perm("projects.hide_comment")

    def hide_with_reason(self, request, selected, comments: list[Comment], action: str):
        form = HideForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            count = self._each(
                request,
                comments,
                lambda c: services.comment_hide(comment=c, by=request.user, reason=reason),
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)d comment hidden; its open reports are resolved.",
                    "%(count)d comments hidden; their open reports are resolved.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/projects/hide_comments.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Hide comments"),
                "opts": self.model._meta,
                "selected": selected,
                "comments": comments,
                "form": form,
                "action": action,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


class HiddenFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "hidden"

    def lookups(self, request, model_admin):
        return [("yes", _("Hidden")), ("no", _("Visible")), ("deleted", _("Deleted by author"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(hidden_at__isnull=True, deleted_at__isnull=True)
        if self.value() == "deleted":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.register(Comment)
class CommentAdmin(ModerationMixin, ServiceOnlyAdmin):
    list_display = ("excerpt", "author", "on", "created", "is_hidden", "open_reports")
    list_filter = (HiddenFilter, "project__theme")
    search_fields = ("body", "author__email", "author__display_name", "hidden_reason")
    list_select_related = ("author", "project", "solution")
    date_hierarchy = "created"
    ordering = ("-created", "-pk")
    fields = readonly_fields = (
        "author",
        "on",
        "parent",
        "body",
        "created",
        "edited_at",
        "deleted_at",
        "hidden_at",
        "hidden_by",
        "hidden_reason",
    )
    actions = ["hide", "unhide"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                open_report_count=Count("reports", filter=Q(reports__status=Report.Status.OPEN))
            )
        )

    @admin.display(description=_("comment"))
    def excerpt(self, obj: Comment) -> str:
        return Truncator(obj.body).chars(80)

    @admin.display(description=_("on"))
    def on(self, obj: Comment) -> str:
        return _link(obj.project or obj.solution)

    @admin.display(boolean=True, description=_("hidden"), ordering="hidden_at")
    def is_hidden(self, obj: Comment) -> bool:
        return obj.is_hidden

    @admin.display(description=_("open reports"), ordering="open_report_count")
    def open_reports(self, obj: Comment) -> int:
        return obj.open_report_count

    @admin.action(permissions=["hide"], description=_("Hide the selected comments (with a reason)"))
    def hide(self, request, queryset):
        return self.hide_with_reason(request, queryset, list(queryset), "hide")

    @admin.action(permissions=["hide"], description=_("Show the selected comments again"))
    def unhide(self, request, queryset):
        count = self._each(
            request,
            queryset.filter(hidden_at__isnull=False),
            lambda c: services.comment_unhide(comment=c, by=request.user),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d comment is visible again.",
                "%(count)d comments are visible again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class ReportStatusFilter(admin.SimpleListFilter):
    """The moderation queue: open reports unless another status is asked for."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Report.Status.choices, ("all", _("All"))]

    def value(self):
        return super().value() or Report.Status.OPEN

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.filter(status=self.value())


@admin.register(Report)
class ReportAdmin(ModerationMixin, ServiceOnlyAdmin):
    list_display = (
        "reported_content",
        "author",
        "project",
        "reason",
        "reporter",
        "created",
        "status",
        "resolved_by",
    )
    list_filter = (ReportStatusFilter,)
    search_fields = ("reason", "comment__body", "solution__title", "reporter__email")
    list_select_related = (
        "reporter",
        "resolved_by",
        "comment__author",
        "comment__project",
        "comment__solution__project",
        "solution__project",
        "solution__lead_user",
    )
    date_hierarchy = "created"
    fields = readonly_fields = (
        "reported_content",
        "author",
        "project",
        "reason",
        "reporter",
        "created",
        "status",
        "resolved_by",
        "resolved_at",
    )
    actions = ["hide_reported_comments", "dismiss"]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": _("Moderation queue")}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("reported content"))
    def reported_content(self, obj: Report) -> str:
        if obj.comment_id:
            return _link(obj.comment)
        return format_html("{} {}", _("Solution:"), _link(obj.solution))

    @admin.display(description=_("author"))
    def author(self, obj: Report):
        return obj.comment.author if obj.comment_id else obj.solution.lead_user

    @admin.display(description=_("project"))
    def project(self, obj: Report):
        subject = (obj.comment.project or obj.comment.solution) if obj.comment_id else obj.solution
        return subject if isinstance(subject, Project) else subject.project

    @admin.action(permissions=["hide"], description=_("Hide the reported comments (with a reason)"))
    def hide_reported_comments(self, request, queryset):
        reports = list(queryset)
        about_solutions = sum(1 for report in reports if report.solution_id)
        if about_solutions:
            self.message_user(
                request,
                ngettext(
                    "%(count)d report is about a solution: only comments can be hidden here.",
                    "%(count)d reports are about solutions: only comments can be hidden here.",
                    about_solutions,
                )
                % {"count": about_solutions},
                messages.WARNING,
            )
        comments = list({r.comment_id: r.comment for r in reports if r.comment_id}.values())
        if not comments:
            return None
        return self.hide_with_reason(request, queryset, comments, "hide_reported_comments")

    @admin.action(permissions=["hide"], description=_("Dismiss the selected reports"))
    def dismiss(self, request, queryset):
        count = self._each(
            request,
            queryset.filter(status=Report.Status.OPEN),
            lambda report: services.report_dismiss(report=report, by=request.user),
        )
        self.message_user(
            request,
            ngettext("%(count)d report dismissed.", "%(count)d reports dismissed.", count)
            % {"count": count},
            messages.SUCCESS,
        )


# --- Read-only records -----------------------------------------------------------------------


@admin.register(StatusChange)
class StatusChangeAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("subject", "from_status", "to_status", "by", "at")
    list_filter = ("to_status",)
    search_fields = ("project__title", "solution__title", "by__email")
    list_select_related = ("project", "solution", "by")
    date_hierarchy = "at"

    @admin.display(description=_("project or solution"))
    def subject(self, obj: StatusChange) -> str:
        return _link(obj.project or obj.solution)


@admin.register(Vote)
class VoteAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "subject", "sector", "created")
    list_filter = ("sector",)
    search_fields = ("user__email", "project__title", "solution__title")
    list_select_related = ("user", "project", "solution")
    date_hierarchy = "created"

    @admin.display(description=_("project or solution"))
    def subject(self, obj: Vote) -> str:
        return _link(obj.project or obj.solution)


@admin.register(Follow)
class FollowAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "project", "created")
    search_fields = ("user__email", "project__title")
    list_select_related = ("user", "project")
    date_hierarchy = "created"
