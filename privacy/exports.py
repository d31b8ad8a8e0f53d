"""What "Download my data" holds: everything the person wrote and their memberships, as JSON."""

import json

from allauth.account.models import EmailAddress
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from api.models import ApiKey
from core.emails import queue_templated_email
from core.links import site_url
from organisations.models import Membership, MembershipRequest
from projects.models import Comment, Follow, Project, Report, Solution, Vote

from .models import DataExport


def _subject(row) -> dict:
    if row.project_id:
        return {"project": row.project.slug, "solution": None}
    return {"project": row.solution.project.slug, "solution": row.solution_id}


def personal_data(user) -> dict:
    """Everything Helix holds that the person wrote or that is about them."""
    comments = (
        Comment.objects.filter(author=user)
        .select_related("project", "solution__project")
        .prefetch_related("revisions")
        .order_by("created", "pk")
    )
    votes = Vote.objects.filter(user=user).select_related("project", "solution__project")
    reports = Report.objects.filter(reporter=user).order_by("created")
    return {
        "generated_at": timezone.now(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user)
            ],
            "second_factor": user.has_second_factor,
        },
        "memberships": [
            {
                "organisation": m.organisation.slug,
                "organisation_name": m.organisation.name,
                "role": m.role,
                "since": m.created,
            }
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "membership_requests": [
            {
                "organisation": r.organisation.slug,
                "message": r.message,
                "status": r.status,
                "created": r.created,
                "decided_at": r.decided_at,
            }
            for r in MembershipRequest.objects.filter(user=user).select_related("organisation")
        ],
        "projects_created": [
            {"slug": p.slug, "title": p.title, "status": p.status, "created": p.created}
            for p in Project.objects.filter(created_by=user).order_by("created")
        ],
        "solutions": [
            {
                "id": s.pk,
                "project": s.project.slug,
                "title": s.title,
                "summary": s.summary,
                "description": s.description,
                "lead_organisation": s.lead_organisation.slug if s.lead_organisation else None,
                "status": s.status,
                "created": s.created,
            }
            for s in Solution.objects.filter(lead_user=user).select_related(
                "project", "lead_organisation"
            )
        ],
        "comments": [
            {
                "id": c.pk,
                **_subject(c),
                "reply_to": c.parent_id,
                "body": c.body,
                "created": c.created,
                "edited_at": c.edited_at,
                "deleted_at": c.deleted_at,
                "hidden_at": c.hidden_at,
                "earlier_versions": [
                    {"body": r.body, "until": r.created} for r in c.revisions.all()
                ],
            }
            for c in comments
        ],
        "supports": [{**_subject(v), "sector": v.sector, "created": v.created} for v in votes],
        "follows": [
            {"project": f.project.slug, "created": f.created}
            for f in Follow.objects.filter(user=user).select_related("project")
        ],
        "reports": [
            {
                "comment": r.comment_id,
                "solution": r.solution_id,
                "reason": r.reason,
                "status": r.status,
                "created": r.created,
            }
            for r in reports
        ],
        "api_keys_created": [
            {
                "organisation": k.organisation.slug,
                "name": k.name,
                "scope": k.scope,
                "created": k.created,
                "revoked_at": k.revoked_at,
            }
            for k in ApiKey.objects.filter(created_by=user).select_related("organisation")
        ],
    }


@transaction.atomic
def data_export_build(*, export_id) -> DataExport | None:
    """Fill the copy and email its link to its person. Safe to run twice (a ready copy stays)."""
    export = (
        DataExport.objects.select_for_update().select_related("user").filter(pk=export_id).first()
    )
    if export is None or export.status == DataExport.Status.READY:
        return export
    user = export.user
    export.content = json.dumps(
        personal_data(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )
    export.status = DataExport.Status.READY
    export.ready_at = timezone.now()
    export.save(update_fields=["content", "status", "ready_at"])
    transaction.on_commit(
        lambda: queue_templated_email(
            template_prefix="privacy/email/data_ready",
            to=user.email,
            language=user.preferred_language,
            context={
                "user": user,
                "url": site_url(reverse("privacy:download", kwargs={"pk": export.pk})),
                "expires_at": export.expires_at,
            },
        )
    )
    return export


def data_exports_purge() -> int:
    """Delete the copies whose link has expired."""
    deleted, _by_model = DataExport.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
