"""A project's page as a visitor sees it, rendered once per language and kept until something
it shows changes.

Every visitor (not signed in) sees the same page below the site's header: the project, its
solutions, the discussion, the panels of matchmaking, insights, documents and follow-through,
with no control of anyone's. So it is rendered once and kept in the shared cache with the two
tokens it was built under:

- the project's own, replaced when anything of that project changes (`forget_project_page`):
  the project, its solutions, partners, comments, supports, follows, needs, matches, pledges,
  documents, milestones, updates, results and its insight;
- the shared one, replaced when something that many pages show changes
  (`forget_project_pages`): an organisation (its name, sector, verification, logo), a
  person's name, an offer, a tag, a refresh of many projects' matches.

The receivers that call them are connected in `helix/project_pages.py` (it sees every app);
writers that send no signal (the matches' and insights' bulk writes) call them directly. Each
replaces its token at once and again on commit (`core.cache.replace_tokens`). Signed-in
people's pages, with their own controls, are never kept whole.

With the cache down each visitor's page is built from the database, and a token's change lost
in an outage is deleted on recovery (core/cache.py). `TIMEOUT` bounds what a change outside
these (raw SQL, a restore) leaves stale, and the relative times a page shows ("3 minutes ago").

The parts of the page that show nobody's controls (the description and tags, the facts,
commitments, insights and history, matchmaking's panel for a person who cannot invite or edit
the needs) are kept under the same tokens for signed-in people too (`fragment_version`).
"""

import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.cache import current_token, replace_tokens

SHARED_TOKEN_KEY = "project-page:token"
TIMEOUT = 5 * 60


def token_key(project_id: int) -> str:
    """The project's token (a page that shows what changes on the project depends on it)."""
    return f"project-page:token:{project_id}"


def is_shared(request: HttpRequest) -> bool:
    """The page every visitor sees: not signed in, a plain GET (no query string)."""
    return request.method == "GET" and not request.GET and not request.user.is_authenticated


def forget_project_page(*project_ids: int) -> None:
    """Something these projects' pages show changed."""
    ids = {pk for pk in project_ids if pk}
    if ids:
        replace_tokens(*(token_key(pk) for pk in sorted(ids)))


def forget_project_pages(**kwargs) -> None:
    """Something many projects' pages show changed (a signal's receiver too)."""
    replace_tokens(SHARED_TOKEN_KEY)


def forget_pages_of(project_ids: Iterable[int] | None) -> None:
    """The given projects' pages, or every page when `project_ids` is None."""
    if project_ids is None:
        forget_project_pages()
    else:
        forget_project_page(*project_ids)


def fragment_version(project_id: int) -> str:
    """The version under which the parts of the page that show nobody's controls are kept
    (`{% cache %}` in the page's template): both tokens, or a new value each time while the
    cache is down (nothing kept then is ever served)."""
    own = token_key(project_id)
    found = cache.get_many([own, SHARED_TOKEN_KEY])
    tokens = (current_token(own, found), current_token(SHARED_TOKEN_KEY, found))
    return uuid.uuid4().hex if None in tokens else "-".join(tokens)


def visitor_body(project_id: int, build: Callable[[], str]) -> SafeString:
    """The visitor's body in the active language: from the cache while both tokens hold (one
    round trip for the tokens and the body), else `build()` and keep it."""
    key = f"project-page:body:{project_id}:{get_language()}"
    own = token_key(project_id)
    # The tokens are read before building: a change committed meanwhile replaces them.
    found = cache.get_many([own, SHARED_TOKEN_KEY, key])
    tokens = (current_token(own, found), current_token(SHARED_TOKEN_KEY, found))
    stored = found.get(key)
    if stored is not None and None not in tokens and stored[0] == tokens:
        return mark_safe(stored[1])
    body = build()
    if None not in tokens:
        cache.set(key, (tokens, str(body)), TIMEOUT)
    return mark_safe(body)
