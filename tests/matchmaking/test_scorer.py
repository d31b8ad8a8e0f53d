"""`Scorer`, the fast path of the refresh and the seed, gives exactly `score`'s value and reasons.

Random facts from a small vocabulary (so that pairs share tags, words and kinds of offer, and
some share nothing), several seeds: every pair is scored both ways and must be equal, to the
last bit of the score and the order of the quoted words.
"""

import random

import pytest

from matchmaking.scoring import (
    OfferFacts,
    OrganisationFacts,
    ProjectFacts,
    Scorer,
    build_corpus,
    rank,
    score,
)

_VOCABULARY = (
    "flood sensor sensors flooding river canal drainage traffic bus solar grid battery waste "
    "recycling air quality school training clinic water pipe leak street light camera park "
    "heat market data portal permit map ngập lụt cảm biến giao thông năng lượng rác thải "
    "trường học dữ liệu phường không khí bản đồ đê bao and the of va cua để"
)
WORDS = _VOCABULARY.split()
PUNCTUATION = [".", ",", ";", "(", ")", "\n"]
TAGS = [
    "hydrology", "GIS", "gis", "flood sensors", "Flood sensor", "IoT", "open data", "ngập lụt",
    "Ngap lut", "giao thông", "đô thị thông minh", "catering", "logistics", "!!!", "AI",
]  # fmt: skip
KINDS = ["testbed", "data", "funding", "mentoring", "equipment"]
DISTRICTS = ["thu-dau-mot", "di-an", "thuan-an", "ben-cat", "dau-tieng", "province"]
SECTORS = ["government", "enterprise", "academia", "community"]
THEMES = ["flooding-water", "health", "transport", "energy"]


def _text(rng: random.Random, n: int) -> str:
    return " ".join(
        rng.choice(PUNCTUATION) if rng.random() < 0.08 else rng.choice(WORDS) for _ in range(n)
    )


def _organisation(rng: random.Random, pk: int) -> OrganisationFacts:
    offers = tuple(
        OfferFacts(
            id=pk * 10 + i,
            kind=rng.choice(KINDS),
            title=_text(rng, 3),
            districts=tuple(rng.sample(DISTRICTS, rng.randrange(1, 3))),
        )
        for i in range(rng.randrange(4))
    )
    return OrganisationFacts(
        id=pk,
        sector=rng.choice(SECTORS),
        district=rng.choice(DISTRICTS[:-1]),
        text=_text(rng, rng.choice([0, 5, 30, 60])),
        tags=tuple(rng.sample(TAGS, rng.randrange(5))),
        offers=offers,
        past_themes=frozenset(rng.sample(THEMES, rng.randrange(3))),
        past_owner_sectors=frozenset(rng.sample(SECTORS, rng.randrange(3))),
        past_owners=frozenset(rng.sample(range(1, 61), rng.randrange(3))),
        sectors_wanted=tuple(rng.sample(SECTORS, rng.randrange(3))),
    )


def _project(rng: random.Random, pk: int) -> ProjectFacts:
    return ProjectFacts(
        id=pk,
        organisation_id=rng.randrange(1, 61),
        text=_text(rng, rng.choice([3, 20, 50])),
        tags=tuple(rng.sample(TAGS, rng.randrange(5))),
        sectors_sought=tuple(rng.sample(SECTORS, rng.randrange(4))),
        district=rng.choice(DISTRICTS),
        theme=rng.choice(THEMES),
        owner_sector=rng.choice(SECTORS),
        need_kinds=tuple(sorted(rng.sample(KINDS, rng.randrange(3)))),
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_scorer_gives_exactly_the_reference_score_and_reasons(seed):
    rng = random.Random(seed)
    organisations = [_organisation(rng, pk) for pk in range(1, 61)]
    projects = [_project(rng, pk) for pk in range(1, 41)]
    corpus = build_corpus(organisations)
    scorer = Scorer(corpus, organisations)
    kept = 0
    for project in projects:
        prepared = scorer.project(project)
        candidates = scorer.candidates(prepared)
        for organisation in organisations:
            expected = score(project, organisation, corpus)
            assert scorer.score(prepared, organisation.id) == expected
            if expected[0]:
                kept += 1
                assert organisation.id in candidates  # never left out by the index
    assert 300 < kept < 40 * 60  # the cases kept and the cases dropped are both exercised


def test_rank_is_the_reference_ranking():
    rng = random.Random(5)
    organisations = [_organisation(rng, pk) for pk in range(1, 61)]
    corpus = build_corpus(organisations)
    for project in (_project(rng, pk) for pk in range(1, 21)):
        expected = []
        for organisation in organisations:
            if organisation.id != project.organisation_id:
                value, reasons = score(project, organisation, corpus)
                if value:
                    expected.append((organisation, value, reasons))
        expected.sort(key=lambda row: (-row[1], row[0].id))
        assert rank(project, organisations, corpus) == expected
