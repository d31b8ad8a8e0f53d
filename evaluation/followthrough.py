"""Follow-through after the decision (issue 15, §3): every write of milestones, updates and
results, and the reads the pages, the API and the webhooks share.

Each service checks its rule (`followthrough_permissions.py`), validates, saves, renders the
Markdown with the site's sanitiser and announces what happened (`signals.py`) inside its
transaction, for notifications and webhooks.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from accounts.models import User
from core.images import files_delete_on_commit
from core.permissions import require
from projects.markdown import render_markdown
from projects.models import Project, Solution

from . import signals
from .models import Milestone, ProjectResults, ProjectUpdate

MILESTONE_FIELDS = ("title", "description", "due_on", "status", "progress")
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


# --- Images ----------------------------------------------------------------------------------


def clean_image(upload) -> ContentFile:
    """The uploaded image re-encoded by Pillow from its pixels only: its type read from the
    content (never the name), EXIF, GPS, comments and any trailing bytes dropped."""
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError({"image": _("The image is larger than 5 MB.")})
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            if kind not in IMAGE_FORMATS:
                raise ValidationError({"image": _("Upload a PNG, JPEG or WebP image.")})
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise ValidationError({"image": _("The image has too many pixels.")})
            image.load()
            mode = "RGBA" if kind != "JPEG" and "A" in image.getbands() else "RGB"
            pixels = image.convert(mode)
            clean = Image.new(mode, pixels.size)
            clean.paste(pixels)
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError({"image": _("This file is not an image Helix can read.")}) from error
    out = io.BytesIO()
    clean.save(out, format=kind)
    return ContentFile(out.getvalue(), name=f"image.{IMAGE_FORMATS[kind]}")


# --- Milestones ------------------------------------------------------------------------------


def _check_milestone(fields: dict) -> None:
    progress = fields.get("progress")
    if progress is not None and not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage, from 0 to 100.")})
    if fields.get("status") not in (None, *Milestone.Status.values):
        raise ValidationError({"status": _("Unknown status.")})


def _normalise_done(milestone: Milestone) -> None:
    """Done means 100 %; 100 % means done."""
    if milestone.status == Milestone.Status.DONE:
        milestone.progress = 100
    elif milestone.progress == 100:
        milestone.status = Milestone.Status.DONE


@transaction.atomic
def milestone_create(*, project: Project, by: User, **fields) -> Milestone:
    require(by, "evaluation.keep_milestones", project)
    _check_milestone(fields)
    milestone = Milestone(project=project, created_by=by, **fields)
    _normalise_done(milestone)
    milestone.full_clean(exclude=["project", "created_by"])
    milestone.save()
    signals.milestone_changed.send(Milestone, milestone=milestone, created=True, by=by)
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, by: User, **fields) -> Milestone:
    require(by, "evaluation.keep_milestones", milestone.project)
    _check_milestone(fields)
    changed = [name for name in MILESTONE_FIELDS if name in fields]
    for name in changed:
        setattr(milestone, name, fields[name])
    _normalise_done(milestone)
    milestone.full_clean(exclude=["project", "created_by"])
    milestone.save()
    signals.milestone_changed.send(Milestone, milestone=milestone, created=False, by=by)
    return milestone


@transaction.atomic
def milestone_delete(*, milestone: Milestone, by: User) -> None:
    require(by, "evaluation.keep_milestones", milestone.project)
    milestone.delete()


# --- Updates ---------------------------------------------------------------------------------


@transaction.atomic
def update_post(
    *, project: Project, by: User, title: str, body: str, image=None, image_alt: str = ""
) -> ProjectUpdate:
    require(by, "evaluation.post_update", project)
    if image is not None and not image_alt.strip():
        raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})
    update = ProjectUpdate(project=project, author=by, title=title, body=body, image_alt=image_alt)
    update.full_clean(exclude=["project", "author", "image"])
    update.body_html = render_markdown(body)
    if image is not None:
        clean = clean_image(image)
        update.image.save(clean.name, clean, save=False)
    update.save()
    signals.update_posted.send(ProjectUpdate, update=update, by=by)
    return update


@transaction.atomic
def update_edit(
    *, update: ProjectUpdate, by: User, title: str, body: str, image_alt: str | None = None
) -> ProjectUpdate:
    """Correct a posted update: its text, and its image's description (the image stays).
    Followers were told when it was posted; a correction is not news, so nothing is sent."""
    require(by, "evaluation.post_update", update.project)
    update.title, update.body = title, body
    fields = ["title", "body", "body_html", "modified"]
    if image_alt is not None:
        if update.image and not image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )
        update.image_alt = image_alt
        fields.append("image_alt")
    update.full_clean(exclude=["project", "author", "image"])
    update.body_html = render_markdown(body)
    update.save(update_fields=fields)
    return update


@transaction.atomic
def update_delete(*, update: ProjectUpdate, by: User) -> None:
    """Remove a posted update and its image (the file once the removal is committed)."""
    require(by, "evaluation.post_update", update.project)
    storage, name = update.image.storage, update.image.name
    update.delete()
    files_delete_on_commit(storage, [name])


# --- Results ---------------------------------------------------------------------------------


def results_solution_choices(project: Project):
    """What a project may say it carried out: its selected solutions."""
    return project.solutions.filter(status=Solution.Status.SELECTED).order_by("pk")


@transaction.atomic
def results_record(
    *,
    project: Project,
    by: User,
    delivered: str,
    lessons: str = "",
    budget_used_vnd: int | None = None,
    solutions=(),
) -> ProjectResults:
    """Record (or correct) what a completed project delivered."""
    require(by, "evaluation.record_results", project)
    allowed = set(results_solution_choices(project).values_list("pk", flat=True))
    chosen = {solution.pk for solution in solutions}
    if chosen - allowed:
        raise ValidationError({"solutions": _("Only the project's selected solutions.")})
    results = ProjectResults.objects.select_for_update().filter(project=project).first()
    results = results or ProjectResults(project=project)
    results.delivered, results.lessons = delivered, lessons
    results.budget_used_vnd, results.by = budget_used_vnd, by
    results.full_clean(exclude=["project", "by", "solutions"])
    results.delivered_html = render_markdown(delivered)
    results.lessons_html = render_markdown(lessons)
    results.save()
    results.solutions.set(chosen)
    signals.results_recorded.send(ProjectResults, results=results, by=by)
    return results


# --- Reads -----------------------------------------------------------------------------------


@dataclass
class Timeline:
    milestones: list[Milestone]
    updates: list[ProjectUpdate]
    results: ProjectResults | None

    @property
    def progress(self) -> int | None:
        """The overall progress: the mean of the milestones' (each counts the same)."""
        if not self.milestones:
            return None
        return round(sum(m.progress for m in self.milestones) / len(self.milestones))

    @property
    def done(self) -> int:
        return sum(m.status == Milestone.Status.DONE for m in self.milestones)


def timeline_of(project: Project) -> Timeline:
    """A project's milestones, updates and results in three queries, whatever their number."""
    results = (
        ProjectResults.objects.filter(project=project)
        .prefetch_related("solutions__lead_organisation")
        .first()
        if project.status == Project.Status.COMPLETED
        else None
    )
    return Timeline(
        milestones=list(Milestone.objects.filter(project=project)),
        updates=list(ProjectUpdate.objects.filter(project=project).select_related("author")),
        results=results,
    )


def with_results() -> Q:
    """On projects: completed, with results recorded (the list's "with results" filter)."""
    return Q(status=Project.Status.COMPLETED) & Q(
        pk__in=ProjectResults.objects.values("project_id")
    )
