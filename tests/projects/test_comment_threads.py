"""The comment thread of a project page (projects/threads.py): each comment's head is cached in
the shared cache, keyed on what it shows, and the viewer's controls are decided per page."""

import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from projects import services, threads
from projects.models import Comment
from tests.conftest import require
from tests.factories import CommentFactory, ProjectFactory, StaffFactory, UserFactory
from tests.integration.conftest import (
    BASE_DIR,
    POSTGRES_SCHEMES,
    postgres_answers,
    redis_answers,
    with_path,
)
from tests.test_cache import cache_at, cache_down  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    return ProjectFactory()


def page(client, project, language: str = "en") -> str:
    response = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def head_keys() -> list[str]:
    return [key for key in cache._cache if ":projects:comment-head:" in key]


def test_a_head_is_rendered_once_then_read_from_the_cache(client, project, monkeypatch):
    CommentFactory.create_batch(3, project=project)
    page(client, project)
    assert len(head_keys()) == 3

    rendered = []
    monkeypatch.setattr(threads, "get_template", lambda name: rendered.append(name))
    html = page(client, project)

    assert rendered == []  # every head came from the cache
    assert html.count("Ward 3 floods first.") == 3


def test_an_edit_shows_at_once(client, project):
    comment = CommentFactory(project=project)
    page(client, project)

    services.comment_edit(comment=comment, by=comment.author, body="The **canal** overflows.")
    html = page(client, project)

    assert "<strong>canal</strong>" in html
    assert "Ward 3 floods first." not in html
    assert "(edited)" in html


def test_a_change_made_without_the_services_shows_too(client, project):
    """The key holds the text itself: an update that forgets `modified` still shows. (To a
    signed-in person: a visitor's whole page is kept until a signal, tests/projects/
    test_page_cache.py.)"""
    comment = CommentFactory(project=project)
    client.force_login(UserFactory())
    page(client, project)

    Comment.objects.filter(pk=comment.pk).update(body_html="<p>Fixed by hand.</p>")

    assert "Fixed by hand." in page(client, project)


def test_a_renamed_author_shows_at_once(client, project):
    comment = CommentFactory(project=project, author=UserFactory(display_name="Lan"))
    client.force_login(UserFactory())  # a visitor's page follows the signals (test_page_cache)
    page(client, project)

    type(comment.author).objects.filter(pk=comment.author_id).update(display_name="Lan Nguyen")

    assert "<strong>Lan Nguyen</strong>" in page(client, project)


def test_a_hidden_comment_shows_its_text_to_moderators_only(client, project):
    comment = CommentFactory(project=project, body_html="<p>Rude words.</p>")
    services.comment_hide(comment=comment, by=StaffFactory(), reason="insults")

    assert "Rude words." not in page(client, project)
    client.force_login(StaffFactory())
    moderated = page(client, project)

    assert "Rude words." in moderated
    assert "Only moderators see the text below." in moderated


def test_a_deleted_comment_keeps_its_place_without_its_text(client, project):
    comment = CommentFactory(project=project, body_html="<p>Regrets.</p>")
    CommentFactory(project=project, parent=comment, body_html="<p>A reply stays.</p>")
    page(client, project)
    services.comment_delete(comment=comment, by=comment.author)

    html = page(client, project)

    assert "Regrets." not in html
    assert "Comment deleted" in html
    assert "A reply stays." in html


def test_each_language_has_its_own_head(client, project):
    CommentFactory(project=project, deleted_at=timezone.now())
    assert "Comment deleted" in page(client, project)

    vietnamese = page(client, project, "vi")

    assert "Comment deleted" not in vietnamese
    assert len(head_keys()) == 2


def test_replies_are_nested_under_their_comment(client, project):
    first = CommentFactory(project=project, body_html="<p>first</p>")
    reply = CommentFactory(project=project, parent=first, body_html="<p>reply</p>")
    CommentFactory(project=project, parent=reply, body_html="<p>deeper</p>")
    CommentFactory(project=project, body_html="<p>second</p>")

    html = page(client, project)

    thread = html[html.index('class="comment-list"') :]
    assert thread.count('<ol class="comment-list comment-list--replies">') == 2
    order = [thread.index(text) for text in ("first", "reply", "deeper", "second")]
    assert order == sorted(order)
    assert thread.count("<li ") == thread.count("</li>") == 4


