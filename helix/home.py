"""The home page's body, the same for every viewer, cached until something it shows changes.

Below the greeting (which differs for a visitor and a signed-in person) the home page shows
only public figures and cards: counts of open projects and solutions, the latest open projects
and solutions with their counters, partners and leads, the verified organisations by sector and
the latest verified ones with their expertise, and the insights' two charts. It is rendered
once and kept in the shared cache with the token it was built under; any change to what it
shows replaces the token (`forget_home`, connected in `HelixConfig.ready`), so every process
builds it afresh at once (a thumbnail written by its task too: `core.images.thumbnail_written`).
The charts' own cache follows the insights' tallies' token.

With the cache down, each request builds the body from the database, as before. A token's
change lost in an outage is deleted on recovery (core/cache.py), and `HOME_TIMEOUT` bounds the
staleness of what changes outside these signals (raw SQL, a restore).
"""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from taggit.models import TaggedItem

from core.cache import current_token, replace_tokens
from core.images import thumbnail_written
from insights import selectors as insights
from organisations import signals as organisation_signals
from organisations.models import Organisation, Sector
from projects.cards import project_cards
from projects.models import Comment, ConsortiumPartner, Project, Solution, Vote

HOME_TOKEN_KEY = "home:token"
HOME_TIMEOUT = 10 * 60
# Rows whose saving or deletion can change the body: the cards' subjects and their counters
# (supports, comments, solutions), partners, leads, tags and expertise.
SHOWN_MODELS = (Project, Solution, Organisation, ConsortiumPartner, Vote, Comment, TaggedItem)
# A person's saves that change nothing shown (signing in writes last_login).
UNSHOWN_USER_FIELDS = frozenset({"last_login", "password"})


def forget_home(**kwargs) -> None:
    """What the body shows changed (a signal's receiver)."""
    replace_tokens(HOME_TOKEN_KEY)


def _user_saved(*, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= UNSHOWN_USER_FIELDS:
        return
    forget_home()


def connect() -> None:
    for model in SHOWN_MODELS:
        post_save.connect(forget_home, sender=model, dispatch_uid=f"home_{model.__name__}_save")
        post_delete.connect(forget_home, sender=model, dispatch_uid=f"home_{model.__name__}_delete")
    user = get_user_model()
    post_save.connect(_user_saved, sender=user, dispatch_uid="home_user_save")
    post_delete.connect(forget_home, sender=user, dispatch_uid="home_user_delete")
    # Verification is written with update(): no post_save.
    organisation_signals.organisation_verified.connect(forget_home, dispatch_uid="home_verified")
    organisation_signals.organisation_unverified.connect(
        forget_home, dispatch_uid="home_unverified"
    )
    # Covers and logos: their thumbnails are recorded with update() by a task.
    thumbnail_written.connect(forget_home, dispatch_uid="home_thumbnail")


def _build(request: HttpRequest, at_a_glance: str) -> str:
    by_sector = dict(Organisation.objects.verified().values_list("sector").annotate(n=Count("id")))
    open_projects = Project.objects.filter(status=Project.Status.OPEN)
    # Solutions are proposed to open projects only, so none belongs to a draft.
    solutions = Solution.objects.exclude(status=Solution.Status.WITHDRAWN)
    return render_to_string(
        "includes/home_body.html",
        {
            "sectors": [(value, label, by_sector.get(value, 0)) for value, label in Sector.choices],
            "recent_organisations": Organisation.objects.verified()
            .with_listing_data()
            .order_by("-verified_at")[:6],
            "open_project_count": open_projects.count(),
            "solution_count": solutions.count(),
            "open_project_cards": project_cards(
                list(open_projects.with_listing_data().order_by("-published_at")[:6])
            ),
            "latest_solutions": solutions.with_listing_data().order_by("-created")[:6],
            "at_a_glance": at_a_glance,
        },
        request=request,
    )


def home_body(request: HttpRequest, at_a_glance) -> SafeString:
    """The body in the active language: from the cache while its token holds (one round trip
    for both tokens and the body), else built and stored. `at_a_glance()` gives the charts."""
    key = f"home:body:{get_language()}"
    # The tokens are read before building: a change committed meanwhile replaces them.
    found = cache.get_many([HOME_TOKEN_KEY, insights.TOKEN_KEY, key])
    tokens = (current_token(HOME_TOKEN_KEY, found), current_token(insights.TOKEN_KEY, found))
    stored = found.get(key)
    if stored is not None and tokens[0] is not None and stored[0] == tokens:
        return mark_safe(stored[1])
    body = _build(request, at_a_glance())
    if tokens[0] is not None:
        cache.set(key, (tokens, body), HOME_TIMEOUT)
    return mark_safe(body)
