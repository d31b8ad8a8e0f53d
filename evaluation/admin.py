"""Staff see every evaluation: rubrics with their criteria, reviewers and their assignments,
declarations and scores; they reassign reviewers through the services. They also see what
happens after the decision (milestones, late ones first to find; updates; results), read-only:
the delivery team keeps them on the site."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceOnlyAdminMixin
from projects.models import Solution

from . import attachments, services
from .models import (
    Assignment,
    Attachment,
    CostBreakdown,
    Criterion,
    Declaration,
    Milestone,
    ProjectResults,
    ProjectUpdate,
    Rationale,
    Reviewer,
    Rubric,
    Score,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    fields = ("title", "weight", "scale", "description")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Rubric)
class RubricAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "closes_on", "blind", "normalise", "results_published_at")
    list_filter = ("blind", "normalise")
    search_fields = ("project__title",)
    readonly_fields = ("project", "closes_on", "blind", "normalise", "results_published_at")
    inlines = [CriterionInline]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    fields = ("solution", "status", "submitted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReassignForm(forms.Form):
    solutions = forms.ModelMultipleChoiceField(
        label=_("Solutions to review"),
        queryset=Solution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


@admin.register(Reviewer)
class ReviewerAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    actions_change = True
    list_display = ("__str__", "email", "rubric", "created")
    search_fields = ("email", "user__display_name", "rubric__project__title")
    readonly_fields = ("rubric", "email", "user", "invited_by", "reminded_at")
    list_select_related = ("user", "rubric__project")
    inlines = [AssignmentInline]
    actions = ["reassign"]

    @admin.action(description=_("Reassign the selected reviewer's solutions"))
    def reassign(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one reviewer at a time."), messages.WARNING)
            return None
        reviewer = queryset.select_related("rubric__project").get()
        choices = reviewer.rubric.project.solutions.exclude(status=Solution.Status.WITHDRAWN)
        form = ReassignForm(
            request.POST if "apply" in request.POST else None,
            initial={"solutions": list(reviewer.assignments.values_list("solution_id", flat=True))},
        )
        form.fields["solutions"].queryset = choices
        if "apply" in request.POST and form.is_valid():
            try:
                services.assignments_set(
                    reviewer=reviewer, solutions=form.cleaned_data["solutions"], by=request.user
                )
            except (ValidationError, PermissionDenied) as error:
                self.message_user(
                    request,
                    " ".join(getattr(error, "messages", [str(error)])) or _("Not allowed."),
                    messages.ERROR,
                )
            else:
                self.message_user(request, _("The assignments were saved."), messages.SUCCESS)
            return redirect(request.get_full_path())
        return render(
            request,
            "admin/evaluation/reassign.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reassign %(reviewer)s") % {"reviewer": reviewer},
                "reviewer": reviewer,
                "form": form,
                "opts": self.model._meta,
            },
        )


@admin.register(Declaration)
class DeclarationAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("assignment", "relationship", "decision", "created", "decided_by")
    list_filter = ("relationship", "decision")
    search_fields = ("assignment__reviewer__email", "assignment__solution__title")
    list_select_related = ("assignment__reviewer__user", "assignment__solution", "decided_by")
    readonly_fields = (
        "assignment",
        "relationship",
        "details",
        "decision",
        "decided_by",
        "decided_at",
    )


@admin.register(Score)
class ScoreAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("assignment", "criterion", "value", "modified")
    search_fields = ("assignment__reviewer__email", "assignment__solution__title")
    list_select_related = ("assignment__reviewer__user", "assignment__solution", "criterion")
    readonly_fields = ("assignment", "criterion", "value", "comment")


@admin.register(Rationale)
class RationaleAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("solution", "decision", "by", "modified")
    search_fields = ("solution__title", "text")
    list_select_related = ("solution", "by")
    readonly_fields = ("solution", "decision", "text", "by")


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only: who may see each document. Removal goes through the service (which deletes the
    file too); the file itself is reached only through the permission-checked download view."""

    list_display = (
        "name",
        "project",
        "solution",
        "visibility",
        "content_type",
        "size",
        "uploaded_by",
        "created",
    )
    list_filter = ("visibility", "content_type")
    search_fields = ("name", "project__title", "solution__title")
    list_select_related = ("project", "solution", "uploaded_by")
    fields = readonly_fields = (
        "name",
        "project",
        "solution",
        "visibility",
        "content_type",
        "size",
        "uploaded_by",
        "created",
    )

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj) -> None:
        attachments.attachment_delete(attachment=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for attachment in queryset.select_related("project", "solution"):
            attachments.attachment_delete(attachment=attachment, by=request.user)


@admin.register(CostBreakdown)
class CostBreakdownAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("solution", "visibility", "modified")
    list_filter = ("visibility",)
    search_fields = ("solution__title",)
    list_select_related = ("solution",)
    readonly_fields = ("solution", "visibility", "text", "updated_by")


class LateFilter(admin.SimpleListFilter):
    """ "Late" is not stored (`Milestone.is_late`): not done, past its due date."""

    title = _("late")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("yes", _("Late")), ("no", _("On time or done"))]

    def queryset(self, request, queryset):
        late = ~Q(status=Milestone.Status.DONE) & Q(due_on__lt=timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(late)
        if self.value() == "no":
            return queryset.exclude(late)
        return queryset


@admin.register(Milestone)
class MilestoneAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "project", "due_on", "status", "progress", "is_late")
    list_filter = (LateFilter, "status")
    search_fields = ("title", "project__title")
    list_select_related = ("project",)
    date_hierarchy = "due_on"
    readonly_fields = ("project", "title", "description", "due_on", "status", "progress")

    @admin.display(boolean=True, description=_("late"))
    def is_late(self, milestone: Milestone) -> bool:
        return milestone.is_late


@admin.register(ProjectUpdate)
class ProjectUpdateAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("title", "project", "author", "created")
    search_fields = ("title", "body", "project__title")
    list_select_related = ("project", "author")
    date_hierarchy = "created"
    readonly_fields = ("project", "author", "title", "body", "image_alt", "created")
    exclude = ("image",)  # shown on the project's page; no path to the stored file here


@admin.register(ProjectResults)
class ProjectResultsAdmin(ServiceOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("project", "budget_used_vnd", "by", "modified")
    search_fields = ("project__title", "delivered", "lessons")
    list_select_related = ("project", "by")
    readonly_fields = ("project", "delivered", "lessons", "budget_used_vnd", "by", "modified")
    exclude = ("solutions",)