def test_the_viewer_gets_their_own_controls_on_each_comment(client, project):
    person = UserFactory()
    own = CommentFactory(project=project, author=person)
    other = CommentFactory(project=project)
    client.force_login(person)

    html = page(client, project)

    assert f'id="edit-{own.pk}"' in html
    assert f'id="edit-{other.pk}"' not in html
    assert f'id="report-{other.pk}"' in html
    assert f'id="report-{own.pk}"' not in html
    assert f'id="reply-{own.pk}"' in html
    assert f'id="reply-{other.pk}"' in html


def kept_threads() -> list[str]:
    return [key for key in cache._cache if ":projects:comment-thread:" in key]


@pytest.mark.parametrize("first", ["author", "other"])
def test_the_kept_thread_carries_nobodys_controls(client, project, first):
    """One kept thread serves every viewer, each with their own controls, whoever came first."""
    author = UserFactory()
    own = CommentFactory(project=project, author=author)
    other = UserFactory()
    pages = {}
    for who in (first, "other" if first == "author" else "author"):
        client.force_login(author if who == "author" else other)
        pages[who] = page(client, project)

    assert len(kept_threads()) == 1
    assert f'id="edit-{own.pk}"' in pages["author"]
    assert f'id="report-{own.pk}"' not in pages["author"]
    assert f'id="edit-{own.pk}"' not in pages["other"]
    delete_url = reverse("projects:comment_delete", args=[own.pk])
    assert f'action="{delete_url}"' in pages["author"]
    assert f'action="{delete_url}"' not in pages["other"]
    assert f'id="report-{own.pk}"' in pages["other"]
    assert "comment-actions:" not in pages["author"] + pages["other"]  # every mark replaced


def test_a_new_comment_shows_to_the_next_viewer_of_a_kept_thread(client, project):
    CommentFactory(project=project)
    client.force_login(UserFactory())
    page(client, project)

    services.comment_create(subject=project, by=UserFactory(), body="A second opinion.")

    assert "A second opinion." in page(client, project)
    assert len(kept_threads()) == 2  # another key: the thread's rows changed


def test_moderators_keep_their_own_thread(client, project):
    """A moderator reads hidden texts: their kept thread is never a citizen's."""
    comment = CommentFactory(project=project, body_html="<p>Rude words.</p>")
    services.comment_hide(comment=comment, by=StaffFactory(), reason="insults")
    client.force_login(StaffFactory())
    assert "Rude words." in page(client, project)

    client.force_login(UserFactory())
    assert "Rude words." not in page(client, project)
    assert len(kept_threads()) == 2


def test_a_visitor_gets_no_controls(client, project):
    comment = CommentFactory(project=project)

    html = page(client, project)

    assert f'id="reply-{comment.pk}"' not in html
    assert f'id="report-{comment.pk}"' not in html
    assert 'class="comment__actions"' in html


# --- Query counts: visitor and signed in, 5 and 50 comments ----------------------------------


def count(client, project, django_assert_max_num_queries, most: int) -> tuple[int, int]:
    """Queries of the page with every head rendered, then with the heads (and a visitor's
    whole page) kept. Clearing the cache also drops a session read through it
    (core/sessions.py): the cold page reads the session's row once more, which is not the
    thread's doing."""
    cache.clear()
    with django_assert_max_num_queries(most) as cold:
        page(client, project)
    with django_assert_max_num_queries(most) as warm:
        page(client, project)
    return beyond_session(cold), beyond_session(warm)


