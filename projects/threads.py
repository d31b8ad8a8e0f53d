"""A comment thread as one viewer sees it (the project and solution pages, the htmx answers).

What a comment shows everyone (its author, date and text, or the placeholder of a hidden or
deleted comment) is rendered once and kept in the shared cache, keyed on everything it shows:
an edit, a moderator's hiding, a renamed author or another language makes another key, so no
process can serve a stale one and nothing needs invalidating. The page fetches its comments'
parts in one round trip and renders only the missing ones; with the cache down it renders them
all. What the viewer may do with each comment (reply, edit, delete, report) is decided by the
same rules as the views, against a `Viewer` read once per page, and rendered with the whole
thread by one template (README "Performance").
"""

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Comment

HEAD_TEMPLATE = "includes/comment_head.html"
HEAD_TIMEOUT = 24 * 60 * 60


@dataclass(frozen=True)
class Controls:
    reply: bool
    edit: bool
    delete: bool
    report: bool


@dataclass(frozen=True)
class Viewer:
    """Who reads the thread, with what holds for every comment asked once (`viewer_of`)."""

    user: object
    can_comment: bool
    can_moderate: bool

    def shows_text(self, comment: Comment) -> bool:
        return not comment.is_deleted and (not comment.is_hidden or self.can_moderate)

    def controls(self, comment: Comment) -> Controls | None:
        """The viewer's actions on a comment whose text they see; the rules decide each."""
        if not self.shows_text(comment):
            return None
        user = self.user
        return Controls(
            reply=self.can_comment,
            edit=user.has_perm("projects.edit_comment", comment),
            delete=user.has_perm("projects.delete_own_comment", comment),
            report=user.is_authenticated and comment.author_id != user.pk,
        )


def viewer_of(user, project) -> Viewer:
    return Viewer(
        user=user,
        can_comment=user.has_perm("projects.comment_project", project),
        can_moderate=user.has_perm("projects.hide_comment"),
    )


@dataclass(frozen=True)
class Step:
    """One step of the thread's walk: a comment (and whether replies open under it), or the
    end of the comment that the step `comment=None` closes."""

    comment: Comment | None
    label: str = ""
    head: str = ""
    controls: Controls | None = None
    replies: bool = False


def head_key(comment: Comment, *, moderator: bool, language: str) -> str:
    """Everything the comment's head shows that can change, and how it is shown."""
    shown = (
        comment.pk,
        comment.modified,
        comment.edited_at,
        comment.deleted_at,
        comment.hidden_at,
        comment.hidden_reason,
        comment.author.public_name,
        comment.body_html,
        moderator,
        language,
        timezone.get_current_timezone_name(),
    )
    digest = hashlib.md5(repr(shown).encode(), usedforsecurity=False).hexdigest()
    return f"projects:comment-head:{comment.pk}:{digest}"


def _label(comment: Comment) -> str:
    if comment.is_deleted:
        return _("Deleted comment")
    return _("Comment by %(name)s") % {"name": comment.author.public_name}


def _flatten(comments: Sequence[Comment]) -> Iterator[Comment | None]:
    for comment in comments:
        yield comment
        yield from _flatten(comment.thread_replies)
        yield None


def thread_steps(roots: Sequence[Comment], viewer: Viewer) -> list[Step]:
    """The thread (`selectors.comment_thread`) walked depth first, each comment with its cached
    head and the viewer's controls."""
    walk = list(_flatten(roots))
    comments = [c for c in walk if c is not None]
    language = get_language()
    keys = {
        c.pk: head_key(c, moderator=c.is_hidden and viewer.can_moderate, language=language)
        for c in comments
    }
    heads = cache.get_many(list(keys.values()))
    missing = {keys[c.pk]: c for c in comments if keys[c.pk] not in heads}
    if missing:
        template = get_template(HEAD_TEMPLATE)
        rendered = {
            key: template.render({"comment": c, "can_moderate": viewer.can_moderate})
            for key, c in missing.items()
        }
        cache.set_many(rendered, HEAD_TIMEOUT)
        heads |= rendered
    steps, closing = [], []
    for comment in walk:
        if comment is None:
            steps.append(Step(comment=None, replies=closing.pop()))
            continue
        replies = bool(comment.thread_replies)
        closing.append(replies)
        steps.append(
            Step(
                comment=comment,
                label=_label(comment),
                head=mark_safe(heads[keys[comment.pk]]),  # the HTML our own template made
                controls=viewer.controls(comment),
                replies=replies,
            )
        )
    return steps
