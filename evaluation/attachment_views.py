"""Documents: the download view (the only way a file leaves the private storage, after the
permission) and the pages where a project's team or a solution's consortium manage theirs."""

import posixpath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.forms import apply_service
from projects.models import Project, Solution

from . import attachments
from .attachment_forms import AttachmentForm, CostBreakdownForm
from .models import Attachment, CostBreakdown


def _protect(response: HttpResponse, attachment: Attachment) -> HttpResponse:
    """Always a download, of the type found at upload, never sniffed, never cached by others."""
    response["Content-Type"] = attachment.content_type
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    public = attachment.visibility == "public"
    response["Cache-Control"] = "private" if public else "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a document to whoever may see it; to anyone else, the same 404 as a missing one (a
    guessed number tells nothing)."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("project__organisation", "solution__lead_organisation"),
        pk=pk,
    )
    if not request.user.has_perm("evaluation.download_attachment", attachment):
        raise Http404
    mode = settings.HELIX_PRIVATE_FILES_SERVE
    if mode == "x-accel-redirect":
        response = HttpResponse()
        response["X-Accel-Redirect"] = posixpath.join(
            settings.HELIX_PRIVATE_FILES_PREFIX, attachment.file.name
        )
    elif mode == "x-sendfile":
        response = HttpResponse()
        response["X-Sendfile"] = attachment.file.path
    else:
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404 from error
        response = FileResponse(handle)
    return _protect(response, attachment)


def _documents_page(request, subject, *, may_attach: bool, breakdown=None):
    """Upload, change the visibility of, or remove a subject's documents; a solution's page also
    edits its cost breakdown. A form with errors is shown again (400)."""
    user = request.user
    if not may_attach:
        raise PermissionDenied
    action = request.POST.get("action", "") if request.method == "POST" else ""
    upload_form = AttachmentForm(
        request.POST if action == "upload" else None,
        request.FILES if action == "upload" else None,
    )
    breakdown_form = None
    if breakdown is not None:
        breakdown_form = CostBreakdownForm(
            request.POST if action == "breakdown" else None,
            initial={"text": breakdown.text, "visibility": breakdown.visibility},
        )
    if request.method == "POST":
        done = None
        if action == "upload" and apply_service(
            upload_form,
            lambda d: attachments.attachment_add(
                subject=subject, upload=d["file"], visibility=d["visibility"], by=user
            ),
        ):
            done = _("The document is attached.")
        elif (
            action == "breakdown"
            and breakdown_form is not None
            and apply_service(
                breakdown_form,
                lambda d: attachments.cost_breakdown_save(
                    solution=subject, text=d["text"], visibility=d["visibility"], by=user
                ),
            )
        ):
            done = _("The cost breakdown is saved.")
        elif action in ("delete", "visibility"):
            attachment = get_object_or_404(
                Attachment.objects.of(subject), pk=request.POST.get("attachment") or 0
            )
            try:
                if action == "delete":
                    attachments.attachment_delete(attachment=attachment, by=user)
                    done = _("The document is removed.")
                else:
                    attachments.attachment_set_visibility(
                        attachment=attachment,
                        visibility=request.POST.get("visibility", ""),
                        by=user,
                    )
                    done = _("Who may see the document is changed.")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        if done:
            messages.success(request, done)
            return redirect(request.path)
    context = {
        "subject": subject,
        "project": subject if isinstance(subject, Project) else subject.project,
        "solution": None if isinstance(subject, Project) else subject,
        "documents": list(Attachment.objects.of(subject).select_related("uploaded_by")),
        "upload_form": upload_form,
        "breakdown_form": breakdown_form,
        "visibilities": Attachment._meta.get_field("visibility").choices,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "evaluation/documents.html", context, status=status)


@login_required
def project_documents(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("organisation"), slug=slug
    )
    may = request.user.has_perm("evaluation.attach_to_project", project)
    return _documents_page(request, project, may_attach=may)


@login_required
def solution_documents(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    solution = get_object_or_404(
        Solution.objects.visible_to(request.user).select_related(
            "project__organisation", "lead_organisation"
        ),
        project__slug=slug,
        pk=pk,
    )
    may = request.user.has_perm("evaluation.attach_to_solution", solution)
    breakdown = CostBreakdown.objects.filter(solution=solution).first() or CostBreakdown(
        solution=solution, text=""
    )
    return _documents_page(request, solution, may_attach=may, breakdown=breakdown)
