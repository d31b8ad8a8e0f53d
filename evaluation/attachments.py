"""Documents on projects and solutions, and the solution's cost breakdown: who may see them (one
answer, `visibilities_for`, that the rules of permissions.py, the lists and the download view
all use) and the services that write them.

The audience of a solution's confidential material:
- its **consortium**: the person who proposed it, the members of its lead organisation and of
  the partner organisations that accepted;
- the project's **team** (owners and managers of the project's organisation) and government
  staff, who see everything;
- with the visibility "reviewers", also the reviewers **assigned** the solution who may score it
  (cleared or submitted): not those barred, refused, or who have not declared yet (a reviewer
  with an undeclared conflict must not read the consortium's confidential documents first).
A project's own documents have no consortium: "consortium" means the team; "reviewers" adds the
reviewers who may score any of the project's solutions.
"""

import posixpath
import unicodedata

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from core.images import files_delete_on_commit
from core.permissions import require
from core.uploads import check_size, image_without_metadata, sniff
from organisations.models import MANAGING_ROLES, Membership
from organisations.permissions import role_in
from projects.models import ConsortiumPartner, Project, Solution, is_government_staff

from .models import Assignment, Attachment, CostBreakdown, Visibility

EVERYONE = frozenset({Visibility.PUBLIC})
REVIEWERS = frozenset({Visibility.PUBLIC, Visibility.REVIEWERS})
ALL = frozenset(Visibility.values)
NOTHING = frozenset()
# Reviewers who may score read what is shown "also to the assigned reviewers".
READING_STATUSES = (Assignment.Status.CLEARED, Assignment.Status.SUBMITTED)


def _in_consortium(user, solution: Solution) -> bool:
    if solution.lead_user_id == user.pk or role_in(user, solution.lead_organisation):
        return True
    return Membership.objects.filter(
        user=user,
        organisation__consortium_invitations__solution=solution,
        organisation__consortium_invitations__status=ConsortiumPartner.Status.ACCEPTED,
    ).exists()


def _reads_as_reviewer(user, project: Project, solution: Solution | None) -> bool:
    assignments = Assignment.objects.filter(reviewer__user=user, status__in=READING_STATUSES)
    if solution is not None:
        return assignments.filter(solution=solution).exists()
    return assignments.filter(solution__project=project).exists()


def visibilities_for(user, project: Project, solution: Solution | None = None) -> frozenset:
    """The visibilities whose documents the user may see on the project (or its solution):
    nothing if the project itself is hidden from them. Kept on the user for the request, so a
    page asks the database at most a few times whatever the number of documents."""
    cache = user.__dict__.setdefault("_helix_visibilities", {})
    key = (project.pk, solution.pk if solution else None)
    if key not in cache:
        cache[key] = _visibilities(user, project, solution)
    return cache[key]


def _visibilities(user, project: Project, solution: Solution | None) -> frozenset:
    if project.status == Project.Status.DRAFT and not user.has_perm("projects.view_draft", project):
        return NOTHING
    if not user.is_authenticated:
        return EVERYONE
    if is_government_staff(user) or role_in(user, project.organisation) in MANAGING_ROLES:
        return ALL
    if solution is not None and _in_consortium(user, solution):
        return ALL
    if _reads_as_reviewer(user, project, solution):
        return REVIEWERS
    return EVERYONE


def may_see(user, visibility: str, project: Project, solution: Solution | None = None) -> bool:
    return visibility in visibilities_for(user, project, solution)


def visible_attachments(user, subject) -> list[Attachment]:
    """The documents of a project or a solution that the user may see, in one query."""
    project = subject if isinstance(subject, Project) else subject.project
    solution = None if isinstance(subject, Project) else subject
    allowed = visibilities_for(user, project, solution)
    if not allowed:
        return []
    return list(Attachment.objects.of(subject).filter(visibility__in=allowed))


def _clean_name(filename: str, extension: str) -> str:
    """The name shown and offered on download: the uploader's, made safe, with the extension of
    the type found in the content (a "report.pdf" that is a PNG is offered as "report.png")."""
    stem = posixpath.basename(filename.replace("\\", "/")).rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFC", stem).strip()[:100]
    try:
        stem = get_valid_filename(stem)
    except SuspiciousFileOperation:  # "", "." or ".."
        stem = ""
    return f"{stem or _('document')}.{extension}"


@transaction.atomic
def attachment_add(*, subject, upload, visibility: str, by) -> Attachment:
    """Attach an uploaded file to a project or a solution, after checking its size and its type
    from its content; an image is stored re-encoded, without its metadata."""
    if isinstance(subject, Project):
        require(by, "evaluation.attach_to_project", subject)
        project, solution = subject, None
    else:
        require(by, "evaluation.attach_to_solution", subject)
        project, solution = subject.project, subject
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see the document.")})
    try:
        check_size(upload, max_bytes=settings.HELIX_ATTACHMENT_MAX_BYTES)
        kind = sniff(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    content = upload
    if kind.is_image:
        try:
            content = image_without_metadata(upload, kind)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
    name = _clean_name(upload.name or "", kind.extension)
    attachment = Attachment(
        project=project,
        solution=solution,
        name=name,
        content_type=kind.content_type,
        size=content.size,
        visibility=visibility,
        uploaded_by=by,
    )
    attachment.file.save(f"upload.{kind.extension}", content, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by) -> None:
    """Remove a document and its file (the file once the removal is committed)."""
    require(by, "evaluation.remove_attachment", attachment)
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    files_delete_on_commit(storage, [name])


@transaction.atomic
def attachment_set_visibility(*, attachment: Attachment, visibility: str, by) -> Attachment:
    require(by, "evaluation.remove_attachment", attachment)
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see the document.")})
    attachment.visibility = visibility
    attachment.save(update_fields=["visibility", "modified"])
    return attachment


@transaction.atomic
def cost_breakdown_save(*, solution: Solution, text: str, visibility: str, by) -> CostBreakdown:
    """Write the solution's cost breakdown (an empty text removes it)."""
    require(by, "evaluation.edit_cost_breakdown", solution)
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who may see the cost breakdown.")})
    text = text.strip()
    if len(text) > 5000:
        raise ValidationError({"text": _("At most 5,000 characters.")})
    if not text:
        CostBreakdown.objects.filter(solution=solution).delete()
        return CostBreakdown(solution=solution, text="", visibility=visibility)
    breakdown, _created = CostBreakdown.objects.update_or_create(
        solution=solution, defaults={"text": text, "visibility": visibility, "updated_by": by}
    )
    return breakdown