def beyond_session(captured) -> int:
    return sum("django_session" not in query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize(("signed_in", "most"), [(False, 12), (True, 24)])
def test_the_page_costs_the_same_with_5_or_50_comments(
    client, project, signed_in, most, django_assert_max_num_queries
):
    author = UserFactory()
    if signed_in:
        client.force_login(author)

    def add(n: int) -> None:
        for i in range(n):
            parent = project.comments.last() if i % 4 == 3 else None
            by = {"author": author} if i % 3 else {}
            CommentFactory(project=project, parent=parent, **by)

    add(5)
    few = count(client, project, django_assert_max_num_queries, most)
    add(45)
    many = count(client, project, django_assert_max_num_queries, most)

    assert few == many
    cold, warm = many
    # A visitor's page is kept whole (its project's row only); for a signed-in person the
    # parts with nobody's controls are (projects/page_cache.py), the thread's heads cost none.
    if signed_in:
        assert warm < cold
    else:
        assert warm == 1
    assert project.comments.count() == 50


# --- Cache outage and a second process ---------------------------------------------------------


def test_the_thread_renders_right_with_the_cache_down(cache_down, client, project):  # noqa: F811
    person = UserFactory()
    own = CommentFactory(project=project, author=person, body_html="<p>Mine.</p>")
    CommentFactory(project=project, parent=own, body_html="<p>An answer.</p>")
    client.force_login(person)

    html = page(client, project)

    assert "Mine." in html
    assert "An answer." in html
    assert f'id="edit-{own.pk}"' in html
    assert cache_down.health()["degraded_operations"] > 0


EDIT_IN_ANOTHER_PROCESS = """
import django
django.setup()
from projects import services
from projects.models import Comment
comment = Comment.objects.select_related("author").get(pk={pk})
services.comment_edit(comment=comment, by=comment.author, body="Changed by another process.")
"""


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_edit_made_by_another_process_shows_on_this_ones_page(
    cache_at,  # noqa: F811
    client,
    project,
):
    """This process caches the heads in the shared Redis; another process edits the comment
    (as another web worker would); this process's next page shows the edit. Seen signed in:
    the other process's cache is its own here, and a visitor's whole page follows the token
    its receiver replaces in the shared Redis (tests/integration/test_home_two_processes.py)."""
    redis_url = os.environ.get("REDIS_URL", "")
    postgres_url = os.environ.get("DATABASE_URL", "")
    require(bool(redis_url) and redis_answers(redis_url), "REDIS_URL is not set or not answering")
    require(
        urlsplit(postgres_url).scheme in POSTGRES_SCHEMES and postgres_answers(postgres_url),
        "DATABASE_URL is not an answering PostgreSQL: the other process reads the test database",
    )
    cache_at(redis_url)
    comment = CommentFactory(project=project)
    client.force_login(UserFactory())
    assert "Ward 3 floods first." in page(client, project)
    assert head_keys_in_redis()

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "helix.settings_test",
        "PYTHONPATH": str(BASE_DIR),
        "DATABASE_URL": with_path(postgres_url, connection.settings_dict["NAME"]),
    }
    subprocess.run(
        [sys.executable, "-c", EDIT_IN_ANOTHER_PROCESS.format(pk=comment.pk)],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )

    html = page(client, project)
    assert "Changed by another process." in html
    assert "Ward 3 floods first." not in html


def head_keys_in_redis() -> list[bytes]:
    return list(cache._cache.get_client().scan_iter(match="*:projects:comment-head:*"))


def test_the_cached_controls_hold_no_csrf_token(client, project):
    """The controls are cached with a mark where each page puts its own CSRF field."""
    CommentFactory(project=project)
    client.force_login(UserFactory())
    html = page(client, project)

    token = client.cookies["csrftoken"].value
    stored = [cache.get(key.split(":", 2)[2]) for key in actions_keys()]
    assert stored
    assert all(threads.CSRF_MARK in value for value in stored)
    assert not any(token in value or "csrfmiddlewaretoken" in value for value in stored)
    assert threads.CSRF_MARK not in html
    assert html.count('name="csrfmiddlewaretoken"') >= 3  # reply, report, new comment


def actions_keys() -> list[str]:
    return [key for key in cache._cache if ":projects:comment-actions:" in key]


@pytest.mark.parametrize("who", ["anonymous", "author", "other", "moderator", "superuser"])
def test_the_viewers_controls_agree_with_has_perm(project, who):
    """The viewer asks the rules once per comment, without the backends: same answers."""
    from django.contrib.auth.models import AnonymousUser

    author = UserFactory()
    comments = [
        CommentFactory(project=project, author=author),
        CommentFactory(project=project, author=author, hidden_at=timezone.now()),
        CommentFactory(project=project, author=author, deleted_at=timezone.now()),
        CommentFactory(project=project),
    ]
    user = {
        "anonymous": AnonymousUser(),
        "author": author,
        "other": UserFactory(),
        "moderator": StaffFactory(),
        "superuser": UserFactory(is_superuser=True),
    }[who]
    viewer = threads.viewer_of(user, project)

    for comment in comments:
        for permission in ("projects.edit_comment", "projects.delete_own_comment"):
            assert viewer.may(permission, comment) == user.has_perm(permission, comment)
