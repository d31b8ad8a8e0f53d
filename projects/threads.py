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

import rules
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Comment

HEAD_TEMPLATE = "includes/comment_head.html"
ACTIONS_TEMPLATE = "includes/comment_actions.html"
TIMEOUT = 24 * 60 * 60
# Where the page's CSRF field goes in the cached controls: a comment our templates write and
# no text can (a comment's text is escaped in the controls).
CSRF_MARK = "<!--csrf-input-->"


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
    superuser: bool = False  # Django grants an active superuser every permission

    def may(self, permission: str, comment: Comment) -> bool:
        """`user.has_perm(permission, comment)`: the same rule, without walking the
        authentication backends (loaded afresh on each call) for every comment."""
        return self.superuser or rules.has_perm(permission, self.user, comment)

    def shows_text(self, comment: Comment) -> bool:
        return not comment.is_deleted and (not comment.is_hidden or self.can_moderate)

    def controls(self, comment: Comment) -> Controls | None:
        """The viewer's actions on a comment whose text they see; the rules decide each."""
        if not self.shows_text(comment):
            return None
        user = self.user
        return Controls(
            reply=self.can_comment,
            edit=self.may("projects.edit_comment", comment),
            delete=self.may("projects.delete_own_comment", comment),
            report=user.is_authenticated and comment.author_id != user.pk,
        )


def viewer_of(user, project) -> Viewer:
    return Viewer(
        user=user,
        can_comment=user.has_perm("projects.comment_project", project),
        can_moderate=user.has_perm("projects.hide_comment"),
        superuser=user.is_active and user.is_superuser,
    )


@dataclass(frozen=True)
class Step:
    """One step of the thread's walk: a comment (and whether replies open under it), or the
    end of the comment that the step `comment=None` closes."""

    comment: Comment | None
    label: str = ""
    head: str = ""
    actions: str = ""
    replies: bool = False


def _digest(*shown) -> str:
    return hashlib.md5(repr(shown).encode(), usedforsecurity=False).hexdigest()


def head_key(comment: Comment, *, moderator: bool, language: str) -> str:
    """Everything the comment's head shows that can change, and how it is shown."""
    digest = _digest(
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
    return f"projects:comment-head:{comment.pk}:{digest}"


def actions_key(comment: Comment, controls: Controls, *, comment_url: str, language: str) -> str:
    """The same for the viewer's controls: which ones, and what they show (the author's name in
    the reply's label, the text in the edit's)."""
    body = comment.body if controls.edit else ""
    digest = _digest(comment.pk, controls, comment_url, comment.author.public_name, body, language)
    return f"projects:comment-actions:{comment.pk}:{digest}"


def _label(comment: Comment) -> str:
    if comment.is_deleted:
        return _("Deleted comment")
    return _("Comment by %(name)s") % {"name": comment.author.public_name}


def _flatten(comments: Sequence[Comment]) -> Iterator[Comment | None]:
    for comment in comments:
        yield comment
        yield from _flatten(comment.thread_replies)
        yield None


def thread_steps(
    roots: Sequence[Comment], viewer: Viewer, *, comment_url: str, csrf_input: str
) -> list[Step]:
    """The thread (`selectors.comment_thread`) walked depth first, each comment with its head and
    the viewer's controls, both read from the cache in one round trip (the missing ones are
    rendered and stored). The controls are cached with a mark where the page's CSRF field goes:
    no token is ever stored."""
    walk = list(_flatten(roots))
    comments = [c for c in walk if c is not None]
    language = get_language()
    heads, actions, controls = {}, {}, {}
    for c in comments:
        heads[c.pk] = head_key(c, moderator=c.is_hidden and viewer.can_moderate, language=language)
        controls[c.pk] = viewer.controls(c)
        if controls[c.pk] is not None:
            actions[c.pk] = actions_key(
                c, controls[c.pk], comment_url=comment_url, language=language
            )
    found = cache.get_many([*heads.values(), *actions.values()])
    rendered = {}
    for c in comments:
        if heads[c.pk] not in found:
            context = {"comment": c, "can_moderate": viewer.can_moderate}
            rendered[heads[c.pk]] = get_template(HEAD_TEMPLATE).render(context)
        if c.pk in actions and actions[c.pk] not in found:
            context = {
                "comment": c,
                "controls": controls[c.pk],
                "comment_url": comment_url,
                "csrf_input": mark_safe(CSRF_MARK),
            }
            rendered[actions[c.pk]] = get_template(ACTIONS_TEMPLATE).render(context)
    if rendered:
        cache.set_many(rendered, TIMEOUT)
        found |= rendered
    steps, closing = [], []
    for comment in walk:
        if comment is None:
            steps.append(Step(comment=None, replies=closing.pop()))
            continue
        replies = bool(comment.thread_replies)
        closing.append(replies)
        # The HTML of our own templates, with this page's CSRF field in the controls' forms.
        action = found[actions[comment.pk]] if comment.pk in actions else ""
        steps.append(
            Step(
                comment=comment,
                label=_label(comment),
                head=mark_safe(found[heads[comment.pk]]),
                actions=mark_safe(action.replace(CSRF_MARK, csrf_input)),
                replies=replies,
            )
        )
    return steps
