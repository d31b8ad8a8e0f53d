"""A comment thread as one viewer sees it (the project and solution pages, the htmx answers).

The thread is read as rows (`selectors.comment_rows`), no model per comment. What it shows
everyone (each comment's author, date and text, or the placeholder of a hidden or deleted one)
is rendered once and kept in the shared cache, keyed on everything it shows: an edit, a
moderator's hiding, a renamed author or another language makes another key, so no process can
serve a stale one and nothing needs invalidating. Each comment's head is kept the same way, so
a new comment renders only its own. The kept thread carries a mark where each comment's
controls go; what the viewer may do with each comment (reply, edit, delete, report) is decided
by the same rules as the views, against a `Viewer` read once per page, and the controls' HTML
is kept too and put in place of the marks. One round trip reads the thread and the controls;
with the cache down everything is rendered (README "Performance").
"""

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import rules
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Comment

HEAD_TEMPLATE = "includes/comment_head.html"
ACTIONS_TEMPLATE = "includes/comment_actions.html"
TIMEOUT = 24 * 60 * 60
# Where the page's CSRF field goes in the cached controls: a comment our templates write and
# no text can (a comment's text is escaped in the controls).
CSRF_MARK = "<!--csrf-input-->"
LIST_TEMPLATE = "includes/comment_list.html"
# Where a comment's controls go in the kept thread: a comment no text can write either.
ACTIONS_MARK = "<!--comment-actions:%d-->"
ACTIONS_MARK_PATTERN = re.compile(r"<!--comment-actions:(\d+)-->")


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


def comment_of(row) -> Comment:
    """An unsaved comment holding a row of `selectors.comment_rows`, its author with the two
    fields their public name is made of: what the rules, the keys and the templates read."""
    (pk, parent_id, author_id, created, modified, edited_at, deleted_at, hidden_at) = row[:8]
    hidden_reason, body, body_html, author_name, author_active = row[8:]
    comment = Comment(
        id=pk,
        parent_id=parent_id,
        author_id=author_id,
        created=created,
        modified=modified,
        edited_at=edited_at,
        deleted_at=deleted_at,
        hidden_at=hidden_at,
        hidden_reason=hidden_reason,
        body=body,
        body_html=body_html,
    )
    comment.author = get_user_model()(
        id=author_id, display_name=author_name, is_active=author_active
    )
    return comment


def _nested(comments: Sequence[Comment]) -> list[Comment]:
    """The roots, each comment's replies under `thread_replies`."""
    by_id = {c.pk: c for c in comments}
    roots = []
    for comment in comments:
        comment.thread_replies = []
    for comment in comments:
        parent = by_id.get(comment.parent_id)
        (parent.thread_replies if parent else roots).append(comment)
    return roots


def _flatten(comments: Sequence[Comment]) -> Iterator[Comment | None]:
    for comment in comments:
        yield comment
        yield from _flatten(comment.thread_replies)
        yield None


def _kept_key(rows: Sequence[tuple], *, moderator: bool, language: str) -> str:
    """Everything the thread shows but the controls: every row's fields, whether a moderator
    reads the hidden texts, the language and the time zone."""
    digest = _digest(rows, moderator, language, timezone.get_current_timezone_name())
    return f"projects:comment-thread:{digest}"


def _render_thread(comments: Sequence[Comment], *, moderator: bool, language: str) -> str:
    """The thread walked depth first, each comment's head from the cache (the missing ones
    rendered and stored) and a mark where a viewer's controls go."""
    walk = list(_flatten(_nested(comments)))
    heads = {
        c.pk: head_key(c, moderator=c.is_hidden and moderator, language=language) for c in comments
    }
    found = cache.get_many(list(heads.values()))
    rendered = {}
    for c in comments:
        if heads[c.pk] not in found:
            context = {"comment": c, "can_moderate": moderator}
            rendered[heads[c.pk]] = get_template(HEAD_TEMPLATE).render(context)
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
        steps.append(
            Step(
                comment=comment,
                label=_label(comment),
                head=mark_safe(found[heads[comment.pk]]),
                actions=mark_safe(ACTIONS_MARK % comment.pk),
                replies=replies,
            )
        )
    return get_template(LIST_TEMPLATE).render({"thread": steps})


def thread_html(
    rows: Sequence[tuple], viewer: Viewer, *, comment_url: str, csrf_input: str
) -> SafeString:
    """The thread (`selectors.comment_rows`) as the viewer sees it. The thread without controls
    is kept in the shared cache under a key made of everything it shows, so it is the same for
    every viewer who reads it the same way (moderators apart); each comment's controls are
    decided by the rules for this viewer and their HTML read from the cache too (the missing
    ones rendered and stored), all in one round trip. The controls are cached with a mark where
    the page's CSRF field goes: no token is ever stored."""
    comments = [comment_of(row) for row in rows]
    language = get_language()
    kept_key = _kept_key(rows, moderator=viewer.can_moderate, language=language)
    controls, actions = {}, {}
    for c in comments:
        controls[c.pk] = viewer.controls(c)
        if controls[c.pk] is not None:
            actions[c.pk] = actions_key(
                c, controls[c.pk], comment_url=comment_url, language=language
            )
    found = cache.get_many([kept_key, *actions.values()])
    rendered = {}
    if kept_key not in found:
        rendered[kept_key] = _render_thread(
            comments, moderator=viewer.can_moderate, language=language
        )
    for c in comments:
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

    def controls_of(match: re.Match) -> str:
        # The HTML of our own templates, with this page's CSRF field in the controls' forms.
        pk = int(match.group(1))
        return found[actions[pk]].replace(CSRF_MARK, csrf_input) if pk in actions else ""

    return mark_safe(ACTIONS_MARK_PATTERN.sub(controls_of, found[kept_key]))
